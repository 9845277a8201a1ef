import type { ColumnInfo, TableRef } from '../../shared/table-types';
import { maskRuleFor, type MaskRule } from './mask-values';
import { personalRule } from './personal-columns';

/** How a column is masked where rows leave the engine: a mask-values rule, or 'loose' (free text such as a rejected line). */
export type ColumnMask = MaskRule | 'loose';

const shapeOnly = (column: ColumnInfo): ColumnMask => (maskRuleFor({ name: '', type: column.type }) === 'shape' ? 'shape' : 'none');

/**
 * The masking of a table's columns in the grid (table.page): a workspace table's by what each
 * column holds (personal-columns.ts); a console result computed through the masked views is
 * already masked (only the shape net, as for any text); any other scratch table (a segment's
 * members, a result computed while unmasked) by the columns' names and the values' shapes.
 */
export function maskPolicyFor(table: TableRef, maskedResults: ReadonlySet<string>): (column: ColumnInfo) => ColumnMask {
  if (table.schema === 'main') {
    return (column) => {
      const rule = personalRule(table.name, column);
      return rule ?? shapeOnly(column);
    };
  }
  if (maskedResults.has(table.name)) return shapeOnly;
  return (column) => maskRuleFor(column);
}
