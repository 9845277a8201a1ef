import type { QualityCheck, QualityResult } from '../../shared/import-types';
import { maskedStar, type MaskedColumn } from '../privacy/masked-views';
import { personalRule } from '../privacy/personal-columns';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral as lit } from '../sql/literals';
import type { Session } from '../workspace';
import { CANONICAL_MODEL, isCanonicalTable } from './canonical-model';

/**
 * Data-quality checks across the canonical tables that exist (DESIGN.md §2): duplicate and missing
 * keys, accounts without a customer, transactions without an account, dates after the data's
 * as-of date or before 1900, and negative balances where a balance cannot be negative.
 *
 * The as-of date is the latest activity date in the data, never the wall clock: the latest of the
 * activity columns (transactions, balances, contacts, events) once an isolated tail is set aside —
 * dates more than a year after all the rest, held by at most 1 % of the activity rows (at least one row) —
 * so that a planted 2099 does not become "today".
 */

/** Canonical date columns checked against the as-of date (maturities such as holdings.end_date may be later). */
const FUTURE_CHECKED: Record<string, string[]> = {
  customers: ['birth_date', 'onboard_date'],
  accounts: ['open_date', 'close_date'],
  transactions: ['ts'],
  balances: ['month'],
  holdings: ['start_date'],
  contacts: ['contact_ts', 'response_ts'],
  events: ['ts'],
};
/** Canonical date columns checked for impossible early dates. */
const EARLY_CHECKED: Record<string, string[]> = { ...FUTURE_CHECKED, holdings: ['start_date', 'end_date'] };
/** Activity columns: their latest date is the data's as-of date. */
const ACTIVITY: Array<[string, string]> = [['transactions', 'ts'], ['balances', 'month'], ['contacts', 'contact_ts'], ['events', 'ts']];

/** Products whose balance may be negative (loans, credit cards, overdrafts). */
const MAY_BE_NEGATIVE = ['loan', 'credit', 'overdraft', 'mortgage', '贷', '信用卡', '透支', '按揭', '借款'];

const DATED = /^(DATE|TIMESTAMP.*)$/i;

type Columns = Map<string, Map<string, string>>;

async function canonicalColumns(session: Session): Promise<Columns> {
  const rows = await session.rows<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = $db AND schema_name = 'main' ORDER BY table_name, column_index`,
    { db: session.catalog },
  );
  const out: Columns = new Map();
  for (const r of rows) {
    if (!isCanonicalTable(r.table_name)) continue;
    if (!out.has(r.table_name)) out.set(r.table_name, new Map());
    out.get(r.table_name)!.set(r.column_name, r.data_type);
  }
  return out;
}


export async function runQualityChecks(session: Session, options: { examples: number; unmasked?: boolean }): Promise<QualityResult> {
  const tables = await canonicalColumns(session);
  const has = (table: string, ...columns: string[]) => columns.every((c) => tables.get(table)?.has(c));
  const dated = (table: string, column: string) => DATED.test(tables.get(table)?.get(column) ?? '');
  const checks: QualityCheck[] = [];
  const n = options.examples;
  /** The personal columns of a table's example rows, read in their masked form unless the caller unmasked (privacy/masked-views.ts). */
  const personal = (table: string, only: readonly string[] | null = null): MaskedColumn[] =>
    options.unmasked
      ? []
      : [...(tables.get(table) ?? new Map<string, string>())].flatMap(([name, type]): MaskedColumn[] => {
          const rule = only === null || only.includes(name) ? personalRule(table, { name, type }) : null;
          return rule === null ? [] : [{ name, rule }];
        });

  /** Count and example rows of `FROM … WHERE …` (examples as JSON-safe objects, `masked` columns in their masked form). */
  const offending = async (from: string, where: string, orderBy: string, masked: readonly MaskedColumn[]): Promise<{ count: number; examples: QualityCheck['examples'] }> => {
    const [c] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
    const examples =
      n === 0 ? [] : await session.rows<{ j: string }>(`SELECT CAST(to_json(x) AS VARCHAR) AS j FROM (SELECT ${maskedStar(masked)} FROM (SELECT * FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ${n})) x`);
    return { count: Number(c?.n ?? 0), examples: examples.map((e) => JSON.parse(e.j) as QualityCheck['examples'][number]) };
  };
  const push = (id: QualityCheck['id'], severity: QualityCheck['severity'], table: string, column: string | null, result: { count: number; examples: QualityCheck['examples'] }) =>
    checks.push({ id, severity, table, column, descriptionKey: `quality.${id}`, ...result });
  /** A column the export did not carry is all NULL: checks on it are skipped. */
  const carried = async (table: string, column: string) => {
    const [r] = await session.rows<{ n: bigint }>(`SELECT count(${quoteIdent(column)}) AS n FROM ${quoteIdent(table)}`);
    return Number(r?.n ?? 0) > 0;
  };

  // Keys: duplicates (key values held by more than one row) and rows without a key.
  for (const [table] of tables) {
    if (!isCanonicalTable(table)) continue;
    const key = CANONICAL_MODEL[table].key;
    if (!has(table, ...key)) continue;
    const t = quoteIdent(table);
    const k = key.map(quoteIdent);
    const notNull = k.map((c) => `${c} IS NOT NULL`).join(' AND ');
    const groups = `(SELECT ${k.join(', ')}, count(*) AS occurrences FROM ${t} WHERE ${notNull} GROUP BY ALL HAVING count(*) > 1)`;
    push('duplicate_key', 'error', table, key.join(','), await offending(groups, 'true', k.join(', '), personal(table, key)));
    push('missing_key', 'error', table, key.join(','), await offending(t, k.map((c) => `${c} IS NULL`).join(' OR '), 'ALL', personal(table)));
  }

  // References.
  if (has('accounts', 'customer_id') && has('customers', 'customer_id') && (await carried('accounts', 'customer_id'))) {
    push('account_without_customer', 'error', 'accounts', 'customer_id',
      await offending('accounts a', 'a.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = a.customer_id)', 'ALL', personal('accounts')));
  }
  if (has('transactions', 'account_id') && has('accounts', 'account_id') && (await carried('transactions', 'account_id'))) {
    push('transaction_without_account', 'error', 'transactions', 'account_id',
      await offending('transactions x', 'x.account_id IS NULL OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = x.account_id)', 'ALL', personal('transactions')));
  }

  // Dates: the as-of date, then dates after it and before 1900.
  const asOf = await latestActivityDate(session, tables, dated);
  for (const [table, columns] of Object.entries(FUTURE_CHECKED)) {
    for (const column of columns) {
      if (!has(table, column) || !dated(table, column) || asOf === null) continue;
      // A timestamp on the as-of day is not in the future: compare days.
      push('future_date', 'warning', table, column, await offending(quoteIdent(table), `CAST(${quoteIdent(column)} AS DATE) > DATE ${lit(asOf)}`, `${quoteIdent(column)} DESC`, personal(table)));
    }
  }
  for (const [table, columns] of Object.entries(EARLY_CHECKED)) {
    for (const column of columns) {
      if (!has(table, column) || !dated(table, column)) continue;
      push('date_before_1900', 'error', table, column, await offending(quoteIdent(table), `CAST(${quoteIdent(column)} AS DATE) < DATE '1900-01-01'`, quoteIdent(column), personal(table)));
    }
  }

  // Balances that cannot be negative: every product but loans, credit cards and overdrafts; AUM.
  if (has('accounts', 'balance')) {
    const allowed = has('accounts', 'product_type')
      ? `(${MAY_BE_NEGATIVE.map((p) => `contains(lower(coalesce(product_type, '')), ${lit(p)})`).join(' OR ')})`
      : 'false';
    push('negative_balance', 'error', 'accounts', 'balance', await offending('accounts', `balance < 0 AND NOT ${allowed}`, 'ALL', personal('accounts')));
  }
  if (has('balances', 'aum')) push('negative_balance', 'error', 'balances', 'aum', await offending('balances', 'aum < 0', 'ALL', personal('balances')));

  return { asOf, checks };
}

async function latestActivityDate(session: Session, tables: Columns, dated: (t: string, c: string) => boolean): Promise<string | null> {
  let sources = ACTIVITY.filter(([t, c]) => tables.get(t)?.has(c) && dated(t, c));
  // Without activity tables, the latest of the other dates as it is (no tail is set aside: with
  // few and sparse dates, a gap says nothing).
  const activity = sources.length > 0;
  if (!activity) sources = Object.entries(FUTURE_CHECKED).flatMap(([t, cs]) => cs.map((c) => [t, c] as [string, string])).filter(([t, c]) => tables.get(t)?.has(c) && dated(t, c));
  if (sources.length === 0) return null;
  const union = sources
    .map(([t, c]) => `SELECT CAST(${t === 'balances' && c === 'month' ? `last_day(${quoteIdent(c)})` : quoteIdent(c)} AS DATE) AS d FROM ${quoteIdent(t)} WHERE ${quoteIdent(c)} >= DATE '1900-01-01'`)
    .join(' UNION ALL ');
  // Distinct days, newest first, with the gap to the next older day and the rows at or after each.
  const [row] = await session.rows<{ as_of: string | null }>(
    `WITH a AS (${union}), days AS (SELECT d, count(*) AS n FROM a GROUP BY d),
          g AS (SELECT d, d - lag(d) OVER (ORDER BY d) AS gap, sum(n) OVER (ORDER BY d DESC) AS tail, lag(d) OVER (ORDER BY d) AS prev FROM days),
          total AS (SELECT count(*) AS n FROM a),
          cut AS (SELECT min(prev) AS prev FROM g, total WHERE ${activity ? 'true' : 'false'} AND gap > 366 AND tail <= greatest(1, total.n * 0.01))
     SELECT CAST(coalesce((SELECT max(d) FROM g, cut WHERE cut.prev IS NOT NULL AND g.d <= cut.prev), (SELECT max(d) FROM days)) AS VARCHAR) AS as_of`,
  );
  return row?.as_of ?? null;
}
