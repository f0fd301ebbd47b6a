export type CsvValue = string | number | boolean | null | undefined;

/** What a spreadsheet reads as the start of a formula (or, for tab and CR, strips before looking for one). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field of a CSV record (RFC 4180): quoted when it holds a comma, double quote, CR or LF, with quotes
 * doubled. Text starting with = + - @ tab or CR gets a leading single quote so a spreadsheet shows it as text
 * instead of running it. Numbers and booleans are written as they are; null and undefined as an empty field.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 has it. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
