export type TypeFamily = 'text' | 'number' | 'boolean' | 'date' | 'timestamp' | 'other';

/** A DuckDB type name's family (what literal it compares with). */
export function typeFamily(type: string): TypeFamily {
  if (type === 'VARCHAR' || type.startsWith('VARCHAR(')) return 'text';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/.test(type)) return 'number';
  return 'other';
}
