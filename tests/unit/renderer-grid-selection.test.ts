import { describe, expect, it } from 'vitest';
import { extendSelection, inRange, rangeRows, selectionRange, selectionTsv } from '../../src/renderer/components/canvas-grid/cell-selection';
import { columnAtX, layoutColumns } from '../../src/renderer/components/canvas-grid/column-layout';
import { clampWidth, fitWidth, MAX_RESIZED_WIDTH, MIN_RESIZED_WIDTH } from '../../src/renderer/components/canvas-grid/column-resize';
import { stableKey } from '../../src/renderer/state/stable-key';

describe('grid selection', () => {
  it('spans anchor to focus whichever way the drag went', () => {
    const range = selectionRange({ anchor: { row: 5, column: 3 }, focus: { row: 2, column: 1 } });
    expect(range).toEqual({ top: 2, bottom: 5, left: 1, right: 3 });
    expect(rangeRows(range)).toBe(4);
    expect(inRange(range, 2, 1)).toBe(true);
    expect(inRange(range, 6, 1)).toBe(false);
    expect(inRange(null, 0, 0)).toBe(false);
  });

  it('a click starts a new selection, a shift-click extends it from the same anchor', () => {
    const first = extendSelection(null, { row: 1, column: 1 }, false);
    const extended = extendSelection(first, { row: 4, column: 2 }, true);
    expect(extended).toEqual({ anchor: { row: 1, column: 1 }, focus: { row: 4, column: 2 } });
    expect(extendSelection(extended, { row: 9, column: 0 }, false)).toEqual({ anchor: { row: 9, column: 0 }, focus: { row: 9, column: 0 } });
  });

  it('copies as TSV with the grid’s text for each cell (NULL, exact numbers, no tabs or line breaks)', () => {
    const values = [
      ['张*', 12n, null],
      ['a\tb', 1.5, true],
    ];
    const tsv = selectionTsv({ top: 0, bottom: 1, left: 0, right: 2 }, (row, column) => values[row]?.[column]);
    expect(tsv).toBe('张*\t12\tNULL\na b\t1.5\ttrue');
  });
});

describe('column widths', () => {
  it('a resized width replaces the computed one and moves the columns after it', () => {
    const columns = [
      { name: 'a', type: 'VARCHAR' },
      { name: 'b', type: 'BIGINT' },
    ];
    const auto = layoutColumns(columns);
    const resized = layoutColumns(columns, { a: 300 });
    expect(resized[0]!.width).toBe(300);
    expect(resized[1]!.x).toBe(300);
    expect(resized[1]!.width).toBe(auto[1]!.width);
    expect(columnAtX(resized, 299)).toBe(0);
    expect(columnAtX(resized, 300)).toBe(1);
    expect(columnAtX(resized, 10_000)).toBeNull();
  });

  it('fits the widest text, within the bounds', () => {
    const measure = (text: string) => text.length * 10;
    expect(fitWidth(['abc', 'abcdefghijkl'], measure)).toBe(120 + 30);
    expect(fitWidth([''], measure)).toBe(MIN_RESIZED_WIDTH);
    expect(clampWidth(10_000)).toBe(MAX_RESIZED_WIDTH);
  });
});

describe('query keys', () => {
  it('do not depend on the order params were written in', () => {
    expect(stableKey({ a: 1, b: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(stableKey({ b: { c: null, d: [1, { x: 1, y: 2 }] }, a: 1 }));
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
    expect(stableKey({ a: undefined })).toBe(stableKey({}));
  });
});
