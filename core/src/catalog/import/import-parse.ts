import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { errors } from '../../errors.ts';
import { columnOf, importColumns, type ImportColumnKey } from './import-columns.ts';

export const MAX_IMPORT_ROWS = 10_000;

/** A data row as read: its number as the user sees it (the header is row 1) and its cells by column. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<ImportColumnKey, string>>;
}

export interface Sheet {
  /** The header text each column had in the file, for error messages. */
  headers: Partial<Record<ImportColumnKey, string>>;
  rows: SheetRow[];
}

/** Reads an uploaded CSV or XLSX file; refuses the file as a whole when it cannot be read. */
export async function readSheet(bytes: Buffer): Promise<Sheet> {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return toSheet(await readXlsx(bytes));
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw errors.LS_INPUT_UNSUPPORTED_FILE('Old .xls files are not supported: save the sheet as .xlsx or .csv', { field: 'file' });
  }
  return toSheet(readCsv(bytes));
}

/** Excel in China saves CSV as GBK; anything that is not valid UTF-8 is read as GB18030, its superset. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer): { row: number; cells: string[] }[] {
  let records: string[][];
  try {
    records = parse(decodeText(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw errors.LS_INPUT_INVALID(`The CSV file cannot be read: ${(error as Error).message}`, { field: 'file', cause: error });
  }
  // One record is one row in the user's spreadsheet, even when a quoted cell spans lines.
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

async function readXlsx(bytes: Buffer): Promise<{ row: number; cells: string[] }[]> {
  // Loaded on first use: exceljs and its zip libraries are a tenth of the server's memory, for an occasional import.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw errors.LS_INPUT_INVALID('The XLSX file cannot be read', { field: 'file', cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw errors.LS_INPUT_INVALID('The workbook has no sheet', { field: 'file' });
  const rows: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    rows.push({ row: row.number, cells });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // toPrecision(15) drops float noise a formula leaves (0.30000000000000004 → 0.3).
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  return '';
}

function toSheet(records: { row: number; cells: string[] }[]): Sheet {
  const [header, ...data] = records;
  if (!header) throw errors.LS_INPUT_INVALID('The file is empty', { field: 'file' });
  const headers: Sheet['headers'] = {};
  const indexes: [ImportColumnKey, number][] = [];
  header.cells.forEach((text, i) => {
    const key = columnOf(text);
    if (key && headers[key] === undefined) {
      headers[key] = text.trim();
      indexes.push([key, i]);
    }
  });
  const missing = importColumns.filter((column) => 'required' in column && headers[column.key] === undefined);
  if (missing.length > 0) {
    throw errors.LS_INPUT_INVALID(`The header row lacks ${missing.map((c) => c.header).join(', ')}`, { field: 'file' });
  }
  const rows: SheetRow[] = [];
  for (const record of data) {
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    const cells: SheetRow['cells'] = {};
    for (const [key, i] of indexes) cells[key] = (record.cells[i] ?? '').trim();
    rows.push({ row: record.row, cells });
  }
  if (rows.length === 0) throw errors.LS_INPUT_INVALID('The file has no data rows', { field: 'file' });
  if (rows.length > MAX_IMPORT_ROWS) throw errors.LS_INPUT_INVALID(`At most ${MAX_IMPORT_ROWS} rows per file`, { field: 'file' });
  return { headers, rows };
}
