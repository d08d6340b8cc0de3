/**
 * The one way Fengqiao writes a cell of a CSV or XLSX file (report exports, import templates, anything else).
 * Text that a spreadsheet would read as a formula — starting with = + - @, a tab or a carriage return — is
 * neutralised by a leading apostrophe (OWASP "CSV injection"): a dispute type named `=cmd|' /C calc'!A0` arrives
 * as the text `'=cmd|' /C calc'!A0`. Numbers stay numbers (a negative change is still -0.05, not text).
 */
import type ExcelJS from "exceljs";

export type CellValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as it may be written into a spreadsheet cell. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell's value made safe: strings neutralised, everything else unchanged. */
export function safeCell<T extends CellValue>(value: T): T | string {
  return typeof value === "string" ? safeText(value) : value;
}

/** One CSV field (RFC 4180): empty for null, quoted when it holds a quote, comma or line break. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  const s = typeof value === "string" ? safeText(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: CellValue[]): string {
  return cells.map(csvField).join(",");
}

/** A CSV file as Excel in China opens it: UTF-8 with a BOM, CRLF line ends. */
export function csvDocument(rows: CellValue[][]): string {
  return `\uFEFF${rows.map(csvLine).join("\r\n")}\r\n`;
}

/** Adds a row to a worksheet with every text cell neutralised. */
export function addSafeRow(ws: ExcelJS.Worksheet, values: CellValue[]): ExcelJS.Row {
  return ws.addRow(values.map((v) => safeCell(v)));
}
