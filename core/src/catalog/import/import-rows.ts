import { specKeyOf } from '../specs.ts';
import { importColumns, type ImportColumnKey } from './import-columns.ts';
import type { Sheet, SheetRow } from './import-parse.ts';

/** One bad row, as the job reports it: the row number the user sees, the column header, what is wrong. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A row whose cells all parsed. Blank optional cells are null: "not given". */
export interface ImportRow {
  row: number;
  name: string;
  categoryPath: string[];
  /** [name, value] pairs in the order written. */
  spec: [string, string][];
  specKey: string;
  barcode: string | null;
  code: string | null;
  priceFen: number;
  costFen: number | null;
  weighed: boolean | null;
  unit: string | null;
  labels: string[] | null;
  /** Thousandths of the written figure: pieces × 1000, or grams for weighed goods. */
  stockMilli: number | null;
}

/** Thrown while checking a row; the column is named by its key until the row reports it. */
class CellError extends Error {
  constructor(readonly column: ImportColumnKey, message: string) {
    super(message);
  }
}

export function headerOf(headers: Sheet['headers'], column: ImportColumnKey): string {
  return headers[column] ?? importColumns.find((c) => c.key === column)!.header;
}

const codePattern = /^[0-9A-Za-z_-]{1,40}$/;
const specPart = /^[^\s:;|]([^:;|]*[^\s:;|])?$/;

/**
 * A decimal with at most `places` decimals as an exact integer of 10^-places units, read from
 * the text and never through a float (`19.99` yuan → 1999 fen).
 */
export function parseDecimal(text: string, places: number, max: number): number | null {
  const match = new RegExp(`^(\\d{1,12})(?:\\.(\\d{0,${places}}))?$`).exec(text);
  if (!match) return null;
  const value = Number(match[1]) * 10 ** places + Number((match[2] ?? '').padEnd(places, '0'));
  return value <= max ? value : null;
}

function money(cells: SheetRow['cells'], column: 'price' | 'cost', required: boolean): number | null {
  const text = (cells[column] ?? '').replace(/^[¥￥]/, '').replace(/,/g, '');
  if (text === '') {
    if (required) throw new CellError(column, 'A price is required');
    return null;
  }
  const fen = parseDecimal(text, 2, 1_000_000_000_000);
  if (fen === null) throw new CellError(column, `${text} is not an amount in yuan with at most 2 decimals`);
  return fen;
}

function optionalCode(cells: SheetRow['cells'], column: 'barcode' | 'code'): string | null {
  const text = cells[column] ?? '';
  if (text === '') return null;
  if (!codePattern.test(text)) throw new CellError(column, 'Use 1–40 letters, digits, - or _');
  return text;
}

function parseSpec(text: string): [string, string][] {
  if (text === '') return [];
  const pairs = text.replace(/：/g, ':').replace(/；/g, ';').split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [name = '', value = '', ...rest] = part.split(':').map((s) => s.trim());
    if (rest.length > 0 || !specPart.test(name) || !specPart.test(value) || name.length > 10 || value.length > 20) {
      throw new CellError('spec', `Write specs as 颜色:红;尺码:M (names ≤ 10, values ≤ 20 characters)`);
    }
    return [name, value] as [string, string];
  });
  if (pairs.length > 3) throw new CellError('spec', 'At most 3 specs');
  if (new Set(pairs.map(([name]) => name)).size !== pairs.length) throw new CellError('spec', 'A spec is named twice');
  return pairs;
}

function parseWeighed(text: string): boolean | null {
  if (text === '') return null;
  if (/^(是|y|yes|true|1)$/i.test(text)) return true;
  if (/^(否|n|no|false|0)$/i.test(text)) return false;
  throw new CellError('weighed', 'Write 是 or 否');
}

function parseLabels(text: string): string[] | null {
  if (text === '') return null;
  const labels = [...new Set(text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean))];
  if (labels.length > 10 || labels.some((label) => label.length > 10)) {
    throw new CellError('labels', 'At most 10 labels of at most 10 characters');
  }
  return labels;
}

function parseCategory(text: string): string[] {
  const path = text.split(/[/>＞]/).map((s) => s.trim()).filter(Boolean);
  if (path.length > 5 || path.some((name) => name.length > 40)) throw new CellError('category', 'At most 5 levels of at most 40 characters');
  return path;
}

/** Checks one row's cells; a row either parses whole or reports its first bad cell. */
export function parseRow(sheet: Sheet, { row, cells }: SheetRow): ImportRow | RowError {
  try {
    const name = cells.name ?? '';
    if (name === '' || name.length > 60) throw new CellError('name', 'A name of 1–60 characters is required');
    const spec = parseSpec(cells.spec ?? '');
    const unit = cells.unit || null;
    if (unit && unit.length > 8) throw new CellError('unit', 'At most 8 characters');
    const stockText = cells.stock ?? '';
    const stockMilli = stockText === '' ? null : parseDecimal(stockText, 3, 1_000_000_000_000);
    if (stockMilli === null && stockText !== '') throw new CellError('stock', `${stockText} is not a quantity (at most 3 decimals)`);
    return {
      row, name, categoryPath: parseCategory(cells.category ?? ''), spec, specKey: specKeyOf(Object.fromEntries(spec)),
      barcode: optionalCode(cells, 'barcode'), code: optionalCode(cells, 'code'),
      priceFen: money(cells, 'price', true)!, costFen: money(cells, 'cost', false),
      weighed: parseWeighed(cells.weighed ?? ''), unit, labels: parseLabels(cells.labels ?? ''), stockMilli,
    };
  } catch (error) {
    if (error instanceof CellError) return { row, field: headerOf(sheet.headers, error.column), message: error.message };
    throw error;
  }
}

export function isRowError(value: ImportRow | RowError): value is RowError {
  return 'message' in value;
}
