import type { CellValue } from '../../../shared/arrow-values';

/** The grid fetches rows in windows of this many; one request may cover several windows. */
export const WINDOW_ROWS = 200;
/** table.page's limit. */
export const MAX_FETCH_ROWS = 5_000;
/** Windows kept in memory (LRU): 60 × 200 rows. */
export const CACHE_WINDOWS = 60;

export interface RowWindow {
  /** Column-major values of the window's rows (a last window may be short). */
  columns: CellValue[][];
  rowCount: number;
}

export interface FetchPlan {
  offset: number;
  limit: number;
  /** First and last window index the request fills. */
  firstWindow: number;
  lastWindow: number;
}

export function windowOf(row: number): number {
  return Math.floor(row / WINDOW_ROWS);
}

/** Window indexes covering rows [first, end). */
export function windowsForRange(first: number, end: number): number[] {
  if (end <= first) return [];
  const out: number[] = [];
  for (let w = windowOf(first); w <= windowOf(end - 1); w++) out.push(w);
  return out;
}

/**
 * Which rows to ask for next: the windows under the visible rows plus one window of prefetch in
 * the scroll direction, minus those already present (loaded or being loaded), fetched as one
 * contiguous request so a single supersedable call covers them.
 */
export function planFetch(args: {
  first: number;
  end: number;
  totalRows: number | null;
  direction: 1 | -1;
  isPresent: (window: number) => boolean;
}): FetchPlan | null {
  const { first, end, totalRows, direction, isPresent } = args;
  const lastWindow = totalRows === null ? null : totalRows > 0 ? windowOf(totalRows - 1) : -1;
  if (lastWindow === -1) return null;
  const visible = windowsForRange(first, Math.max(end, first + 1));
  const prefetch = direction > 0 ? visible[visible.length - 1]! + 1 : visible[0]! - 1;
  const wanted = [...visible, prefetch].filter((w) => w >= 0 && (lastWindow === null || w <= lastWindow));
  const missing = wanted.filter((w) => !isPresent(w));
  if (missing.length === 0) return null;
  let firstWindow = Math.min(...missing);
  let last = Math.max(...missing);
  const maxWindows = Math.floor(MAX_FETCH_ROWS / WINDOW_ROWS);
  if (last - firstWindow + 1 > maxWindows) {
    // Never happens for a screenful of rows, but keep visible rows first if it did.
    firstWindow = Math.min(...missing.filter((w) => visible.includes(w)), firstWindow);
    last = firstWindow + maxWindows - 1;
  }
  const offset = firstWindow * WINDOW_ROWS;
  let limit = (last - firstWindow + 1) * WINDOW_ROWS;
  if (totalRows !== null) limit = Math.max(1, Math.min(limit, totalRows - offset));
  return { offset, limit, firstWindow, lastWindow: last };
}

/** Splits a fetched block (column-major, starting at `offset`) into windows. */
export function splitIntoWindows(offset: number, columns: CellValue[][], rowCount: number): Map<number, RowWindow> {
  const out = new Map<number, RowWindow>();
  if (rowCount <= 0) return out;
  for (let w = windowOf(offset); w <= windowOf(offset + rowCount - 1); w++) {
    const start = Math.max(0, w * WINDOW_ROWS - offset);
    const stop = Math.min(rowCount, (w + 1) * WINDOW_ROWS - offset);
    out.set(w, { columns: columns.map((values) => values.slice(start, stop)), rowCount: stop - start });
  }
  return out;
}

/** Loaded windows of one query (table + sort + filters), least recently used evicted first. */
export class PageCache {
  private readonly windows = new Map<number, RowWindow>();

  constructor(private readonly capacity = CACHE_WINDOWS) {}

  has(window: number): boolean {
    return this.windows.has(window);
  }

  get size(): number {
    return this.windows.size;
  }

  put(window: number, data: RowWindow): void {
    this.windows.delete(window);
    this.windows.set(window, data);
    while (this.windows.size > this.capacity) {
      const oldest = this.windows.keys().next().value as number;
      this.windows.delete(oldest);
    }
  }

  /** Marks a window as recently used (call for the windows on screen). */
  touch(window: number): void {
    const data = this.windows.get(window);
    if (data) {
      this.windows.delete(window);
      this.windows.set(window, data);
    }
  }

  /** The cell, or undefined while its window is not loaded. */
  cell(row: number, column: number): CellValue | undefined {
    const data = this.windows.get(windowOf(row));
    if (!data) return undefined;
    const index = row - windowOf(row) * WINDOW_ROWS;
    if (index >= data.rowCount) return undefined;
    return data.columns[column]?.[index];
  }

  isRowLoaded(row: number): boolean {
    const data = this.windows.get(windowOf(row));
    return data !== undefined && row - windowOf(row) * WINDOW_ROWS < data.rowCount;
  }

  /** True when every row in [first, end) is loaded. */
  isRangeLoaded(first: number, end: number): boolean {
    return windowsForRange(first, end).every((w) => this.windows.has(w)) && (end <= first || this.isRowLoaded(end - 1));
  }

  clear(): void {
    this.windows.clear();
  }
}
