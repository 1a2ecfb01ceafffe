// Reading the tables staff keep (CSV from any Excel locale, spreadsheets,
// JSON) into rows keyed by column name, whatever the kind of row: the
// encoding, the separator, the column names people really type (Indonesian
// or English) and cells that are spreadsheet formulas are handled here once,
// so vacancies, job fairs and training programmes import by the same rules.

import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { editDistance, fold } from './text.ts';

/** One column a kind of row knows: its name in Pasker and the other names people give it. */
export interface ColumnSpec {
  name: string;
  /** Other headers meaning this column ("judul", "Nama Perusahaan"); compared after folding case, accents and punctuation. */
  aliases?: readonly string[];
  /** The column must be in the file (its cells may still be empty where the kind of row allows). */
  required?: boolean;
}

/** The columns of one kind of row, and what a row is called in messages. */
export interface TableSpec {
  /** "vacancy", "job fair": used in messages ("has no vacancy rows"). */
  rowName: string;
  columns: readonly ColumnSpec[];
}

/** A cell as a spreadsheet gives it. */
export type Cell = string | number | boolean | Date | null | undefined;

/** A row with its values by column name (empty cells are ""), and the line or sheet row it came from. */
export interface TableRow {
  line: number;
  values: Record<string, string>;
}

/** A row refused while reading, before its values are checked. */
export interface RowProblem {
  line: number;
  /** The row's own key when it has one (for messages). */
  key: string | null;
  reason: string;
}

export type TableRead =
  | {
      ok: true;
      rows: TableRow[];
      /** Rows refused while reading (a formula instead of text). */
      refused: RowProblem[];
      /** How the file was read ("separated by ;", "Windows-1252"), said to staff. */
      notes: string[];
      /** Things staff should fix but that did not stop the import (an unknown column). */
      warnings: string[];
    }
  | { ok: false; problem: string };

/** A decoded text file and the encoding it turned out to be. */
export interface DecodedText {
  text: string;
  encoding: 'UTF-8' | 'UTF-16' | 'Windows-1252';
}

/**
 * Decodes a text file: UTF-8 (with or without a byte-order mark), UTF-16
 * with a byte-order mark (Excel's "Unicode text"), and otherwise
 * Windows-1252, the superset of Latin-1 that Excel on Windows writes as "CSV".
 * Returns null for a file that is not text at all.
 */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // A NUL byte never appears in a text table; a zip (xlsx) or other binary file has many.
  if (body.subarray(0, 4096).includes(0)) return null;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'Windows-1252' };
  }
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F (€, curly quotes, dashes). Node's TextDecoder
// gives Latin-1 there, so those bytes are mapped here; the five unassigned ones stay control characters.
const CP1252_80_9F = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 bytes as text; each byte is one character, so a file can be decoded a part at a time. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const part = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(part, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b)));
  }
  return out;
}

const SEPARATORS = [',', ';', '\t', '|'] as const;
const SEPARATOR_NAMES: Record<string, string> = { ',': 'commas (,)', ';': 'semicolons (;)', '\t': 'tabs', '|': 'bars (|)' };

/** The separator of a CSV text: the one that splits its first line (outside quotes) into the most cells. */
export function detectSeparator(text: string): string {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  let best: string = ',';
  let bestCount = 0;
  for (const sep of SEPARATORS) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === sep && !quoted) count++;
    }
    if (count > bestCount) [best, bestCount] = [sep, count];
  }
  return best;
}

/** A header as compared with names and aliases: "Nama Perusahaan*" and "nama_perusahaan" are the same. */
export function headerKey(header: string): string {
  return fold(header.replace(/\(.*?\)|\*/g, ' ')).replace(/ /g, '_');
}

/**
 * True when a cell holds a spreadsheet formula rather than text: it starts
 * with "=", or with "+", "-" or "@" followed by a function call, a cell
 * reference or a DDE command. A phone number ("+62 812-3456-7890"), a negative
 * number ("-5"), a list item ("- Datang langsung") or a handle ("@pt_maju")
 * is text.
 */
export function isFormula(value: string): boolean {
  const v = value.trimStart();
  if (v.startsWith('=')) return v.length > 1;
  if (!/^[+\-@]/.test(v)) return false;
  const rest = v.slice(1).trimStart();
  return /^[A-Za-z_][\w.]*\s*\(/.test(rest) || /^\$?[A-Za-z]{1,3}\$?\d+\b/.test(rest) || /[|!]/.test(rest) || /^[+\-=@]/.test(rest);
}

/** A cell as text: numbers as written, dates as 2026-12-31, yes/no in Indonesian. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'ya' : 'tidak';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(12)));
  return cell.trim();
}

/** Rows of cells (first = column names) as read from a CSV text; throws TableError with the line. */
export function csvCells(text: string, separator: string): Array<{ line: number; cells: Cell[] }> {
  let records: CsvRecord[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), csvParseOptions(separator)) as unknown as CsvRecord[];
  } catch (err) {
    throw csvTableError(err);
  }
  return records.map(csvLines());
}

/** A record as csv-parse gives it with `info: true`. */
export interface CsvRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** How every CSV is parsed, whole or as a stream. */
export const csvParseOptions = (separator: string) => ({ delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as const;

/** Turns the records of one CSV, in order, into rows of cells with the line each starts on. */
export function csvLines(): (r: CsvRecord) => { line: number; cells: Cell[] } {
  // info.lines is the line a record ends on; empty lines skipped before it are counted in info.empty_lines.
  let previousEnd = 0;
  let previousEmpty = 0;
  return ({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, cells: record };
  };
}

/** A CSV parser's error as a TableError that says the line; any other error as it is. */
export function csvTableError(err: unknown): unknown {
  if (!(err instanceof CsvError)) return err;
  const line = (err as CsvError & { lines?: number }).lines;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return new TableError(`a quote (") that opens a cell is never closed: check the quotes on line ${line ?? '?'} and the lines above it`);
  return new TableError(`line ${line ?? '?'}: ${err.message}`);
}

/** What staff are told about a separator other than the comma. */
export const separatorNote = (separator: string): string | null => (separator === ',' ? null : `columns separated by ${SEPARATOR_NAMES[separator]}`);

/** A table that cannot be read at all; the message says where and why. */
export class TableError extends Error {}

/**
 * Turns rows of cells (the first holding column names) into rows keyed by
 * `spec`'s column names. Unknown columns are named as a warning (with the
 * nearest known name), a missing required column or two columns meaning
 * the same refuse the whole table, and a row with a formula cell is refused.
 */
export function readTable(sheet: Array<{ line: number; cells: Cell[] }>, spec: TableSpec, keyColumn?: string, options: { keepEmptyRows?: boolean } = {}): TableRead {
  const nonEmpty = sheet.filter((r, i) => (options.keepEmptyRows && i > 0) || !isEmptyRow(r.cells));
  if (!nonEmpty.length) return { ok: false, problem: EMPTY_TABLE };
  const [header, ...body] = nonEmpty;
  const columns = readHeader(header!, spec);
  if (!columns.ok) return columns;
  if (!body.length) return { ok: false, problem: noRows(spec) };
  const rows: TableRow[] = [];
  const refused: RowProblem[] = [];
  for (const r of body) {
    const row = columns.row(r, keyColumn);
    if ('reason' in row) refused.push(row);
    else rows.push(row);
  }
  return { ok: true, rows, refused, notes: [], warnings: columns.warnings };
}

/** The problem of a table without any row, not even column names. */
export const EMPTY_TABLE = 'the file is empty: the first line must name the columns, and each line after it is one row';

/** The problem of a table with column names and nothing below them. */
export const noRows = (spec: TableSpec): string => `the file has column names but no ${spec.rowName} rows below them`;

/** True for a row of cells that are all empty (skipped, as a blank line is). */
export const isEmptyRow = (cells: Cell[]): boolean => cells.every((c) => cellText(c) === '');

/** A table's columns as its first row names them, and how a row of cells becomes a row or a refusal. */
export type TableColumns =
  | { ok: true; warnings: string[]; row: (r: { line: number; cells: Cell[] }, keyColumn?: string) => TableRow | RowProblem }
  | { ok: false; problem: string };

/**
 * Reads the row of column names once, so that the rows below it can be read
 * one batch at a time (a file too large to hold in memory is read this way).
 */
export function readHeader(header: { line: number; cells: Cell[] }, spec: TableSpec): TableColumns {
  const byKey = new Map<string, string>();
  for (const c of spec.columns) for (const n of [c.name, ...(c.aliases ?? [])]) byKey.set(headerKey(n), c.name);

  const columnAt = new Map<number, string>();
  const firstAt = new Map<string, number>();
  const warnings: string[] = [];
  for (const [i, cell] of header.cells.entries()) {
    const raw = cellText(cell);
    if (!raw) continue;
    const name = byKey.get(headerKey(raw));
    if (!name) {
      warnings.push(`column "${raw}" is not one Pasker knows, so it was left out${suggest(raw, byKey)}`);
      continue;
    }
    const earlier = firstAt.get(name);
    if (earlier !== undefined) {
      return { ok: false, problem: `line ${header.line}: columns ${columnLetter(earlier)} ("${cellText(header.cells[earlier])}") and ${columnLetter(i)} ("${raw}") both mean ${name}; keep one of them` };
    }
    firstAt.set(name, i);
    columnAt.set(i, name);
  }
  if (!columnAt.size) {
    const names = spec.columns.filter((c) => c.required).map((c) => c.name);
    return { ok: false, problem: `line ${header.line} names none of the columns Pasker knows; the first line must hold column names such as ${names.slice(0, 4).join(', ')} (see the README for every name)` };
  }
  const missing = spec.columns.filter((c) => c.required && !firstAt.has(c.name));
  if (missing.length) {
    return { ok: false, problem: `line ${header.line}: missing column(s): ${missing.map((c) => (c.aliases?.length ? `${c.name} (or ${c.aliases[0]})` : c.name)).join(', ')}` };
  }
  const row = (r: { line: number; cells: Cell[] }, keyColumn?: string): TableRow | RowProblem => {
    const values: Record<string, string> = Object.fromEntries(spec.columns.map((c) => [c.name, '']));
    const formulas: string[] = [];
    for (const [i, name] of columnAt) {
      const text = cellText(r.cells[i]);
      if (isFormula(text)) formulas.push(`${name} "${shorten(text)}" is a spreadsheet formula, not text: type the text itself (or paste as values)`);
      values[name] = text;
    }
    if (formulas.length) return { line: r.line, key: keyColumn ? values[keyColumn] || null : null, reason: formulas.join('; ') };
    return { line: r.line, values };
  };
  return { ok: true, warnings, row };
}

/** Reads a CSV text with `spec`: the separator is detected and said. */
export function readCsvTable(text: string, spec: TableSpec, keyColumn?: string): TableRead {
  const separator = detectSeparator(text);
  let cells;
  try {
    cells = csvCells(text, separator);
  } catch (err) {
    if (err instanceof TableError) return { ok: false, problem: err.message };
    throw err;
  }
  const read = readTable(cells, spec, keyColumn);
  const note = separatorNote(separator);
  if (read.ok && note) read.notes.push(note);
  return read;
}

/** Rows of a JSON array of objects (or an object holding one under `listKey`), keys matched like headers. */
export function readJsonTable(text: string, spec: TableSpec, listKey: string, keyColumn?: string): TableRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `not valid JSON: ${(err as Error).message}` };
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as Record<string, unknown>)[listKey] : undefined;
  if (!Array.isArray(list)) return { ok: false, problem: `expected an array of ${spec.rowName} objects, or an object with a "${listKey}" array` };
  if (!list.length) return { ok: false, problem: `the file holds no ${spec.rowName} rows` };
  const lines = objectStartLines(text);
  const keys = [...new Set(list.flatMap((o) => (o && typeof o === 'object' ? Object.keys(o as object) : [])))];
  const sheet: Array<{ line: number; cells: Cell[] }> = [{ line: 1, cells: keys }];
  list.forEach((o, i) => {
    const obj = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
    sheet.push({ line: lines[i] ?? i + 1, cells: keys.map((k) => jsonCell(obj[k])) });
  });
  // An object without any value is still a row, refused with its line.
  return readTable(sheet, spec, keyColumn, { keepEmptyRows: true });
}

function jsonCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => String(x)).join(';');
  return JSON.stringify(v);
}

// Line numbers where each element of the top-level array starts.
function objectStartLines(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      if (ch === '{' && depth === arrayDepth + 1 && arrayDepth >= 0) starts.push(line);
      if (ch === '[' && arrayDepth < 0) arrayDepth = depth;
      depth++;
    } else if (ch === ']' || ch === '}') depth--;
  }
  return starts;
}

function suggest(raw: string, byKey: Map<string, string>): string {
  const key = headerKey(raw);
  let best: { name: string; d: number } | null = null;
  for (const [k, name] of byKey) {
    const d = editDistance(key, k, 2);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best ? ` (did you mean ${best.name}?)` : '';
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** "A", "B", ... "AA": how a spreadsheet names column `i` (0-based). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
