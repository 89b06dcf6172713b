import { importColumns } from './import-columns.ts';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const exampleRows = importColumns[0].example.map((_, i) => importColumns.map((column) => column.example[i] ?? ''));

/** The CSV template: a BOM so that Excel opens it as UTF-8, the header and three example rows. */
export function csvTemplate(): Buffer {
  const lines = [importColumns.map((column) => column.header), ...exampleRows].map((cells) => cells.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The XLSX template: the same sheet (codes kept as text, so leading zeros survive) and a 说明 sheet. */
export async function xlsxTemplate(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('商品');
  sheet.columns = importColumns.map((column) => ({
    header: column.header, key: column.key, width: Math.max(12, column.header.length * 3),
    ...(column.key === 'barcode' || column.key === 'code' ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of exampleRows) sheet.addRow(row);
  const notes = workbook.addWorksheet('说明');
  notes.columns = [{ header: '列', key: 'header', width: 14 }, { header: '说明', key: 'note', width: 90 }];
  for (const column of importColumns) notes.addRow({ header: column.header, note: column.note });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
