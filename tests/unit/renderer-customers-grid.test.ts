import { describe, expect, it } from 'vitest';
import { rowAtY } from '../../src/renderer/components/canvas-grid/scaled-scroll';

describe('profile grid row clicks', () => {
  const g = { totalRows: 1000, rowHeight: 24, viewportHeight: 480 };
  it('maps a click below the header to the row under it, scrolled or not', () => {
    expect(rowAtY(g, 0, 10, 60)).toBeNull(); // header
    expect(rowAtY(g, 0, 60, 60)).toBe(0);
    expect(rowAtY(g, 0, 60 + 24 * 3 + 5, 60)).toBe(3);
    expect(rowAtY(g, 24 * 100 + 12, 60, 60)).toBe(100);
    expect(rowAtY(g, 24 * 100 + 12, 60 + 12, 60)).toBe(101);
  });
  it('is null below the last row and on an empty grid', () => {
    expect(rowAtY({ totalRows: 2, rowHeight: 24, viewportHeight: 480 }, 0, 60 + 24 * 2 + 1, 60)).toBeNull();
    expect(rowAtY({ totalRows: 0, rowHeight: 24, viewportHeight: 480 }, 0, 70, 60)).toBeNull();
  });
});
