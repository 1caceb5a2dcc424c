/**
 * Formula injection (CSV/XLSX): text that a spreadsheet would read as a formula — a child named
 * `=HYPERLINK("http://…"&B2,"…")`, a spending note starting with `=`, `+`, `-` or `@`, or a cell starting
 * with a tab or a carriage return — leaves every export as inert text, prefixed with an apostrophe
 * (OWASP's advice; Excel and LibreOffice show the text, never run it).
 *
 * One rule for every writer: `safeText` for a text value, `csvField`/`csvLine` for CSV, and
 * `neutralizeWorkbook` (src/documents/xlsx) applies `safeText` to every text cell of a workbook.
 * Numbers written as numbers stay numbers (−5 is a number, not text); only text is escaped.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet could take the text for a formula. */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text, made inert for a spreadsheet when it starts like a formula. */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: numbers as they are, text escaped for formulas and quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = safeText(value);
  return /[",;\n\r\t]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (comma-separated). */
export function csvLine(values: (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',');
}
