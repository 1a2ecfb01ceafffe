// Opens a table file staff give Pasker (.csv, .txt, .tsv, .xlsx, .json) and
// reads it with a TableSpec: any kind of row (vacancies, job fairs, training
// programmes) goes through here, so every import takes the same files.

import fs from 'node:fs';
import path from 'node:path';
import { decodeText, readCsvTable, readJsonTable, readTable, type Cell, type TableRead, type TableSpec } from '../domain/table-file.ts';
import { InputError } from '../errors.ts';

export interface TableFileOptions {
  /** The key of the list in a JSON object ({"vacancies": [...]}). */
  jsonListKey: string;
  /** The column that identifies a row, named in refusals. */
  keyColumn?: string;
}

/** The kinds of file Pasker reads, by name ending. */
export const TABLE_FILE_TYPES = ['.csv', '.txt', '.tsv', '.xlsx', '.json'] as const;

/**
 * Reads `file` as a table of `spec`'s rows. A file that is missing,
 * unreadable or of a kind Pasker does not read throws InputError naming it;
 * a file that is read but wrong comes back as { ok: false, problem }.
 */
export async function readTableFile(file: string, spec: TableSpec, options: TableFileOptions): Promise<TableRead> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xls') throw new InputError(`${file}: this is the old Excel format (.xls); open it in Excel and save it as .xlsx or as "CSV UTF-8"`);
  if (!(TABLE_FILE_TYPES as readonly string[]).includes(ext)) throw new InputError(`${file}: Pasker reads ${TABLE_FILE_TYPES.join(', ')} files; save it as one of these`);
  const bytes = readBytes(file);
  if (ext === '.xlsx') return readWorkbook(bytes, spec, options);
  const decoded = decodeText(bytes);
  if (!decoded) return { ok: false, problem: `this is not a text file${bytes[0] === 0x50 && bytes[1] === 0x4b ? ' (it looks like an Excel workbook: name it .xlsx)' : ''}` };
  const badLine = decoded.encoding === 'Windows-1252' ? controlCharacterLine(decoded.text) : 0;
  if (badLine) return { ok: false, problem: `line ${badLine} has characters that are neither UTF-8 nor Windows-1252; save the file as "CSV UTF-8" and import it again` };
  const read = ext === '.json' ? readJsonTable(decoded.text, spec, options.jsonListKey, options.keyColumn) : readCsvTable(decoded.text, spec, options.keyColumn);
  if (read.ok && decoded.encoding !== 'UTF-8') {
    read.notes.push(`as ${decoded.encoding}, not UTF-8${decoded.encoding === 'Windows-1252' ? ' (as Excel on Windows saves CSV); check that names with accents look right' : ''}`);
  }
  return read;
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file; check the name and the folder`);
    if (code === 'EISDIR') throw new InputError(`${file}: this is a folder; give the file inside it`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${file}: Pasker may not read this file (permission denied)`);
    throw err;
  }
}

async function readWorkbook(bytes: Buffer, spec: TableSpec, options: TableFileOptions): Promise<TableRead> {
  const { readSheet } = await import('read-excel-file/node');
  let data: Cell[][];
  try {
    // Formulas are not evaluated: a cell gives the value Excel saved with it.
    data = (await readSheet(bytes, 1)) as unknown as Cell[][];
  } catch (err) {
    return { ok: false, problem: `cannot be read as an Excel workbook (${(err as Error).message}); open it in Excel and save it again as .xlsx` };
  }
  const read = readTable(data.map((cells, i) => ({ line: i + 1, cells })), spec, options.keyColumn);
  if (read.ok) read.notes.push('the first sheet of the workbook; line numbers are its row numbers');
  return read;
}

// A C1 control character means the bytes were not Windows-1252 text either.
function controlCharacterLine(text: string): number {
  const i = text.search(/[\u0080-\u009f]/);
  return i < 0 ? 0 : text.slice(0, i).split('\n').length;
}
