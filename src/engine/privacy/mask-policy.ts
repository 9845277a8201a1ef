import type { ColumnInfo, TableRef } from '../../shared/table-types';
import { maskRuleFor, type MaskRule } from './mask-values';
import type { MaskedColumn } from './masked-views';
import { personalRule } from './personal-columns';

/** How a column is masked where rows leave the engine: a mask-values rule, or 'loose' (free text such as a rejected line). */
export type ColumnMask = MaskRule | 'loose';

const shapeOnly = (column: ColumnInfo): ColumnMask => (maskRuleFor({ name: '', type: column.type }) === 'shape' ? 'shape' : 'none');

/**
 * The masking of a table's columns in the grid (table.page): a workspace table's by what each
 * column holds (personal-columns.ts); a console result computed through the masked views is
 * already masked (only the shape net, as for any text); one computed in clear has each text column
 * masked as free text (IDs, mobiles, Chinese names inside it); any other scratch table (a segment's
 * members, a sorted view) by the columns' names and the values' shapes.
 */
export function maskPolicyFor(table: TableRef, results: { maskedResults: ReadonlySet<string>; clearResults: ReadonlySet<string> }): (column: ColumnInfo) => ColumnMask {
  if (table.schema === 'main') {
    return (column) => {
      const rule = personalRule(table.name, column);
      return rule ?? shapeOnly(column);
    };
  }
  if (results.maskedResults.has(table.name)) return shapeOnly;
  // Computed in clear, shown masked: `upper(name) AS who` has no telling name, so every text is free text.
  if (results.clearResults.has(table.name)) return (column) => (shapeOnly(column) === 'shape' && maskRuleFor(column) === 'shape' ? 'loose' : maskRuleFor(column));
  return (column) => maskRuleFor(column);
}

/**
 * The columns a query reads through their masked form while masked (masked-views.ts): those the
 * policy gives a personal rule. The shape net ('shape') stays on the values where they leave the
 * engine: it is a guess on free text, not what a column holds.
 */
export function sourceMaskedColumns(columns: readonly ColumnInfo[], policy: (column: ColumnInfo) => ColumnMask): MaskedColumn[] {
  const masked: MaskedColumn[] = [];
  for (const column of columns) {
    const rule = policy(column);
    if (rule === 'name' || rule === 'id_number' || rule === 'phone' || rule === 'loose') masked.push({ name: column.name, rule });
  }
  return masked;
}
