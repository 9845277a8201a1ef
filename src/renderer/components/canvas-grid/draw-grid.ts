import { formatCell, fitText, NULL_TEXT } from './cell-format';
import { inRange, type CellRange } from './cell-selection';
import type { ColumnLayout } from './column-layout';
import { visibleColumns } from './column-layout';
import type { PageCache } from './page-cache';
import type { VisibleRange } from './scaled-scroll';

export const ROW_HEIGHT = 24;
export const HEADER_HEIGHT = 40;
export const FILTER_ROW_HEIGHT = 30;
export const TOP_HEIGHT = HEADER_HEIGHT + FILTER_ROW_HEIGHT;
export const CELL_PADDING = 8;

export const FONT = '12px "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif';
export const FONT_BOLD = `600 ${FONT}`;
const FONT_SMALL = '10.5px ui-monospace, "SF Mono", Menlo, Consolas, monospace';

const colors = {
  background: '#ffffff',
  stripe: '#f7f9fc',
  header: '#eef2f7',
  headerText: '#1f2a37',
  typeText: '#6b7788',
  grid: '#e3e8ef',
  headerBorder: '#c9d2de',
  text: '#1f2a37',
  nullText: '#a3adbb',
  placeholder: '#e8edf3',
  sortMark: '#2563eb',
  selection: 'rgba(37, 99, 235, 0.14)',
  selectionBorder: '#2563eb',
};

export interface DrawState {
  width: number;
  height: number;
  dpr: number;
  scrollLeft: number;
  columns: readonly ColumnLayout[];
  range: VisibleRange;
  totalRows: number;
  cache: PageCache;
  sort: { column: string; descending: boolean } | null;
  /** The selected cells (null: none). */
  selection: CellRange | null;
}

/** Draws the header and the visible rows; nothing else exists on the canvas. */
export function drawGrid(ctx: CanvasRenderingContext2D, state: DrawState): void {
  const { width, height, dpr, scrollLeft, columns, range, cache } = state;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  const measureCache = new Map<string, number>();
  const measure = (text: string) => {
    let w = measureCache.get(text);
    if (w === undefined) {
      w = ctx.measureText(text).width;
      measureCache.set(text, w);
    }
    return w;
  };

  const [startCol, endCol] = visibleColumns(columns, scrollLeft, scrollLeft + width);

  // Rows.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, TOP_HEIGHT, width, height - TOP_HEIGHT);
  ctx.clip();
  ctx.font = FONT;
  for (let row = range.first; row < range.end; row++) {
    const y = TOP_HEIGHT + (row - range.first) * ROW_HEIGHT - range.offsetPx;
    if (row % 2 === 1) {
      ctx.fillStyle = colors.stripe;
      ctx.fillRect(0, y, width, ROW_HEIGHT);
    }
    const loaded = cache.isRowLoaded(row);
    for (let c = startCol; c < endCol; c++) {
      const col = columns[c]!;
      const x = col.x - scrollLeft;
      if (inRange(state.selection, row, c)) {
        ctx.fillStyle = colors.selection;
        ctx.fillRect(x, y, col.width, ROW_HEIGHT);
      }
      if (!loaded) {
        ctx.fillStyle = colors.placeholder;
        const barWidth = Math.max(12, Math.min(col.width - 2 * CELL_PADDING, 30 + ((row * 7 + c * 13) % 50)));
        const barX = col.numeric ? x + col.width - CELL_PADDING - barWidth : x + CELL_PADDING;
        ctx.fillRect(barX, y + 8, barWidth, ROW_HEIGHT - 16);
        continue;
      }
      const value = cache.cell(row, c);
      const text = formatCell(value);
      const isNull = value === null;
      ctx.fillStyle = isNull ? colors.nullText : colors.text;
      const fitted = fitText(text, col.width - 2 * CELL_PADDING, measure);
      if (col.numeric && !isNull) {
        ctx.textAlign = 'right';
        ctx.fillText(fitted, x + col.width - CELL_PADDING, y + ROW_HEIGHT / 2);
      } else {
        ctx.textAlign = 'left';
        ctx.fillText(isNull ? NULL_TEXT : fitted, x + CELL_PADDING, y + ROW_HEIGHT / 2);
      }
    }
  }
  // Grid lines, down to the last row only.
  ctx.fillStyle = colors.grid;
  const rowsBottom = Math.min(height, TOP_HEIGHT + (range.end - range.first) * ROW_HEIGHT - range.offsetPx);
  for (let c = startCol; c < endCol; c++) {
    const col = columns[c]!;
    ctx.fillRect(Math.round(col.x + col.width - scrollLeft) - 1, TOP_HEIGHT, 1, Math.max(0, rowsBottom - TOP_HEIGHT));
  }
  for (let row = range.first; row < range.end; row++) {
    const y = TOP_HEIGHT + (row - range.first) * ROW_HEIGHT - range.offsetPx;
    ctx.fillRect(0, Math.round(y + ROW_HEIGHT) - 1, width, 1);
  }
  drawSelectionBorder(ctx, state);
  ctx.restore();

  // Header: name and type per column (the filter row is DOM, drawn over the band below it).
  ctx.fillStyle = colors.header;
  ctx.fillRect(0, 0, width, TOP_HEIGHT);
  for (let c = startCol; c < endCol; c++) {
    const col = columns[c]!;
    const x = col.x - scrollLeft;
    const sorted = state.sort?.column === col.name ? (state.sort.descending ? ' ↓' : ' ↑') : '';
    ctx.textAlign = 'left';
    ctx.font = FONT_BOLD;
    ctx.fillStyle = colors.headerText;
    const markWidth = sorted ? 14 : 0;
    const name = fitText(col.label ?? col.name, col.width - 2 * CELL_PADDING - markWidth, (t) => ctx.measureText(t).width);
    ctx.fillText(name, x + CELL_PADDING, 14);
    if (sorted) {
      ctx.fillStyle = colors.sortMark;
      ctx.fillText(sorted, x + CELL_PADDING + ctx.measureText(name).width, 14);
    }
    ctx.font = FONT_SMALL;
    ctx.fillStyle = colors.typeText;
    ctx.fillText(fitText(col.label ? `${col.name} · ${col.type}` : col.type, col.width - 2 * CELL_PADDING, (t) => ctx.measureText(t).width), x + CELL_PADDING, 30);
    ctx.fillStyle = colors.headerBorder;
    ctx.fillRect(Math.round(x + col.width) - 1, 0, 1, TOP_HEIGHT);
  }
  ctx.fillStyle = colors.headerBorder;
  ctx.fillRect(0, HEADER_HEIGHT - 1, width, 1);
  ctx.fillRect(0, TOP_HEIGHT - 1, width, 1);
}

/** The outline of the selected rectangle, where it is on screen (the rows clip it at the header). */
function drawSelectionBorder(ctx: CanvasRenderingContext2D, state: DrawState): void {
  const { selection, columns, range, scrollLeft } = state;
  if (selection === null) return;
  const left = columns[selection.left];
  const right = columns[selection.right];
  if (!left || !right) return;
  const top = TOP_HEIGHT + (selection.top - range.first) * ROW_HEIGHT - range.offsetPx;
  const bottom = TOP_HEIGHT + (selection.bottom + 1 - range.first) * ROW_HEIGHT - range.offsetPx;
  ctx.strokeStyle = colors.selectionBorder;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(left.x - scrollLeft + 0.75, top + 0.75, right.x + right.width - left.x - 1.5, bottom - top - 1.5);
}
