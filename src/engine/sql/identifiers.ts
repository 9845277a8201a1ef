/**
 * The one SQL-identifier quoting helper. Identifiers (table and column names) cannot be bound
 * parameters, so every one that reaches SQL passes through here; user *values* never do — they
 * are bound parameters.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** catalog.schema.table (or any dotted path), each part quoted. */
export function qualifiedName(...parts: string[]): string {
  return parts.map(quoteIdent).join('.');
}

/**
 * An identifier quoted for a warehouse dialect (exported segment SQL): ANSI double quotes for
 * DuckDB, PostgreSQL and Trino, backticks for Spark SQL; the quote character is doubled.
 */
export function quoteIdentFor(dialect: 'duckdb' | 'postgres' | 'spark' | 'trino', name: string): string {
  if (dialect !== 'spark') return quoteIdent(name);
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `\`${name.replaceAll('`', '``')}\``;
}
