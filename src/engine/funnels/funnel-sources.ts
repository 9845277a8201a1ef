import { AppError } from '../../shared/errors';
import { FUNNEL_COLUMNS, type FunnelSource } from '../../shared/funnel-types';
import type { ColumnInfo } from '../../shared/table-types';
import { quoteIdent } from '../sql/identifiers';

/**
 * The one event view of a funnel: every source as rows (customer_id, ts, its whitelisted columns
 * and the event properties the funnel names), over the canonical tables. Opening and closing an
 * account, buying a product and its maturity, a contact and a response are each a dated row.
 */
interface SourceShape {
  table: string;
  ts: string;
  /** Rows that are not events of this source (an account never closed). */
  where?: string;
}

export const SOURCE_SHAPES: Record<FunnelSource, SourceShape> = {
  events: { table: 'events', ts: 'ts' },
  transactions: { table: 'transactions', ts: 'ts' },
  accounts_opened: { table: 'accounts', ts: 'open_date' },
  accounts_closed: { table: 'accounts', ts: 'close_date' },
  holdings_bought: { table: 'holdings', ts: 'start_date' },
  holdings_matured: { table: 'holdings', ts: 'end_date' },
  contacts: { table: 'contacts', ts: 'contact_ts' },
  responses: { table: 'contacts', ts: 'response_ts', where: 'coalesce(responded, false)' },
};

/** Workspace tables → their columns (name → type). */
export type TableColumns = ReadonlyMap<string, ReadonlyMap<string, string>>;

const PROPERTY_PREFIX = 'properties.';

/** The columns a step's filters and properties may name, with their types (a property of an event is text). */
export function sourceCatalog(source: FunnelSource, tables: TableColumns, properties: readonly string[]): Map<string, ColumnInfo> {
  const shape = SOURCE_SHAPES[source];
  const columns = tables.get(shape.table);
  if (!columns) throw new AppError('NOT_FOUND', `the workspace has no ${shape.table} table, which this step reads`, { table: shape.table }, 'error.SEGMENT_SOURCE_MISSING');
  for (const needed of ['customer_id', shape.ts]) {
    if (!columns.has(needed)) throw new AppError('NOT_FOUND', `${shape.table} has no column ${needed}, which this step needs`, { table: shape.table, column: needed }, 'error.SEGMENT_SOURCE_MISSING');
  }
  const catalog = new Map<string, ColumnInfo>();
  for (const name of FUNNEL_COLUMNS[source]) {
    const type = columns.get(name);
    if (type) catalog.set(name, { name, type });
  }
  if (source === 'events' && columns.has('properties')) {
    for (const p of properties) if (p.startsWith(PROPERTY_PREFIX)) catalog.set(p, { name: p, type: 'VARCHAR' });
  }
  return catalog;
}

/** SELECT of a source's rows: customer_id, _ts and the catalog's columns (event properties extracted from the JSON). */
export function sourceRelation(source: FunnelSource, catalog: ReadonlyMap<string, ColumnInfo>, bind: (value: string) => string): string {
  const shape = SOURCE_SHAPES[source];
  const columns = [...catalog.keys()].map((name) =>
    name.startsWith(PROPERTY_PREFIX)
      ? `json_extract_string(CAST(properties AS JSON), ${bind(`$.${name.slice(PROPERTY_PREFIX.length)}`)}) AS ${quoteIdent(name)}`
      : quoteIdent(name),
  );
  const where = [`customer_id IS NOT NULL`, `${quoteIdent(shape.ts)} IS NOT NULL`, ...(shape.where ? [shape.where] : [])];
  return `SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(${quoteIdent(shape.ts)} AS TIMESTAMP) AS _ts${columns.length ? `, ${columns.join(', ')}` : ''}
    FROM ${quoteIdent(shape.table)} WHERE ${where.join(' AND ')}`;
}
