import type { CellValue } from '../../../shared/arrow-values';
import type { ColumnSort } from '../../../shared/table-types';
import { formatCell } from './cell-format';
import { inRange, type CellRange } from './cell-selection';
import type { ColumnLayout } from './column-layout';

/** The rows and columns on screen: rows [first, end), columns [startColumn, endColumn). */
export interface VisibleWindow {
  first: number;
  end: number;
  startColumn: number;
  endColumn: number;
}

/**
 * What the canvas draws, for assistive technology: an ARIA grid of the visible window only, its
 * place in the whole view given by aria-rowcount / aria-colcount and each row's aria-rowindex
 * and cell's aria-colindex (row 1 is the header). Kept off screen; it re-renders as the view scrolls.
 */
export function GridAccessibility({
  label,
  columns,
  window,
  totalRows,
  cell,
  isRowLoaded,
  selection,
  sort,
  testId,
}: {
  label: string;
  columns: readonly ColumnLayout[];
  window: VisibleWindow;
  totalRows: number | null;
  cell: (row: number, column: number) => CellValue | undefined;
  isRowLoaded: (row: number) => boolean;
  selection: CellRange | null;
  sort: ColumnSort | null;
  testId: string;
}) {
  const columnIndexes: number[] = [];
  for (let c = window.startColumn; c < Math.min(window.endColumn, columns.length); c++) columnIndexes.push(c);
  const rows: number[] = [];
  for (let row = window.first; row < window.end; row++) if (isRowLoaded(row)) rows.push(row);
  return (
    <div
      className="visually-hidden"
      role="grid"
      aria-label={label}
      aria-rowcount={totalRows === null ? -1 : totalRows + 1}
      aria-colcount={columns.length}
      aria-multiselectable="true"
      aria-readonly="true"
      data-testid={`${testId}-a11y`}
    >
      <div role="row" aria-rowindex={1}>
        {columnIndexes.map((c) => {
          const column = columns[c]!;
          const sorted = sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : 'none';
          return (
            <div key={column.name} role="columnheader" aria-colindex={c + 1} aria-sort={sorted}>
              {column.name}
            </div>
          );
        })}
      </div>
      {rows.map((row) => (
        <div key={row} role="row" aria-rowindex={row + 2}>
          {columnIndexes.map((c) => (
            <div key={c} role="gridcell" aria-colindex={c + 1} aria-selected={inRange(selection, row, c)}>
              {formatCell(cell(row, c))}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
