import type { ColumnInfo } from '../../shared/table-types';

/** The columns a condition may use, by name (a table's columns as DuckDB reports them). */
export type FieldCatalog = ReadonlyMap<string, ColumnInfo>;

export function fieldCatalog(columns: ColumnInfo[]): FieldCatalog {
  return new Map(columns.map((c) => [c.name, c]));
}
