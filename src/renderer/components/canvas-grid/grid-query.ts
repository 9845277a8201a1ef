import type { ColumnFilter, ColumnSort, FilterOperator } from '../../../shared/table-types';
import { isNumericType } from './cell-format';

/** Header clicks cycle: none → ascending → descending → none (a new column starts ascending). */
export function nextSort(current: ColumnSort | null, column: string): ColumnSort | null {
  if (!current || current.column !== column) return { column, descending: false };
  if (!current.descending) return { column, descending: true };
  return null;
}

export function operatorNeedsValue(op: FilterOperator): boolean {
  return op !== 'is_null' && op !== 'not_null';
}

export function defaultOperatorFor(type: string): FilterOperator {
  const t = type.toUpperCase();
  return isNumericType(t) || t.startsWith('DATE') || t.startsWith('TIMESTAMP') || t === 'BOOLEAN' ? '=' : 'contains';
}

/**
 * The filter list after applying one column's draft: replaces that column's filter, or removes it
 * when the draft has no value (for operators that need one). Order of other filters is kept.
 */
export function applyColumnFilter(filters: readonly ColumnFilter[], column: string, op: FilterOperator, value: string): ColumnFilter[] {
  const others = filters.filter((f) => f.column !== column);
  if (operatorNeedsValue(op)) {
    if (value.trim() === '') return others;
    return [...others, { column, op, value }];
  }
  return [...others, { column, op, value: null }];
}

/** A stable key of a query, so caches and requests of an older query are never mixed in. */
export function queryKey(sourceKey: string, sort: ColumnSort | null, filters: readonly ColumnFilter[]): string {
  return JSON.stringify([sourceKey, sort, filters]);
}
