/**
 * CSV as RFC 4180 describes it: comma separated, CRLF line ends, a field in double quotes when it
 * holds a comma, a quote, a line break or surrounding spaces, with quotes doubled inside.
 * Text that a spreadsheet would run as a formula (=, +, -, @ at the start) gets a leading
 * apostrophe (OWASP's advice against CSV injection): case data comes partly from schools.
 */
export type CsvValue = string | number | boolean | null | undefined | readonly string[];

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = Array.isArray(value) ? value.join(';') : (value as string);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line of the column names, then a line per row; every line ends in CRLF. */
export function toCsv<R extends Record<string, CsvValue>>(columns: readonly (keyof R & string)[], rows: readonly R[]): string {
  const lines = [columns.map(csvField), ...rows.map((r) => columns.map((c) => csvField(r[c])))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}
