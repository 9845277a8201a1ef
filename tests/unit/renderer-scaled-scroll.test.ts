import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  maxScrollTop,
  maxVirtualTop,
  rowsPerPage,
  scrollTopFromVirtualTop,
  spacerHeight,
  virtualTopAfterKey,
  virtualTopFromScrollTop,
  visibleRange,
  wheelDeltaPx,
  type ScrollGeometry,
} from '../../src/renderer/components/canvas-grid/scaled-scroll';

const big: ScrollGeometry = { totalRows: 5_000_000, rowHeight: 24, viewportHeight: 600 };
const small: ScrollGeometry = { totalRows: 100, rowHeight: 24, viewportHeight: 600 };

describe('scaled scroll', () => {
  it('caps the spacer for 5 M rows but not for small tables', () => {
    expect(spacerHeight(big)).toBe(MAX_SCROLL_PX);
    expect(spacerHeight(big)).toBeLessThan(16_000_000);
    expect(spacerHeight(small)).toBe(2400);
  });

  it('maps the top and the bottom of the scroll range onto the first and last rows', () => {
    expect(virtualTopFromScrollTop(big, 0)).toBe(0);
    expect(visibleRange(big, virtualTopFromScrollTop(big, 0)).first).toBe(0);
    const bottom = visibleRange(big, virtualTopFromScrollTop(big, maxScrollTop(big)));
    expect(bottom.end).toBe(5_000_000);
    expect(bottom.first).toBe(5_000_000 - 25);
    // Past the end (overscroll) clamps.
    expect(virtualTopFromScrollTop(big, maxScrollTop(big) + 500)).toBe(maxVirtualTop(big));
  });

  it('is the identity when nothing is capped', () => {
    expect(virtualTopFromScrollTop(small, 123)).toBeCloseTo(123);
    expect(scrollTopFromVirtualTop(small, 123)).toBeCloseTo(123);
  });

  it('round-trips scrollTop ↔ virtual offset', () => {
    for (const vt of [0, 1_000_000, 60_000_000, maxVirtualTop(big)]) {
      expect(virtualTopFromScrollTop(big, scrollTopFromVirtualTop(big, vt))).toBeCloseTo(vt, 3);
    }
    // The middle of the scrollbar is the middle of the data.
    const middle = visibleRange(big, virtualTopFromScrollTop(big, maxScrollTop(big) / 2)).first;
    expect(Math.abs(middle - 2_500_000)).toBeLessThan(20);
  });

  it('reports partly visible rows and the first row offset', () => {
    // Rows 1…26 show (row 26 spans 624–648 px, partly below the 630 px bottom edge).
    expect(visibleRange(small, 30)).toEqual({ first: 1, end: 27, offsetPx: 6 });
    expect(visibleRange({ ...small, totalRows: 0 }, 0)).toEqual({ first: 0, end: 0, offsetPx: 0 });
    expect(visibleRange({ ...small, totalRows: 3 }, 0)).toEqual({ first: 0, end: 3, offsetPx: 0 });
  });

  it('moves by whole pages and rows with keys', () => {
    expect(rowsPerPage(big)).toBe(25);
    expect(virtualTopAfterKey(big, 0, 'PageDown')).toBe(25 * 24);
    expect(virtualTopAfterKey(big, 25 * 24 + 5, 'PageUp')).toBe(0);
    expect(virtualTopAfterKey(big, 0, 'PageUp')).toBe(0);
    expect(virtualTopAfterKey(big, 0, 'End')).toBe(maxVirtualTop(big));
    expect(virtualTopAfterKey(big, 999_999, 'Home')).toBe(0);
    expect(virtualTopAfterKey(big, 48, 'ArrowDown')).toBe(72);
    expect(virtualTopAfterKey(big, maxVirtualTop(big), 'PageDown')).toBe(maxVirtualTop(big));
  });

  it('converts wheel deltas of every mode to pixels', () => {
    expect(wheelDeltaPx(100, 0, 24, 600)).toBe(100);
    expect(wheelDeltaPx(3, 1, 24, 600)).toBe(72);
    expect(wheelDeltaPx(1, 2, 24, 600)).toBe(600);
  });
});
