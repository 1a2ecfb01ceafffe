// Reading an uploaded vacancy file for the preview: the same rules as
// `pasker import vacancies`, row by row, nothing stored until staff confirm.

import path from 'node:path';
import type { Region } from '../domain/region.ts';
import { parseVacancyFile, type ParsedFile } from '../domain/vacancy-import.ts';

/** An uploaded file as the multipart parser leaves it in the form's body. */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** Turns a file part into an UploadedFile (the `onFile` of @fastify/multipart). */
export async function readFilePart(part: { filename: string; toBuffer(): Promise<Buffer>; value?: unknown }): Promise<void> {
  part.value = { name: part.filename.split(/[\\/]/).pop() || 'berkas', bytes: await part.toBuffer() } satisfies UploadedFile;
}

/** The file types the upload page takes. */
export const UPLOAD_TYPES = ['.csv', '.json'];

/** Parses an uploaded file by its name's extension; an unreadable file is one refusal on line 0. */
export function parseUpload(fileName: string, bytes: Buffer, options: { region: Region; timeZone: string; now: Date }): ParsedFile {
  const ext = path.extname(fileName).toLowerCase();
  if (!UPLOAD_TYPES.includes(ext)) return { rows: [], errors: [{ line: 0, sourceId: null, reason: `berkas harus berakhiran ${UPLOAD_TYPES.join(' atau ')}` }] };
  return parseVacancyFile(bytes.toString('utf8'), ext === '.csv' ? 'csv' : 'json', { ...options, defaultSource: 'import' });
}
