/**
 * Scaled virtual scrolling. Browsers cap an element's height (Chromium ~33.5 M px, Firefox
 * ~17.9 M px), so 5 M rows × 24 px = 120 M px cannot be a real spacer. The spacer is capped at
 * MAX_SCROLL_PX and the scrollbar position is mapped linearly onto the virtual content: the top
 * of the scroll range is row 0, the bottom shows the last row exactly. Wheel and keys move the
 * virtual offset directly (in content pixels) so they stay row-accurate; only dragging the
 * scrollbar goes through the scaled mapping.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface ScrollGeometry {
  totalRows: number;
  rowHeight: number;
  /** Height available for rows (the scroll viewport minus sticky header rows). */
  viewportHeight: number;
  maxScrollPx?: number;
}

export interface VisibleRange {
  /** First row at least partly visible. */
  first: number;
  /** One past the last row at least partly visible (≤ totalRows). */
  end: number;
  /** How many pixels of the first row are scrolled above the viewport top. */
  offsetPx: number;
}

export function contentHeight(g: ScrollGeometry): number {
  return Math.max(0, g.totalRows) * g.rowHeight;
}

/** Height of the real spacer element. */
export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(contentHeight(g), g.maxScrollPx ?? MAX_SCROLL_PX);
}

export function maxVirtualTop(g: ScrollGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewportHeight);
}

export function maxScrollTop(g: ScrollGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewportHeight);
}

export function clampVirtualTop(g: ScrollGeometry, virtualTop: number): number {
  if (!Number.isFinite(virtualTop)) return 0;
  return Math.min(Math.max(0, virtualTop), maxVirtualTop(g));
}

export function virtualTopFromScrollTop(g: ScrollGeometry, scrollTop: number): number {
  const range = maxScrollTop(g);
  if (range <= 0) return 0;
  const fraction = Math.min(Math.max(0, scrollTop / range), 1);
  return fraction * maxVirtualTop(g);
}

export function scrollTopFromVirtualTop(g: ScrollGeometry, virtualTop: number): number {
  const range = maxVirtualTop(g);
  if (range <= 0) return 0;
  return (clampVirtualTop(g, virtualTop) / range) * maxScrollTop(g);
}

export function visibleRange(g: ScrollGeometry, virtualTop: number): VisibleRange {
  const top = clampVirtualTop(g, virtualTop);
  if (g.totalRows <= 0 || g.rowHeight <= 0) return { first: 0, end: 0, offsetPx: 0 };
  const first = Math.min(Math.floor(top / g.rowHeight), g.totalRows - 1);
  const end = Math.min(g.totalRows, Math.ceil((top + Math.max(0, g.viewportHeight)) / g.rowHeight));
  return { first, end: Math.max(end, first + 1), offsetPx: top - first * g.rowHeight };
}

/** Rows that fit entirely in the viewport (what PageDown moves by), at least one. */
export function rowsPerPage(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

export type ScrollKey = 'PageDown' | 'PageUp' | 'Home' | 'End' | 'ArrowDown' | 'ArrowUp';

/** The virtual offset after a navigation key; PageDown/Up move whole pages aligned to rows. */
export function virtualTopAfterKey(g: ScrollGeometry, virtualTop: number, key: ScrollKey): number {
  const first = Math.floor(clampVirtualTop(g, virtualTop) / g.rowHeight);
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return maxVirtualTop(g);
    case 'PageDown':
      return clampVirtualTop(g, (first + rowsPerPage(g)) * g.rowHeight);
    case 'PageUp':
      return clampVirtualTop(g, (first - rowsPerPage(g)) * g.rowHeight);
    case 'ArrowDown':
      return clampVirtualTop(g, (first + 1) * g.rowHeight);
    case 'ArrowUp':
      return clampVirtualTop(g, (first - 1) * g.rowHeight);
  }
}

/** Wheel delta in content pixels, whatever the event's deltaMode (pixels, lines, pages). */
export function wheelDeltaPx(delta: number, deltaMode: number, rowHeight: number, pageHeight: number): number {
  if (deltaMode === 1) return delta * rowHeight;
  if (deltaMode === 2) return delta * pageHeight;
  return delta;
}

/**
 * The row under a point `y` pixels below the top of the viewport (header and filter rows
 * included), or null over the header or below the last row.
 */
export function rowAtY(g: ScrollGeometry, virtualTop: number, y: number, headerHeight: number): number | null {
  if (y < headerHeight || g.totalRows <= 0 || g.rowHeight <= 0) return null;
  const row = Math.floor((clampVirtualTop(g, virtualTop) + y - headerHeight) / g.rowHeight);
  return row >= 0 && row < g.totalRows ? row : null;
}
