import type { Row } from '../../../shared/customer-types';

/** The columns to show: the preferred ones present in the rows, else every column of the first row. */
export function tableColumns(rows: readonly Row[], preferred: readonly string[]): string[] {
  const first = rows[0];
  if (!first) return [];
  const present = preferred.filter((name) => name in first);
  return present.length > 0 ? present : Object.keys(first);
}
