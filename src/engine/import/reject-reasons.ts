/**
 * The one place that turns why a row was rejected into a code and parameters (see
 * shared/reject-codes.ts). The import writes a reason text per rejected row — DuckDB's reader
 * error (`<error type>: <message>`, several joined by `; `) or the engine's own
 * `cannot read "<value>" as <kind>` — and `withRejectCodes` derives the code and params from it in
 * SQL, as the rows are stored; migration 0002 applies the same to the rows of older workspaces.
 */
/**
 * SQL: the code of the reason `reason` (a SQL expression), by how the reason starts (the first
 * match wins). Written out as SQL on purpose: the prefixes are constants, never user text.
 */
export function rejectCodeSql(reason: string): string {
  const r = `lower(${reason})`;
  return `CASE
    WHEN starts_with(${r}, 'cannot read "') OR starts_with(${r}, 'cast') THEN 'cannotConvert'
    WHEN starts_with(${r}, 'too many columns') THEN 'tooManyColumns'
    WHEN starts_with(${r}, 'missing columns') THEN 'missingColumns'
    WHEN starts_with(${r}, 'unquoted value') THEN 'unquotedValue'
    WHEN starts_with(${r}, 'line size over maximum') OR starts_with(${r}, 'maximum line size') THEN 'lineTooLong'
    WHEN starts_with(${r}, 'invalid unicode') OR starts_with(${r}, 'invalid encoding') OR starts_with(${r}, 'not valid utf-8') THEN 'invalidEncoding'
    ELSE 'other' END`;
}

/**
 * SQL: the code's parameters as a JSON object (strings; the UI interpolates them): the value and
 * expected kind of a conversion, the expected and found field counts of a short or long line.
 */
export function rejectParamsSql(reason: string): string {
  const code = rejectCodeSql(reason);
  const own = `regexp_extract(${reason}, '^cannot read "(.*)" as ([A-Za-z0-9_()., ]+?)( \\(loaded as NULL\\))?$', ['value', 'expected'])`;
  const duck = `regexp_extract(${reason}, 'string "(.*)" to ''([^'']+)''', ['value', 'expected'])`;
  const counts = (name: string) => `regexp_extract(${reason}, '${name}: ([0-9]+)', 1)`;
  return `CASE ${code}
    WHEN 'cannotConvert' THEN CASE WHEN starts_with(${reason}, 'cannot read "')
      THEN json_object('value', ${own}.value, 'expected', ${own}.expected)
      ELSE json_object('value', ${duck}.value, 'expected', lower(${duck}.expected)) END
    WHEN 'tooManyColumns' THEN json_object('expected', ${counts('Expected Number of Columns')}, 'found', ${counts('Found')})
    WHEN 'missingColumns' THEN json_object('expected', ${counts('Expected Number of Columns')}, 'found', ${counts('Found')})
    ELSE json_object() END`;
}

/**
 * Wraps a SELECT of rejected rows (import_id, file, line, column, reason, raw, in that order) so it
 * also yields their code and params: `INSERT INTO _sw_import_rejects ${withRejectCodes(select)}`.
 */
export function withRejectCodes(select: string): string {
  return `SELECT r.*, ${rejectCodeSql('r.reason')} AS code, ${rejectParamsSql('r.reason')} AS params
    FROM (${select}) AS r(import_id, file, line, "column", reason, raw)`;
}
