import type { DuckDBResultReader } from '@duckdb/node-api';
import type { Row } from '../../shared/customer-types';
import { maskRuleFor, maskText } from '../privacy/mask-values';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * A small result as JSON-safe rows: DATE and TIMESTAMP as ISO-like text, numbers (DECIMAL, BIGINT)
 * as numbers, NULL as null, anything nested as its JSON text. For drill-downs only (tens of rows);
 * grids use Arrow.
 */
export function readerToJsonRows(reader: DuckDBResultReader, options: { maskPersonalData?: boolean } = {}): Row[] {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const rules = names.map((name, i) => (options.maskPersonalData ? maskRuleFor({ name, type: types[i] ?? '' }) : 'none'));
  return reader.getRowObjectsJson().map((raw) => {
    const row: Row = {};
    names.forEach((name, i) => {
      const value = raw[name];
      const rule = rules[i] ?? 'none';
      if (value === null || value === undefined) row[name] = null;
      else if (rule !== 'none') row[name] = maskText(rule, typeof value === 'string' ? value : JSON.stringify(value));
      else if (typeof value === 'boolean' || typeof value === 'number') row[name] = value;
      else if (typeof value === 'string') row[name] = NUMERIC.test(types[i] ?? '') ? Number(value) : value;
      else row[name] = JSON.stringify(value);
    });
    return row;
  });
}
