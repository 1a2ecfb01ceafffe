// Opens a table file staff give Pasker (.csv, .txt, .tsv, .xlsx, .json) and
// reads it with a TableSpec: any kind of row (vacancies, job fairs, training
// programmes) goes through here, so every import takes the same files.

import fs from 'node:fs';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { parse as parseCsvStream } from 'csv-parse';
import {
  csvLines, csvParseOptions, csvTableError, decodeText, decodeWindows1252, detectSeparator, EMPTY_TABLE, isEmptyRow, noRows, readCsvTable, readHeader, readJsonTable, readTable,
  separatorNote, TableError, type Cell, type CsvRecord, type DecodedText, type RowProblem, type TableColumns, type TableRead, type TableRow, type TableSpec,
} from '../domain/table-file.ts';
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
  const ext = fileType(file);
  const bytes = readBytes(file);
  if (ext === '.xlsx') return readWorkbook(bytes, spec, options);
  const decoded = decodeText(bytes);
  if (!decoded) return { ok: false, problem: `this is not a text file${bytes[0] === 0x50 && bytes[1] === 0x4b ? ' (it looks like an Excel workbook: name it .xlsx)' : ''}` };
  const badLine = decoded.encoding === 'Windows-1252' ? controlCharacterLine(decoded.text) : 0;
  if (badLine) return { ok: false, problem: `line ${badLine} has characters that are neither UTF-8 nor Windows-1252; save the file as "CSV UTF-8" and import it again` };
  const read = ext === '.json' ? readJsonTable(decoded.text, spec, options.jsonListKey, options.keyColumn) : readCsvTable(decoded.text, spec, options.keyColumn);
  if (read.ok && decoded.encoding !== 'UTF-8') {
    read.notes.push(encodingNote(decoded.encoding));
  }
  return read;
}

/** A table file read a batch of rows at a time: what reading it found, and its rows to go through once or more. */
export interface TableBatches {
  ok: true;
  /** Rows in the file below the column names, refused ones included. */
  rows: number;
  notes: string[];
  warnings: string[];
  /** The rows in file order, `batchSize` at a time (the file is read again each time this is called). */
  batches(): AsyncIterable<TableBatch>;
}

export interface TableBatch {
  rows: TableRow[];
  refused: RowProblem[];
}

/**
 * Reads `file` as readTableFile does, with the same refusals and notes, but
 * holds only one batch of rows at a time: a CSV file is read through once
 * to check it (nothing is stored from a file that is refused as a whole)
 * and again for its rows. JSON and .xlsx files are parsed whole (JSON.parse
 * and read-excel-file take the whole file) and then handed out in batches.
 */
export async function readTableFileInBatches(file: string, spec: TableSpec, options: TableFileOptions, batchSize = 500): Promise<TableBatches | { ok: false; problem: string }> {
  const ext = fileType(file);
  if (ext === '.xlsx' || ext === '.json') {
    const read = await readTableFile(file, spec, options);
    if (!read.ok) return read;
    return {
      ok: true, rows: read.rows.length + read.refused.length, notes: read.notes, warnings: read.warnings,
      async *batches() {
        // Refused rows are handed out with the rows around them, as a CSV's are.
        const all = [...read.rows, ...read.refused].sort((a, b) => a.line - b.line);
        for (let i = 0; i < all.length; i += batchSize) yield split(all.slice(i, i + batchSize));
      },
    };
  }
  const sniffed = sniffText(file);
  if ('problem' in sniffed) return { ok: false, problem: sniffed.problem };
  const { encoding } = sniffed;
  // The first reading: the whole file must parse and have known columns and a row before anything is stored.
  let checked: { separator: string; warnings: string[]; rows: number };
  try {
    const csv = await csvFileCells(file, encoding);
    let columns: TableColumns | null = null;
    let rows = 0;
    for await (const r of csv.cells) {
      if (isEmptyRow(r.cells)) continue;
      if (!columns) {
        columns = readHeader(r, spec);
        if (!columns.ok) return columns;
      } else rows++;
    }
    if (!columns?.ok) return { ok: false, problem: EMPTY_TABLE };
    if (!rows) return { ok: false, problem: noRows(spec) };
    checked = { separator: csv.separator, warnings: columns.warnings, rows };
  } catch (err) {
    if (err instanceof TableError) return { ok: false, problem: err.message };
    throw err;
  }
  const notes = [separatorNote(checked.separator), encoding === 'UTF-8' ? null : encodingNote(encoding)].filter((n): n is string => n !== null);
  return {
    ok: true, rows: checked.rows, notes, warnings: checked.warnings,
    async *batches() {
      const csv = await csvFileCells(file, encoding);
      let columns: TableColumns | null = null;
      let batch: Array<TableRow | RowProblem> = [];
      for await (const r of csv.cells) {
        if (isEmptyRow(r.cells)) continue;
        if (!columns) columns = readHeader(r, spec);
        else if (columns.ok) batch.push(columns.row(r, options.keyColumn));
        if (batch.length >= batchSize) {
          yield split(batch);
          batch = [];
        }
      }
      if (batch.length) yield split(batch);
    },
  };
}

function split(rows: Array<TableRow | RowProblem>): TableBatch {
  const batch: TableBatch = { rows: [], refused: [] };
  for (const r of rows) {
    if ('reason' in r) batch.refused.push(r);
    else batch.rows.push(r);
  }
  return batch;
}

function encodingNote(encoding: DecodedText['encoding']): string {
  return `as ${encoding}, not UTF-8${encoding === 'Windows-1252' ? ' (as Excel on Windows saves CSV); check that names with accents look right' : ''}`;
}

function fileType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xls') throw new InputError(`${file}: this is the old Excel format (.xls); open it in Excel and save it as .xlsx or as "CSV UTF-8"`);
  if (!(TABLE_FILE_TYPES as readonly string[]).includes(ext)) throw new InputError(`${file}: Pasker reads ${TABLE_FILE_TYPES.join(', ')} files; save it as one of these`);
  return ext;
}

const READ_SIZE = 64 * 1024;

/**
 * The encoding of a text file, found as decodeText finds it but reading the
 * file a part at a time: UTF-16 by its byte-order mark, UTF-8 when every
 * byte of the file is valid UTF-8, else Windows-1252.
 */
function sniffText(file: string): { encoding: DecodedText['encoding'] } | { problem: string } {
  const fd = openFile(file);
  try {
    const head = Buffer.alloc(4096 + 3);
    const headLength = fs.readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, headLength);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'UTF-16' };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'UTF-16' };
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    // A NUL byte never appears in a text table; a zip (xlsx) or other binary file has many.
    if (bytes.subarray(bom, bom + 4096).includes(0)) return { problem: `this is not a text file${bytes[0] === 0x50 && bytes[1] === 0x4b ? ' (it looks like an Excel workbook: name it .xlsx)' : ''}` };
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const part = Buffer.alloc(READ_SIZE);
    let utf8Ok = true;
    let line = 1;
    let controlLine = 0;
    for (let at = bom; ; ) {
      const n = fs.readSync(fd, part, 0, part.length, at);
      const chunk = part.subarray(0, n);
      if (utf8Ok) {
        try {
          utf8.decode(chunk, { stream: n > 0 });
        } catch {
          utf8Ok = false;
        }
      }
      // Bytes that are no character in Windows-1252 either (they decode to C1 control characters).
      for (let i = 0; i < n && !controlLine; i++) {
        const b = chunk[i]!;
        if (b === 0x0a) line++;
        else if (b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) controlLine = line;
      }
      if (!n) break;
      at += n;
    }
    if (utf8Ok) return { encoding: 'UTF-8' };
    if (controlLine) return { problem: `line ${controlLine} has characters that are neither UTF-8 nor Windows-1252; save the file as "CSV UTF-8" and import it again` };
    return { encoding: 'Windows-1252' };
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a file as it is read, decoded as `encoding` (without its byte-order mark). */
async function* textParts(file: string, encoding: DecodedText['encoding']): AsyncGenerator<string> {
  const fd = openFile(file);
  const head = Buffer.alloc(3);
  const headLength = fs.readSync(fd, head, 0, 3, 0);
  fs.closeSync(fd);
  const bigEndian = encoding === 'UTF-16' && head[0] === 0xfe;
  // As decodeText: a UTF-8 byte-order mark is left out whichever 8-bit encoding the rest turns out to be.
  const bom = encoding === 'UTF-16' ? 2 : headLength === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const decoder = encoding === 'Windows-1252' ? null : new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : bigEndian ? 'utf-16be' : 'utf-16le');
  let first = true;
  for await (const chunk of fs.createReadStream(file, { start: bom, highWaterMark: READ_SIZE }) as AsyncIterable<Buffer>) {
    let text = decoder ? decoder.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder?.decode() ?? '';
  if (rest) yield rest;
}

/**
 * A CSV file's rows of cells as they are parsed, and its separator, found
 * (as readCsvTable finds it) from its first line that is not blank.
 */
async function csvFileCells(file: string, encoding: DecodedText['encoding']): Promise<{ separator: string; cells: AsyncIterable<{ line: number; cells: Cell[] }> }> {
  const parts = textParts(file, encoding);
  let head = '';
  let ended = false;
  const hasFirstLine = () => head.split(/\r?\n/).slice(0, -1).some((l) => l.trim());
  while (!hasFirstLine()) {
    const next = await parts.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  const separator = detectSeparator(head);
  async function* text(): AsyncGenerator<Buffer> {
    if (head) yield Buffer.from(head);
    if (ended) return;
    for await (const part of parts) yield Buffer.from(part);
  }
  const parser = parseCsvStream(csvParseOptions(separator));
  // Errors of reading or parsing end the iteration below with that error.
  pipeline(Readable.from(text()), parser, () => {});
  async function* cells(): AsyncGenerator<{ line: number; cells: Cell[] }> {
    const toLine = csvLines();
    try {
      for await (const record of parser as AsyncIterable<CsvRecord>) yield toLine(record);
    } catch (err) {
      throw csvTableError(err);
    }
  }
  return { separator, cells: cells() };
}

function openFile(file: string): number {
  try {
    const fd = fs.openSync(file, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    }
    return fd;
  } catch (err) {
    throw fileError(file, err);
  }
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw fileError(file, err);
  }
}

function fileError(file: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`${file}: no such file; check the name and the folder`);
  if (code === 'EISDIR') return new InputError(`${file}: this is a folder; give the file inside it`);
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`${file}: Pasker may not read this file (permission denied)`);
  return err;
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
