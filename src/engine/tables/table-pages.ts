import type { ColumnInfo, PageResult } from '../../shared/table-types';
import type { MethodParsedParams } from '../../shared/methods';
import { readerToArrowIPC } from '../arrow/result-to-arrow';
import { sourceMaskedColumns, type ColumnMask } from '../privacy/mask-policy';
import { maskedStar, type MaskedColumn } from '../privacy/masked-views';
import { maskRuleFor } from '../privacy/mask-values';
import { qualifiedName } from '../sql/identifiers';
import type { Session } from '../workspace';
import { describeColumns, exactRowCount, tableSql } from './table-catalog';
import { viewRowsSql } from './view-rows-sql';

type PageParams = MethodParsedParams<'table.page'>;

const SNAPSHOT_PREFIX = '_sw_view_';
const SNAPSHOTS_KEPT = 2;

/**
 * Windows of rows for the grid. A plain table is paged directly (DuckDB skips to an offset in
 * milliseconds). A sorted or filtered view would re-sort 5 M rows on every scroll, so it is
 * materialised once into a scratch snapshot in view order and then paged like a plain table.
 *
 * While masked, the personal columns are read in their masked form (privacy/masked-views.ts): a
 * view's snapshot is built with the personal columns its filters and sort read in masked form, so
 * they and its row count see masked values only; every other personal column is masked in SQL on
 * the window the page returns (masking all of them into the snapshot cost a third more on a sort).
 */
export class TablePager {
  private readonly snapshots = new Map<string, { name: string; rows: number }>();
  private readonly shapes = new Map<string, { columns: ColumnInfo[]; rows: number }>();
  private nextSnapshot = 1;

  constructor(
    private readonly dataVersion: () => number,
    /** How each column of a table is masked when the page is (privacy/mask-policy.ts). */
    private readonly maskPolicy: (table: PageParams['table']) => (column: ColumnInfo) => ColumnMask = () => maskRuleFor,
  ) {}

  async page(session: Session, params: PageParams): Promise<PageResult> {
    const shape = await this.shapeOf(session, params.table);
    const policy = this.maskPolicy(params.table);
    const masked = params.unmasked ? [] : sourceMaskedColumns(shape.columns, policy);
    const plain = params.sort === null && params.filters.length === 0;
    // The columns the view's filters and sort read are masked before them; the others on the window (200 rows, not the table).
    const viewed = new Set([...params.filters.map((f) => f.column), ...(params.sort ? [params.sort.column] : [])]);
    const source = plain ? { sql: tableSql(session, params.table), rows: shape.rows } : await this.snapshot(session, params, shape.columns, masked.filter((c) => viewed.has(c.name)));
    const atPage = masked.filter((c) => !viewed.has(c.name));
    const reader = await session.read(`SELECT ${maskedStar(atPage)} FROM (SELECT * FROM ${source.sql} LIMIT $limit OFFSET $offset) AS page`, {
      limit: params.limit,
      offset: params.offset,
    });
    // The shape net on the window's values, before anything is encoded for the UI (free text no column rule knows of).
    return { arrow: readerToArrowIPC(reader, { maskPersonalData: !params.unmasked, maskRule: policy }), offset: params.offset, totalRows: source.rows };
  }

  /** `masked`: the personal columns the view reads, masked before its filters and sort. */
  private async snapshot(session: Session, params: PageParams, columns: ColumnInfo[], masked: readonly MaskedColumn[]): Promise<{ sql: string; rows: number }> {
    const key = JSON.stringify([this.dataVersion(), params.table, params.sort, params.filters, masked]);
    const existing = this.snapshots.get(key);
    const found = existing ? await this.stillExists(session, existing.name) : false;
    if (existing && found) return { sql: snapshotSql(existing.name), rows: existing.rows };

    const view = await viewRowsSql(session, params.table, columns, masked, params, { ordered: true });
    const name = `${SNAPSHOT_PREFIX}${this.nextSnapshot++}`;
    await session.run(
      `CREATE OR REPLACE TABLE ${snapshotSql(name)} AS ${view.sql}`,
      view.params,
      // Sorting millions of rows takes seconds: the grid shows DuckDB's progress and can cancel.
      { from: 0, to: 1, message: { key: params.sort ? 'progress.grid.sorting' : 'progress.grid.filtering' } },
    );
    const rows = await exactRowCount(session, { schema: 'scratch', name });
    this.snapshots.set(key, { name, rows });
    await this.evictOld(session);
    return { sql: snapshotSql(name), rows };
  }

  /**
   * Columns and row count, cached until the next write: while the user scrolls, each page costs one
   * query, not three (the catalog look-ups cost more than the page itself).
   */
  private async shapeOf(session: Session, table: PageParams['table']): Promise<{ columns: ColumnInfo[]; rows: number }> {
    const key = JSON.stringify([this.dataVersion(), table.schema, table.name]);
    const cached = this.shapes.get(key);
    if (cached) return cached;
    const shape = { columns: await describeColumns(session, table), rows: await exactRowCount(session, table) };
    if (this.shapes.size > 50) this.shapes.clear();
    this.shapes.set(key, shape);
    return shape;
  }

  private async stillExists(session: Session, name: string): Promise<boolean> {
    const rows = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = 'scratch' AND table_name = $name`, { name });
    return rows.length > 0;
  }

  private async evictOld(session: Session): Promise<void> {
    while (this.snapshots.size > SNAPSHOTS_KEPT) {
      const [oldestKey, oldest] = this.snapshots.entries().next().value as [string, { name: string }];
      this.snapshots.delete(oldestKey);
      await session.run(`DROP TABLE IF EXISTS ${snapshotSql(oldest.name)}`);
    }
  }
}

function snapshotSql(name: string): string {
  return qualifiedName('scratch', 'main', name);
}
