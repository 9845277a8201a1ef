/**
 * The one CSV field writer (RFC 4180, comma-delimited): a field is quoted, its quotes doubled, when
 * it holds a quote, a comma, CR or LF — or starts or ends with whitespace, which Excel and many
 * readers would otherwise trim. Used for the CLI's CSV output, the rejected-rows download and the
 * CSV an Excel sheet is converted to before it is loaded (DuckDB reads a quoted field verbatim,
 * spaces included, as it reads an unquoted one).
 */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
