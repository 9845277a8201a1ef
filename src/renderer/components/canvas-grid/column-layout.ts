import type { ColumnInfo } from '../../../shared/table-types';
import { isNumericType } from './cell-format';

export interface ColumnLayout {
  name: string;
  type: string;
  x: number;
  width: number;
  numeric: boolean;
  /** The business name the header shows (header-labels.ts); absent: the technical name. */
  label?: string;
  definition?: string;
}

/** Room for the filter row's operator select and value input. */
export const MIN_COLUMN_WIDTH = 170;
export const MAX_COLUMN_WIDTH = 320;

function typeWidth(type: string): number {
  const t = type.toUpperCase();
  if (t.startsWith('TIMESTAMP')) return 200;
  if (t.startsWith('DATE')) return 120;
  if (t.startsWith('BOOLEAN')) return 100;
  if (t.startsWith('DECIMAL') || t === 'DOUBLE' || t === 'FLOAT' || t.endsWith('INT') || t === 'BIGINT' || t === 'HUGEINT') return 140;
  if (t === 'INTEGER' || t === 'SMALLINT' || t === 'TINYINT') return 120;
  return 180;
}

/**
 * Column positions from names and types (approximate 7 px per header character), or the width
 * the analyst gave a column by dragging its header edge (`widths`, by column name).
 */
export function layoutColumns(columns: readonly ColumnInfo[], widths: Readonly<Record<string, number>> = {}, charWidth = 7.5): ColumnLayout[] {
  let x = 0;
  return columns.map((column) => {
    const byName = Math.ceil(column.name.length * charWidth) + 36;
    const width = widths[column.name] ?? Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, typeWidth(column.type), byName));
    const layout = { name: column.name, type: column.type, x, width, numeric: isNumericType(column.type) };
    x += width;
    return layout;
  });
}

export function totalWidth(layout: readonly ColumnLayout[]): number {
  const last = layout[layout.length - 1];
  return last ? last.x + last.width : 0;
}

/** The column under a content x coordinate, or null past the last one. */
export function columnAtX(layout: readonly ColumnLayout[], x: number): number | null {
  for (let c = 0; c < layout.length; c++) if (x >= layout[c]!.x && x < layout[c]!.x + layout[c]!.width) return c;
  return null;
}

/** Index range of columns intersecting [left, right) in content coordinates. */
export function visibleColumns(layout: readonly ColumnLayout[], left: number, right: number): [number, number] {
  let start = 0;
  while (start < layout.length && layout[start]!.x + layout[start]!.width <= left) start++;
  let end = start;
  while (end < layout.length && layout[end]!.x < right) end++;
  return [start, end];
}
