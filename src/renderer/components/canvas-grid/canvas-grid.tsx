import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { decodeArrowIPC, type CellValue } from '../../../shared/arrow-values';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { Progress } from '../../../shared/protocol';
import { FILTER_OPERATORS, type ColumnFilter, type ColumnInfo, type ColumnSort, type FilterOperator, type TableRef } from '../../../shared/table-types';
import { formatAppError, formatProgress } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { formatCount } from '../../format/number-format';
import { formatCell, NULL_TEXT } from './cell-format';
import { extendSelection, inRange, rangeRows, selectionRange, selectionTsv, type CellPosition, type CellSelection } from './cell-selection';
import { columnAtX, layoutColumns, totalWidth, visibleColumns } from './column-layout';
import { clampWidth, fitWidth } from './column-resize';
import { withBusinessNames } from './header-labels';
import { drawGrid, FILTER_ROW_HEIGHT, FONT, FONT_BOLD, HEADER_HEIGHT, ROW_HEIGHT, TOP_HEIGHT } from './draw-grid';
import { TableExportDialog } from './table-export-dialog';
import { GridAccessibility, type VisibleWindow } from './grid-accessibility';
import { applyColumnFilter, defaultOperatorFor, nextSort, operatorNeedsValue, queryKey } from './grid-query';
import { MAX_FETCH_ROWS, PageCache, planFetch, splitIntoWindows, windowsForRange, type FetchPlan } from './page-cache';
import {
  clampVirtualTop,
  scrollTopFromVirtualTop,
  spacerHeight,
  virtualTopAfterKey,
  virtualTopFromScrollTop,
  visibleRange,
  rowAtY,
  wheelDeltaPx,
  type ScrollGeometry,
  type ScrollKey,
} from './scaled-scroll';

export interface GridSource {
  /** Identifies the data: a table, or one SQL run (the console reuses one scratch table name). */
  key: string;
  table: TableRef;
  columns: ColumnInfo[];
  /** Row count without filters, when known (table list, SQL result); page results correct it. */
  rowCount: number | null;
  /**
   * Sent with every table.page request. `unmasked` shows personal data in clear (the engine masks
   * by default); put it in `key` too, so a change refetches every row.
   */
  unmasked?: boolean;
}

/** A clicked data row: its index in the current (sorted, filtered) view and its loaded cells. */
export interface GridRowClick {
  row: number;
  values: CellValue[];
}

interface InFlight {
  plan: FetchPlan;
  queryKey: string;
  abort: AbortController;
}

interface Controller {
  cache: PageCache;
  queryKey: string;
  totalRows: number | null;
  virtualTop: number;
  expectedScrollTop: number;
  scrollLeft: number;
  direction: 1 | -1;
  inflight: InFlight | null;
  /** Whether a page of the current query has arrived (until then a request is never superseded:
   *  the first page of a sorted/filtered view builds its snapshot in the engine). */
  anyLoaded: boolean;
  /** A query whose fetch failed is not retried in a loop; changing the query or Retry resets it. */
  failedQuery: string | null;
  frame: number | null;
}

interface Draft {
  op: FilterOperator;
  value: string;
}

let gridCounter = 0;
/** A copy of more rows than are loaded fetches them first, up to this many. */
export const COPY_MAX_ROWS = 50_000;

type CopyNotice = { kind: 'copying' } | { kind: 'copied'; rows: number; limited: boolean } | { kind: 'failed' } | null;

/** Whether the event comes from a control of the grid (filter inputs, header buttons), not its cells. */
function fromControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, select, textarea, button, .grid-resize-handle') !== null;
}

let measureContext: CanvasRenderingContext2D | null = null;
function measureWith(font: string): (text: string) => number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const ctx = measureContext;
  if (!ctx) return (text) => text.length * 7.5;
  return (text) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}
const KEYS: Record<string, ScrollKey> = { PageDown: 'PageDown', PageUp: 'PageUp', Home: 'Home', End: 'End', ArrowDown: 'ArrowDown', ArrowUp: 'ArrowUp' };

/**
 * A virtualized canvas grid over one table (or SQL result): draws only the visible rows, fetches
 * 200-row windows with table.page as the user scrolls (cache, prefetch, one supersedable request
 * per grid), and maps a capped scroll range onto any number of rows (see scaled-scroll.ts).
 * Remount it (React key) when the source changes.
 */
export function CanvasGrid({
  client,
  source,
  title,
  testId = 'data-grid',
  onRowClick,
  onOpenCustomer,
}: {
  client: EngineClient;
  source: GridSource;
  title: string;
  testId?: string;
  /** Called with the row under a click, once its cells are loaded. */
  onRowClick?: (click: GridRowClick) => void;
  /** Offered in the context menu of a row with a customer_id: opens that customer. */
  onOpenCustomer?: (customerId: string) => void;
}) {
  const { t, intlLocale, locale } = useI18n();
  const [supersedeKey] = useState(() => `grid-${++gridCounter}`);
  const [sort, setSort] = useState<ColumnSort | null>(null);
  const [filters, setFilters] = useState<ColumnFilter[]>([]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [totalRows, setTotalRows] = useState<number | null>(source.rowCount);
  const [error, setError] = useState<AppError | null>(null);
  const [fetching, setFetching] = useState(false);
  /** A sorted or filtered view being built in the engine (seconds on millions of rows): its progress, with Cancel. */
  const [building, setBuilding] = useState<{ progress: Progress | null } | null>(null);
  /** The sort and filters of the last view that showed rows: Cancel during a build goes back to it. */
  const lastShown = useRef<{ sort: ColumnSort | null; filters: ColumnFilter[] }>({ sort: null, filters: [] });
  const [visibleStart, setVisibleStart] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [firstRowText, setFirstRowText] = useState('');
  /** Widths the analyst gave columns by dragging a header edge, by column name. */
  const [widths, setWidths] = useState<Readonly<Record<string, number>>>({});
  const [selection, setSelection] = useState<CellSelection | null>(null);
  const [copyNotice, setCopyNotice] = useState<CopyNotice>(null);
  /** The right-click menu: where it opened and the cell under it. */
  const [menu, setMenu] = useState<{ x: number; y: number; cell: CellPosition } | null>(null);
  const [exporting, setExporting] = useState(false);
  /** The window on screen, for the accessibility grid; `loaded` counts its loaded rows so it follows arriving pages. */
  const [visibleWindow, setVisibleWindow] = useState<VisibleWindow & { loaded: number }>({ first: 0, end: 0, startColumn: 0, endColumn: 0, loaded: 0 });

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const columns = useMemo(() => withBusinessNames(layoutColumns(source.columns, widths), source.table, locale), [source.columns, source.table, widths, locale]);
  const contentWidth = totalWidth(columns);
  const qkey = queryKey(source.key, sort, filters);

  const ctl = useRef<Controller>({
    cache: new PageCache(),
    queryKey: qkey,
    totalRows: source.rowCount,
    virtualTop: 0,
    expectedScrollTop: 0,
    scrollLeft: 0,
    direction: 1,
    inflight: null,
    anyLoaded: false,
    failedQuery: null,
    frame: null,
  }).current;

  // Latest render values for the imperative draw/fetch loop.
  const live = useRef({ sort, filters, columns, client, source, selection });
  live.current = { sort, filters, columns, client, source, selection };

  const geometry = useCallback((): ScrollGeometry => {
    const height = scrollRef.current?.clientHeight ?? 0;
    return { totalRows: ctl.totalRows ?? 0, rowHeight: ROW_HEIGHT, viewportHeight: Math.max(0, height - TOP_HEIGHT) };
  }, [ctl]);

  const ensureData = useCallback(() => {
    if (ctl.totalRows === 0 || ctl.failedQuery === ctl.queryKey) return;
    const inflight = ctl.inflight && ctl.inflight.queryKey === ctl.queryKey ? ctl.inflight : null;
    if (inflight && !ctl.anyLoaded) return;
    const g = geometry();
    const range = ctl.totalRows === null ? { first: 0, end: Math.max(1, Math.ceil(g.viewportHeight / ROW_HEIGHT)) } : visibleRange(g, ctl.virtualTop);
    const inFlightCovers = (w: number) => inflight !== null && w >= inflight.plan.firstWindow && w <= inflight.plan.lastWindow;
    // A running request that already covers the visible rows is left alone; prefetch waits for it.
    if (inflight && windowsForRange(range.first, range.end).every((w) => ctl.cache.has(w) || inFlightCovers(w))) return;
    const plan = planFetch({
      first: range.first,
      end: range.end,
      totalRows: ctl.totalRows,
      direction: ctl.direction,
      isPresent: (w) => ctl.cache.has(w) || inFlightCovers(w),
    });
    if (!plan) return;
    const { sort: currentSort, filters: currentFilters, client: currentClient, source: currentSource } = live.current;
    const request: InFlight = { plan, queryKey: ctl.queryKey, abort: new AbortController() };
    ctl.inflight = request;
    setFetching(true);
    const builds = !ctl.anyLoaded && (currentSort !== null || currentFilters.length > 0);
    if (builds) setBuilding({ progress: null });
    currentClient
      .call(
        'table.page',
        {
          table: currentSource.table,
          offset: plan.offset,
          limit: plan.limit,
          sort: currentSort,
          filters: currentFilters,
          ...(currentSource.unmasked ? { unmasked: true } : {}),
        },
        {
          signal: request.abort.signal,
          supersede: supersedeKey,
          ...(builds ? { onProgress: (progress: Progress) => request.queryKey === ctl.queryKey && setBuilding({ progress }) } : {}),
        },
      )
      .then((result) => {
        if (ctl.inflight === request) ctl.inflight = null;
        if (request.queryKey !== ctl.queryKey) return;
        lastShown.current = { sort: currentSort, filters: currentFilters };
        const decoded = decodeArrowIPC(result.arrow);
        const values: CellValue[][] = decoded.columns.map((column) => column.values);
        for (const [w, data] of splitIntoWindows(result.offset, values, decoded.rowCount)) ctl.cache.put(w, data);
        ctl.anyLoaded = true;
        if (result.totalRows !== ctl.totalRows) {
          ctl.totalRows = result.totalRows;
          setTotalRows(result.totalRows);
        }
        setError(null);
        scheduleDrawRef.current();
      })
      .catch((reason: unknown) => {
        if (ctl.inflight === request) ctl.inflight = null;
        if (isCancellation(reason) || request.queryKey !== ctl.queryKey) return;
        ctl.failedQuery = request.queryKey;
        setError(toAppError(reason));
      })
      .finally(() => {
        setFetching(ctl.inflight !== null);
        if (builds && request.queryKey === ctl.queryKey) setBuilding(null);
      });
  }, [ctl, geometry, supersedeKey]);

  /** Stops the view being built (the engine interrupts its query) and shows the previous view again. */
  const cancelBuild = () => {
    ctl.inflight?.abort.abort();
    ctl.inflight = null;
    setBuilding(null);
    setSort(lastShown.current.sort);
    setFilters(lastShown.current.filters);
  };

  const draw = useCallback(() => {
    ctl.frame = null;
    const canvas = canvasRef.current;
    const scroll = scrollRef.current;
    if (!canvas || !scroll) return;
    const width = scroll.clientWidth;
    const height = scroll.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(width * dpr);
    const pixelHeight = Math.round(height * dpr);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const g = geometry();
    ctl.virtualTop = clampVirtualTop(g, ctl.virtualTop);
    const range = ctl.totalRows === null ? { first: 0, end: 0, offsetPx: 0 } : visibleRange(g, ctl.virtualTop);
    for (const w of windowsForRange(range.first, range.end)) ctl.cache.touch(w);
    const ctx = canvas.getContext('2d');
    if (ctx) {
      drawGrid(ctx, {
        width,
        height,
        dpr,
        scrollLeft: ctl.scrollLeft,
        columns: live.current.columns,
        range,
        totalRows: ctl.totalRows ?? 0,
        cache: ctl.cache,
        sort: live.current.sort,
        selection: live.current.selection ? selectionRange(live.current.selection) : null,
      });
    }
    setVisibleStart(range.first);
    const [startColumn, endColumn] = visibleColumns(live.current.columns, ctl.scrollLeft, ctl.scrollLeft + width);
    let loadedRows = 0;
    for (let row = range.first; row < range.end; row++) if (ctl.cache.isRowLoaded(row)) loadedRows++;
    setVisibleWindow((w) =>
      w.first === range.first && w.end === range.end && w.startColumn === startColumn && w.endColumn === endColumn && w.loaded === loadedRows
        ? w
        : { first: range.first, end: range.end, startColumn, endColumn, loaded: loadedRows },
    );
    const allLoaded = ctl.totalRows !== null && (ctl.totalRows === 0 || ctl.cache.isRangeLoaded(range.first, range.end));
    setLoaded(allLoaded);
    setFirstRowText(
      range.end > range.first && ctl.cache.isRowLoaded(range.first)
        ? live.current.columns.map((_, c) => formatCell(ctl.cache.cell(range.first, c))).join(' | ')
        : '',
    );
    ensureData();
  }, [ctl, ensureData, geometry]);

  const scheduleDraw = useCallback(() => {
    if (ctl.frame === null) ctl.frame = window.requestAnimationFrame(draw);
  }, [ctl, draw]);
  const scheduleDrawRef = useRef(scheduleDraw);
  scheduleDrawRef.current = scheduleDraw;

  /** Moves the view to a virtual offset (wheel, keys) and puts the scrollbar where it maps. */
  const moveTo = useCallback(
    (virtualTop: number) => {
      const g = geometry();
      const next = clampVirtualTop(g, virtualTop);
      ctl.direction = next >= ctl.virtualTop ? 1 : -1;
      ctl.virtualTop = next;
      const scroll = scrollRef.current;
      if (scroll) {
        scroll.scrollTop = scrollTopFromVirtualTop(g, next);
        ctl.expectedScrollTop = scroll.scrollTop;
      }
      scheduleDraw();
    },
    [ctl, geometry, scheduleDraw],
  );

  // A new query (sort or filters): drop the cache, cancel the running fetch, go to the top.
  useLayoutEffect(() => {
    if (ctl.queryKey === qkey) return;
    ctl.inflight?.abort.abort();
    ctl.inflight = null;
    ctl.queryKey = qkey;
    ctl.cache = new PageCache();
    ctl.anyLoaded = false;
    ctl.failedQuery = null;
    ctl.totalRows = filters.length === 0 ? (source.rowCount ?? null) : null;
    setTotalRows(ctl.totalRows);
    setError(null);
    setFetching(false);
    setBuilding(null);
    // Nothing of the new query is on screen yet: the test hooks must not report the old rows.
    setLoaded(false);
    setFirstRowText('');
    setVisibleStart(0);
    setSelection(null);
    moveTo(0);
  }, [qkey, ctl, filters.length, source.rowCount, moveTo]);

  // The spacer height follows totalRows; keep the scrollbar consistent with the virtual offset.
  useLayoutEffect(() => {
    moveTo(ctl.virtualTop);
  }, [totalRows, ctl, moveTo]);

  useEffect(() => {
    const scroll = scrollRef.current;
    const viewport = viewportRef.current;
    if (!scroll || !viewport) return;
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey) return; // Browser zoom.
      const g = geometry();
      let dy = wheelDeltaPx(event.deltaY, event.deltaMode, ROW_HEIGHT, g.viewportHeight);
      let dx = wheelDeltaPx(event.deltaX, event.deltaMode, ROW_HEIGHT, scroll.clientWidth);
      if (event.shiftKey && dx === 0) {
        dx = dy;
        dy = 0;
      }
      event.preventDefault();
      if (dy !== 0) moveTo(ctl.virtualTop + dy);
      if (dx !== 0) scroll.scrollLeft += dx;
    };
    const resize = new ResizeObserver(() => moveTo(ctl.virtualTop));
    viewport.addEventListener('wheel', onWheel, { passive: false });
    resize.observe(scroll);
    return () => {
      viewport.removeEventListener('wheel', onWheel);
      resize.disconnect();
    };
  }, [ctl, geometry, moveTo]);

  // Cancel what is still running when the grid goes away.
  useEffect(
    () => () => {
      ctl.inflight?.abort.abort();
      ctl.inflight = null;
      if (ctl.frame !== null) window.cancelAnimationFrame(ctl.frame);
      ctl.frame = null;
    },
    [ctl],
  );

  // Header labels, sort marks and columns are drawn on the canvas: redraw when they change.
  useEffect(() => scheduleDraw(), [columns, sort, selection, scheduleDraw]);

  const onScroll = () => {
    const scroll = scrollRef.current;
    if (!scroll) return;
    if (Math.abs(scroll.scrollTop - ctl.expectedScrollTop) > 1) {
      // The scrollbar was dragged (or the browser scrolled): map its position onto the rows.
      const next = virtualTopFromScrollTop(geometry(), scroll.scrollTop);
      ctl.direction = next >= ctl.virtualTop ? 1 : -1;
      ctl.virtualTop = next;
    }
    ctl.expectedScrollTop = scroll.scrollTop;
    ctl.scrollLeft = scroll.scrollLeft;
    scheduleDraw();
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, button')) return;
    const command = event.ctrlKey || event.metaKey;
    if (command && event.key.toLowerCase() === 'c' && selection) {
      event.preventDefault();
      copySelection();
      return;
    }
    if (command && event.key.toLowerCase() === 'a' && ctl.totalRows && columns.length > 0) {
      event.preventDefault();
      setSelection({ anchor: { row: 0, column: 0 }, focus: { row: ctl.totalRows - 1, column: columns.length - 1 } });
      return;
    }
    if (event.key === 'Escape' && selection) {
      setSelection(null);
      return;
    }
    const key = KEYS[event.key];
    if (key) {
      event.preventDefault();
      moveTo(virtualTopAfterKey(geometry(), ctl.virtualTop, key));
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      if (scrollRef.current) scrollRef.current.scrollLeft += event.key === 'ArrowRight' ? 60 : -60;
    }
  };

  const retry = () => {
    ctl.failedQuery = null;
    setError(null);
    scheduleDraw();
  };

  /** The cell under a point of the page; `clamp` (a drag) takes the nearest cell when outside the rows. */
  const cellAt = (clientX: number, clientY: number, clamp: boolean): CellPosition | null => {
    const scroll = scrollRef.current;
    const layout = live.current.columns;
    if (!scroll || !ctl.totalRows || layout.length === 0) return null;
    const rect = scroll.getBoundingClientRect();
    let x = clientX - rect.left;
    let y = clientY - rect.top;
    // clientWidth/clientHeight leave the scrollbars out: pressing them selects nothing.
    if (!clamp && (x < 0 || x >= scroll.clientWidth || y < TOP_HEIGHT || y >= scroll.clientHeight)) return null;
    x = Math.min(Math.max(x, 0), scroll.clientWidth - 1);
    y = Math.min(Math.max(y, TOP_HEIGHT), scroll.clientHeight - 1);
    const row = rowAtY(geometry(), ctl.virtualTop, y, TOP_HEIGHT) ?? (clamp ? ctl.totalRows - 1 : null);
    const column = columnAtX(layout, x + ctl.scrollLeft) ?? (clamp ? layout.length - 1 : null);
    return row === null || column === null ? null : { row, column };
  };

  const dragEnd = useRef<(() => void) | null>(null);
  useEffect(() => () => dragEnd.current?.(), []);
  /** A drag past a single cell: the click that ends it is a selection, not a row click. */
  const dragged = useRef(false);

  const startSelecting = (event: ReactMouseEvent<HTMLDivElement>) => {
    const cell = cellAt(event.clientX, event.clientY, false);
    if (!cell) return;
    event.preventDefault(); // no text selection while dragging
    dragged.current = false;
    setSelection((current) => extendSelection(current, cell, event.shiftKey));
    const onMove = (move: MouseEvent) => {
      const to = cellAt(move.clientX, move.clientY, true);
      if (!to) return;
      setSelection((current) => {
        if (!current || (current.focus.row === to.row && current.focus.column === to.column)) return current;
        dragged.current = true;
        return { anchor: current.anchor, focus: to };
      });
    };
    const onUp = () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      dragEnd.current = null;
    };
    dragEnd.current?.();
    dragEnd.current = onUp;
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };

  /** Text handed to the copy event that copySelection raises (the selection's TSV). */
  const pendingCopy = useRef<string | null>(null);
  const noticeTimer = useRef<number | null>(null);
  const showNotice = useCallback((notice: CopyNotice) => {
    if (noticeTimer.current !== null) window.clearTimeout(noticeTimer.current);
    setCopyNotice(notice);
    noticeTimer.current = notice && notice.kind !== 'copying' ? window.setTimeout(() => setCopyNotice(null), 4000) : null;
  }, []);
  useEffect(() => () => {
    if (noticeTimer.current !== null) window.clearTimeout(noticeTimer.current);
  }, []);

  /** The selection's TSV when every selected row is loaded (the common case: what is on screen). */
  const loadedSelectionTsv = useCallback((): string | null => {
    const current = live.current.selection;
    if (!current) return null;
    const range = selectionRange(current);
    if (!ctl.cache.isRangeLoaded(range.top, range.bottom + 1)) return null;
    return selectionTsv(range, (row, column) => ctl.cache.cell(row, column));
  }, [ctl]);

  // Copy (Ctrl/⌘+C, or the Edit menu in Electron) while the grid has the focus: the selected cells
  // as TSV. beforecopy is cancelled so Chromium offers the copy command with no text selected.
  useEffect(() => {
    const gridFocused = () => {
      const active = document.activeElement;
      return active !== null && gridRef.current?.contains(active) === true && !fromControl(active) && live.current.selection !== null;
    };
    const onBeforeCopy = (event: Event) => {
      if (gridFocused()) event.preventDefault();
    };
    const onCopy = (event: ClipboardEvent) => {
      const text = pendingCopy.current ?? (gridFocused() ? loadedSelectionTsv() : null);
      if (text === null || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    document.addEventListener('beforecopy', onBeforeCopy);
    document.addEventListener('copy', onCopy);
    return () => {
      document.removeEventListener('beforecopy', onBeforeCopy);
      document.removeEventListener('copy', onCopy);
    };
  }, [loadedSelectionTsv]);

  /** Rows of the selection not loaded yet are fetched first (up to COPY_MAX_ROWS), in the view's order. */
  const copyFetched = async (range: ReturnType<typeof selectionRange>) => {
    const wanted = rangeRows(range);
    const rows = Math.min(wanted, COPY_MAX_ROWS);
    showNotice({ kind: 'copying' });
    try {
      const { sort: currentSort, filters: currentFilters, client: currentClient, source: currentSource } = live.current;
      const values: CellValue[][] = [];
      for (let offset = range.top; offset < range.top + rows; offset += MAX_FETCH_ROWS) {
        const limit = Math.min(MAX_FETCH_ROWS, range.top + rows - offset);
        const page = await currentClient.call('table.page', {
          table: currentSource.table,
          offset,
          limit,
          sort: currentSort,
          filters: currentFilters,
          ...(currentSource.unmasked ? { unmasked: true } : {}),
        });
        const decoded = decodeArrowIPC(page.arrow);
        for (let r = 0; r < decoded.rowCount; r++) values.push(decoded.columns.map((column) => column.values[r] ?? null));
      }
      const text = selectionTsv({ ...range, bottom: range.top + values.length - 1 }, (row, column) => values[row - range.top]?.[column]);
      await navigator.clipboard.writeText(text);
      showNotice({ kind: 'copied', rows: values.length, limited: rows < wanted });
    } catch {
      showNotice({ kind: 'failed' });
    }
  };

  const copySelection = () => {
    const current = live.current.selection;
    if (!current) return;
    const range = selectionRange(current);
    const text = loadedSelectionTsv();
    if (text === null) {
      void copyFetched(range);
      return;
    }
    pendingCopy.current = text;
    // Raises the copy event inside this key press (a user gesture), where clipboardData is writable.
    const copied = document.execCommand('copy');
    pendingCopy.current = null;
    if (copied) showNotice({ kind: 'copied', rows: rangeRows(range), limited: false });
    else
      void navigator.clipboard.writeText(text).then(
        () => showNotice({ kind: 'copied', rows: rangeRows(range), limited: false }),
        () => showNotice({ kind: 'failed' }),
      );
  };

  /** Dragging a header edge sets that column's width; the filter row and canvas follow. */
  const startResize = (event: ReactPointerEvent<HTMLDivElement>, name: string, width: number) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const onMove = (move: PointerEvent) => {
      const next = clampWidth(width + move.clientX - startX);
      setWidths((current) => (current[name] === next ? current : { ...current, [name]: next }));
    };
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };

  /** Double-click on a header edge: as wide as the column's name and the values on screen. */
  const autoFit = (index: number) => {
    const column = columns[index];
    if (!column) return;
    const range = visibleRange(geometry(), ctl.virtualTop);
    const texts: string[] = [];
    for (let row = range.first; row < range.end; row++) if (ctl.cache.isRowLoaded(row)) texts.push(formatCell(ctl.cache.cell(row, index)));
    const width = Math.max(fitWidth(texts, measureWith(FONT)), fitWidth([column.name], measureWith(FONT_BOLD)));
    setWidths((current) => ({ ...current, [column.name]: width }));
  };

  const draftFor = (column: ColumnInfo): Draft => drafts[column.name] ?? { op: defaultOperatorFor(column.type), value: '' };
  const applyDraft = (column: string, draft: Draft) => setFilters((current) => applyColumnFilter(current, column, draft.op, draft.value));
  const setDraft = (column: string, draft: Draft) => setDrafts((current) => ({ ...current, [column]: draft }));

  const openMenu = (event: ReactMouseEvent<HTMLDivElement>) => {
    if (fromControl(event.target)) return;
    const cell = cellAt(event.clientX, event.clientY, false);
    if (!cell || !ctl.cache.isRowLoaded(cell.row)) return;
    event.preventDefault();
    // A right-click outside the selection selects that cell, so Copy copies what was clicked.
    const current = live.current.selection;
    if (!current || !inRange(selectionRange(current), cell.row, cell.column)) {
      const single = { anchor: cell, focus: cell };
      live.current.selection = single;
      setSelection(single);
    }
    const rect = gridRef.current?.getBoundingClientRect();
    setMenu({ x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0), cell });
  };
  useEffect(() => {
    if (!menu) return;
    const close = (event: MouseEvent) => {
      if (!(event.target instanceof Element && event.target.closest('.grid-context-menu'))) setMenu(null);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menu]);
  const customerColumn = source.columns.findIndex((c) => c.name === 'customer_id');
  const menuValue = menu ? ctl.cache.cell(menu.cell.row, menu.cell.column) : undefined;
  const menuCustomer = menu && customerColumn >= 0 ? ctl.cache.cell(menu.cell.row, customerColumn) : undefined;
  const filterByMenuValue = () => {
    const column = menu ? source.columns[menu.cell.column] : undefined;
    setMenu(null);
    if (!column || menuValue === undefined) return;
    // The value as the engine sent it: a masked cell filters by its masked text (which matches nothing in clear data).
    setFilters((current) => (menuValue === null ? applyColumnFilter(current, column.name, 'is_null', '') : applyColumnFilter(current, column.name, '=', formatCell(menuValue))));
  };

  const rowsText =
    totalRows === null ? t('grid.loading') : t(filters.length > 0 ? 'grid.rowsFiltered' : 'grid.rows', { rows: formatCount(totalRows, intlLocale) });

  return (
    <div
      className="grid"
      data-testid={testId}
      data-total-rows={totalRows ?? undefined}
      data-visible-start={visibleStart}
      data-loaded={loaded ? 'true' : 'false'}
      tabIndex={0}
      ref={gridRef}
      onKeyDown={onKeyDown}
      role="region"
      aria-label={t('grid.label', { rows: totalRows === null ? '…' : formatCount(totalRows, intlLocale) })}
    >
      <div className="grid-toolbar">
        <span className="grid-title">{title}</span>
        <span className="grid-count">{rowsText}</span>
        {fetching && !building && <span className="grid-fetching">{t('grid.loading')}</span>}
        {building && (
          <span className="grid-building" role="status" data-testid="grid-building">
            <span data-testid="grid-building-text">
              {building.progress?.fraction != null
                ? t('grid.buildingPercent', {
                    step: building.progress.message ? formatProgress(t, building.progress.message) : t('grid.building'),
                    percent: Math.round(building.progress.fraction * 100),
                  })
                : building.progress?.message
                  ? formatProgress(t, building.progress.message)
                  : t('grid.building')}
            </span>
            {building.progress?.fraction != null && <progress className="grid-progress" max={1} value={building.progress.fraction} />}
            <button type="button" className="button" data-testid="grid-cancel" onClick={cancelBuild}>
              {t('grid.cancel')}
            </button>
          </span>
        )}
        {selection && (
          <span className="grid-selection-size muted" data-testid="grid-selection-size">
            {t('grid.selection', {
              rows: formatCount(rangeRows(selectionRange(selection)), intlLocale),
              columns: formatCount(Math.abs(selection.focus.column - selection.anchor.column) + 1, intlLocale),
            })}
          </span>
        )}
        {copyNotice && (
          <span className={copyNotice.kind === 'failed' ? 'grid-copy-notice error-text' : 'grid-copy-notice'} role="status" data-testid="grid-copy-notice" data-kind={copyNotice.kind}>
            {copyNotice.kind === 'copying'
              ? t('grid.copying')
              : copyNotice.kind === 'failed'
                ? t('grid.copyFailed')
                : t(copyNotice.limited ? 'grid.copiedLimited' : 'grid.copied', { rows: formatCount(copyNotice.rows, intlLocale) })}
          </span>
        )}
        <span className="grid-toolbar-spacer" />
        <button type="button" className="button small" data-testid="grid-export" onClick={() => setExporting(true)} disabled={source.columns.length === 0}>
          {t('grid.export')}
        </button>
        {sort && (
          <button type="button" className="chip" onClick={() => setSort(null)} title={t('grid.clearSort')}>
            {t('grid.sortedBy', { column: sort.column, direction: t(sort.descending ? 'grid.descending' : 'grid.ascending') })} ✕
          </button>
        )}
        {filters.length > 0 && (
          <button
            type="button"
            className="chip"
            onClick={() => {
              setFilters([]);
              setDrafts({});
            }}
            title={t('grid.clearFilters')}
          >
            {t('grid.filters', { count: filters.length })} ✕
          </button>
        )}
      </div>
      {error && (
        <div className="grid-error" role="alert" data-testid="grid-error">
          <span>{formatAppError(t, error)}</span>
          <button type="button" className="link-button" onClick={retry}>
            ↻
          </button>
        </div>
      )}
      <div className="grid-viewport" ref={viewportRef}>
        <canvas ref={canvasRef} className="grid-canvas" aria-hidden="true" />
        <div
          className="grid-scroll"
          data-testid="grid-scroll"
          ref={scrollRef}
          onScroll={onScroll}
          onContextMenu={openMenu}
          onMouseDown={(event) => {
            setMenu(null);
            if (fromControl(event.target)) return;
            gridRef.current?.focus({ preventScroll: true });
            if (event.button === 0) startSelecting(event);
          }}
          onClick={(event) => {
            if (!onRowClick || fromControl(event.target) || event.shiftKey || dragged.current) return;
            const scroll = scrollRef.current;
            if (!scroll) return;
            const y = event.clientY - scroll.getBoundingClientRect().top;
            const row = rowAtY(geometry(), ctl.virtualTop, y, TOP_HEIGHT);
            if (row === null || !ctl.cache.isRowLoaded(row)) return;
            onRowClick({ row, values: live.current.columns.map((_, c) => ctl.cache.cell(row, c) ?? null) });
          }}
        >
          <div className="grid-sticky" style={{ width: contentWidth, height: TOP_HEIGHT }}>
            <div className="grid-header-row" style={{ height: HEADER_HEIGHT }}>
              {columns.map((column, index) => {
                const sorted = sort?.column === column.name ? (sort.descending ? 'desc' : 'asc') : null;
                const label =
                  sorted === 'asc'
                    ? t('grid.headerSortedAsc', { column: column.name, type: column.type })
                    : sorted === 'desc'
                      ? t('grid.headerSortedDesc', { column: column.name, type: column.type })
                      : t('grid.header', { column: column.name, type: column.type });
                return [
                  <button
                    key={column.name}
                    type="button"
                    className="grid-header-cell"
                    data-testid={`grid-header-${column.name}`}
                    style={{ left: column.x, width: column.width }}
                    aria-label={column.label ? `${column.label}: ${label}` : label}
                    title={column.label ? t('grid.headerTooltip', { name: column.label, column: column.name, type: column.type, definition: column.definition ?? '' }) : label}
                    onClick={() => setSort((current) => nextSort(current, column.name))}
                  >
                    <span className="visually-hidden">
                      {column.label ? `${column.label} ` : ''}
                      {column.name} {column.type}
                    </span>
                  </button>,
                  <div
                    key={`${column.name}\u0000resize`}
                    className="grid-resize-handle"
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={t('grid.resizeColumn', { column: column.name })}
                    title={t('grid.resizeColumn', { column: column.name })}
                    data-testid={`grid-resize-${column.name}`}
                    style={{ left: column.x + column.width - 4 }}
                    onPointerDown={(event) => startResize(event, column.name, column.width)}
                    onDoubleClick={() => autoFit(index)}
                  />,
                ];
              })}
            </div>
            <div className="grid-filter-row" style={{ height: FILTER_ROW_HEIGHT }}>
              {source.columns.map((column, index) => {
                const layout = columns[index]!;
                const draft = draftFor(column);
                const active = filters.some((f) => f.column === column.name);
                return (
                  <div key={column.name} className={active ? 'grid-filter-cell active' : 'grid-filter-cell'} style={{ left: layout.x, width: layout.width }}>
                    <select
                      value={draft.op}
                      data-testid={`grid-filter-op-${column.name}`}
                      aria-label={t('grid.filterOp', { column: column.name })}
                      onChange={(event) => {
                        const next = { ...draft, op: event.target.value as FilterOperator };
                        setDraft(column.name, next);
                        if (!operatorNeedsValue(next.op) || active) applyDraft(column.name, next);
                      }}
                    >
                      {FILTER_OPERATORS.map((op) => (
                        <option key={op} value={op}>
                          {t(`op.${op}`)}
                        </option>
                      ))}
                    </select>
                    <input
                      type="text"
                      value={draft.value}
                      disabled={!operatorNeedsValue(draft.op)}
                      placeholder={t('grid.filterPlaceholder')}
                      data-testid={`grid-filter-value-${column.name}`}
                      aria-label={t('grid.filterValue', { column: column.name })}
                      onChange={(event) => setDraft(column.name, { ...draft, value: event.target.value })}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') {
                          event.preventDefault();
                          applyDraft(column.name, draft);
                        } else if (event.key === 'Escape') {
                          const cleared = { ...draft, value: '' };
                          setDraft(column.name, cleared);
                          applyDraft(column.name, cleared);
                        }
                      }}
                    />
                  </div>
                );
              })}
            </div>
          </div>
          <div style={{ width: contentWidth, height: spacerHeight({ totalRows: totalRows ?? 0, rowHeight: ROW_HEIGHT, viewportHeight: 0 }) }} />
        </div>
        {source.columns.length === 0 && <div className="grid-empty">{t('grid.noColumns')}</div>}
      </div>
      {menu && (
        <div className="grid-context-menu" role="menu" data-testid="grid-context-menu" style={{ left: menu.x, top: menu.y }} onKeyDown={(event) => event.key === 'Escape' && setMenu(null)}>
          <button
            type="button"
            role="menuitem"
            data-testid="grid-menu-copy"
            onClick={() => {
              setMenu(null);
              gridRef.current?.focus({ preventScroll: true });
              copySelection();
            }}
          >
            {t('grid.menu.copy')}
          </button>
          <button type="button" role="menuitem" data-testid="grid-menu-filter" onClick={filterByMenuValue}>
            {t('grid.menu.filter', { value: menuValue === null ? NULL_TEXT : formatCell(menuValue).slice(0, 40) })}
          </button>
          {onOpenCustomer && menuCustomer !== undefined && menuCustomer !== null && (
            <button
              type="button"
              role="menuitem"
              data-testid="grid-menu-open-customer"
              onClick={() => {
                setMenu(null);
                onOpenCustomer(String(menuCustomer));
              }}
            >
              {t('grid.menu.openCustomer', { id: String(menuCustomer) })}
            </button>
          )}
        </div>
      )}
      {exporting && <TableExportDialog client={client} table={source.table} view={{ sort, filters }} title={title} onClose={() => setExporting(false)} />}
      <GridAccessibility
        label={title}
        columns={columns}
        window={visibleWindow}
        totalRows={totalRows}
        cell={(row, column) => ctl.cache.cell(row, column)}
        isRowLoaded={(row) => ctl.cache.isRowLoaded(row)}
        selection={selection ? selectionRange(selection) : null}
        sort={sort}
        testId={testId}
      />
      <div className="visually-hidden" data-testid="grid-first-row">
        {firstRowText}
      </div>
    </div>
  );
}
