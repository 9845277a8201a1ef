import { describe, expect, it } from 'vitest';
import { PageCache, planFetch, splitIntoWindows, windowOf, windowsForRange, WINDOW_ROWS } from '../../src/renderer/components/canvas-grid/page-cache';

const none = () => false;

describe('page windows', () => {
  it('finds the windows under a range of rows', () => {
    expect(WINDOW_ROWS).toBe(200);
    expect(windowOf(199)).toBe(0);
    expect(windowOf(200)).toBe(1);
    expect(windowsForRange(190, 215)).toEqual([0, 1]);
    expect(windowsForRange(5, 5)).toEqual([]);
  });

  it('plans one contiguous request: visible windows plus one prefetch in the scroll direction', () => {
    expect(planFetch({ first: 0, end: 25, totalRows: 5_000_000, direction: 1, isPresent: none })).toEqual({ offset: 0, limit: 400, firstWindow: 0, lastWindow: 1 });
    expect(planFetch({ first: 190, end: 215, totalRows: 5_000_000, direction: 1, isPresent: none })).toEqual({ offset: 0, limit: 600, firstWindow: 0, lastWindow: 2 });
    expect(planFetch({ first: 1000, end: 1025, totalRows: 5_000_000, direction: -1, isPresent: none })).toEqual({ offset: 800, limit: 400, firstWindow: 4, lastWindow: 5 });
  });

  it('skips what is present and stops at the last row', () => {
    expect(planFetch({ first: 0, end: 25, totalRows: 5_000_000, direction: 1, isPresent: (w) => w === 0 })).toEqual({ offset: 200, limit: 200, firstWindow: 1, lastWindow: 1 });
    expect(planFetch({ first: 0, end: 25, totalRows: 5_000_000, direction: 1, isPresent: () => true })).toBeNull();
    expect(planFetch({ first: 4_999_975, end: 5_000_000, totalRows: 5_000_000, direction: 1, isPresent: none })).toEqual({
      offset: 4_999_800,
      limit: 200,
      firstWindow: 24_999,
      lastWindow: 24_999,
    });
    expect(planFetch({ first: 0, end: 10, totalRows: 10, direction: 1, isPresent: none })).toEqual({ offset: 0, limit: 10, firstWindow: 0, lastWindow: 0 });
    expect(planFetch({ first: 0, end: 0, totalRows: 0, direction: 1, isPresent: none })).toBeNull();
  });

  it('asks for the first windows when the total is not known yet (a new filter)', () => {
    expect(planFetch({ first: 0, end: 25, totalRows: null, direction: 1, isPresent: none })).toEqual({ offset: 0, limit: 400, firstWindow: 0, lastWindow: 1 });
  });
});

describe('page cache', () => {
  it('splits a fetched block into windows and serves cells', () => {
    const ids = Array.from({ length: 450 }, (_, i) => BigInt(200 + i));
    const names = ids.map((id) => `n${id}`);
    const windows = splitIntoWindows(200, [ids, names], 450);
    expect([...windows.keys()]).toEqual([1, 2, 3]);
    expect(windows.get(3)!.rowCount).toBe(50);
    const cache = new PageCache();
    for (const [w, data] of windows) cache.put(w, data);
    expect(cache.cell(200, 0)).toBe(200n);
    expect(cache.cell(649, 1)).toBe('n649');
    expect(cache.cell(650, 0)).toBeUndefined();
    expect(cache.cell(10, 0)).toBeUndefined();
    expect(cache.isRangeLoaded(250, 640)).toBe(true);
    expect(cache.isRangeLoaded(190, 220)).toBe(false);
    expect(cache.isRangeLoaded(640, 660)).toBe(false);
  });

  it('evicts the least recently used window', () => {
    const cache = new PageCache(2);
    const data = { columns: [[1]], rowCount: 1 };
    cache.put(0, data);
    cache.put(1, data);
    cache.touch(0);
    cache.put(2, data);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(2)).toBe(true);
    expect(cache.size).toBe(2);
  });
});
