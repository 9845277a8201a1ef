import type { CellValue } from '../../../shared/arrow-values';
import { formatCell } from './cell-format';

/** A cell of the current view: its row in the (sorted, filtered) view and its column index. */
export interface CellPosition {
  row: number;
  column: number;
}

/** A rectangle of cells, from the cell first pressed (anchor) to the one the pointer reached (focus). */
export interface CellSelection {
  anchor: CellPosition;
  focus: CellPosition;
}

export interface CellRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function selectionRange(selection: CellSelection): CellRange {
  return {
    top: Math.min(selection.anchor.row, selection.focus.row),
    bottom: Math.max(selection.anchor.row, selection.focus.row),
    left: Math.min(selection.anchor.column, selection.focus.column),
    right: Math.max(selection.anchor.column, selection.focus.column),
  };
}

export function rangeRows(range: CellRange): number {
  return range.bottom - range.top + 1;
}

export function inRange(range: CellRange | null, row: number, column: number): boolean {
  return range !== null && row >= range.top && row <= range.bottom && column >= range.left && column <= range.right;
}

/** A click (anchor = focus), a shift-click or a drag (the focus moves, the anchor stays). */
export function extendSelection(current: CellSelection | null, cell: CellPosition, extend: boolean): CellSelection {
  return extend && current ? { anchor: current.anchor, focus: cell } : { anchor: cell, focus: cell };
}

/**
 * The range as tab-separated text, one line per row, each cell as the grid shows it (personal
 * data arrives masked from the engine, so the copy is masked too; NULL as the grid writes it).
 * `cell` reads a value of the view; formatCell already keeps tabs and line breaks out of a cell.
 */
export function selectionTsv(range: CellRange, cell: (row: number, column: number) => CellValue | undefined): string {
  const lines: string[] = [];
  for (let row = range.top; row <= range.bottom; row++) {
    const fields: string[] = [];
    for (let column = range.left; column <= range.right; column++) fields.push(formatCell(cell(row, column)));
    lines.push(fields.join('\t'));
  }
  return lines.join('\n');
}
