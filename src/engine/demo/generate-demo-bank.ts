import { AppError } from '../../shared/errors';
import type { ProgressSpan, Session, SqlParams } from '../workspace';
import { accountPlanSql, accountsTableSql } from './demo-accounts-sql';
import { balancesTableSql, customerTotalsSql } from './demo-balances-sql';
import { demoCalendar } from './demo-calendar';
import { contactsTableSql, eventsTableSql } from './demo-campaigns-sql';
import { customerPlanSql, customersTableSql } from './demo-customers-sql';
import { holdingsTableSql } from './demo-holdings-sql';
import {
  createTransactionsSql, insertBankPostingsSql, insertClosingTransfersSql, insertDiscretionarySql, insertOutflowSql,
  insertPayrollSql, payrollPlanSql,
} from './demo-transactions-sql';
import { computeDemoTruth, writeDemoTruth } from './demo-truth';
import { quoteIdent } from '../sql/identifiers';
import type { ProgressText } from '../../shared/protocol';

export interface DemoBankOptions {
  customers: number;
  months: number;
  seed: number;
  /**
   * Mean customer-initiated transactions (consumption, transfers, cash) per customer over the whole
   * window, for a customer active all along; payroll, its outflow, interest and fees come on top.
   */
  transactionsPerCustomer?: number;
}

export interface DemoBankSummary {
  customers: number;
  tables: Array<{ name: string; rows: number }>;
}

export const DEMO_TABLES = ['customers', 'accounts', 'transactions', 'balances', 'holdings', 'contacts', 'events'] as const;
const WORK_TABLES = ['demo_customer_plan', 'demo_accounts', 'demo_customer_totals', 'demo_payroll'];
const DEFAULT_TRANSACTIONS_PER_CUSTOMER = 30;

interface Step {
  message: ProgressText;
  /** Share of the whole job's time this step roughly takes (measured at 1M customers). */
  weight: number;
  sql: string;
}

/** Only the parameters a statement mentions: DuckDB rejects unused named parameters. */
function bindUsed(sql: string, params: Record<string, number>): SqlParams | undefined {
  const used = Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql));
  return used.length === 0 ? undefined : Object.fromEntries(used);
}

/**
 * Generates the seeded, deterministic demo bank inside one transaction (a cancelled or failed run
 * leaves the workspace exactly as it was), then writes its truth to _sw_demo_truth.
 */
export async function generateDemoBank(session: Session, options: DemoBankOptions): Promise<DemoBankSummary> {
  const transactionsPerCustomer = options.transactionsPerCustomer ?? DEFAULT_TRANSACTIONS_PER_CUSTOMER;
  for (const [name, value] of Object.entries({ customers: options.customers, months: options.months, seed: options.seed })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new AppError('INVALID_ARGUMENT', `demo bank: ${name} must be a non-negative integer, got ${value}`, { option: name, value });
  }
  if (options.customers < 1 || options.months < 1) throw new AppError('INVALID_ARGUMENT', 'demo bank: needs at least one customer and one month');
  if (!(transactionsPerCustomer >= 0)) throw new AppError('INVALID_ARGUMENT', 'demo bank: transactionsPerCustomer must be ≥ 0', { transactionsPerCustomer });
  const cal = demoCalendar(options.months);
  const params = { seed: options.seed, n: options.customers, months: options.months, disc_per_customer: transactionsPerCustomer };

  const steps: Step[] = [
    { message: { key: 'progress.demo.customers' }, weight: 0.08, sql: customerPlanSql(cal) },
    { message: { key: 'progress.demo.customers' }, weight: 0.03, sql: customersTableSql() },
    { message: { key: 'progress.demo.accounts' }, weight: 0.08, sql: accountPlanSql(cal) },
    { message: { key: 'progress.demo.accounts' }, weight: 0.04, sql: accountsTableSql() },
    { message: { key: 'progress.demo.balances' }, weight: 0.04, sql: customerTotalsSql() },
    { message: { key: 'progress.demo.balances' }, weight: 0.14, sql: balancesTableSql(cal) },
    { message: { key: 'progress.demo.holdings' }, weight: 0.02, sql: holdingsTableSql() },
    { message: { key: 'progress.demo.transactions' }, weight: 0.01, sql: createTransactionsSql() },
    { message: { key: 'progress.demo.transactions' }, weight: 0.03, sql: payrollPlanSql(cal) },
    { message: { key: 'progress.demo.transactions' }, weight: 0.04, sql: insertPayrollSql() },
    { message: { key: 'progress.demo.transactions' }, weight: 0.02, sql: insertOutflowSql() },
    { message: { key: 'progress.demo.transactions' }, weight: 0.25, sql: insertDiscretionarySql(cal) },
    { message: { key: 'progress.demo.transactions' }, weight: 0.04, sql: insertBankPostingsSql(cal) },
    { message: { key: 'progress.demo.transactions' }, weight: 0.01, sql: insertClosingTransfersSql() },
    { message: { key: 'progress.demo.contacts' }, weight: 0.04, sql: contactsTableSql(cal) },
    { message: { key: 'progress.demo.events' }, weight: 0.01, sql: eventsTableSql(cal) },
  ];
  const truthWeight = 0.12;
  const total = steps.reduce((sum, step) => sum + step.weight, 0) + truthWeight;

  return session.transaction(async () => {
    let done = 0;
    for (const step of steps) {
      const span: ProgressSpan = { from: done / total, to: (done + step.weight) / total, message: step.message };
      await session.run(step.sql, bindUsed(step.sql, params), span);
      done += step.weight;
    }
    for (const table of WORK_TABLES) await session.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(table)}`);
    // A trivial statement with a span tells the UI the truth phase has started (its queries are short).
    await session.run('SELECT 1', undefined, { from: done / total, to: 1, message: { key: 'progress.demo.truth' } });
    const truth = await computeDemoTruth(session, cal, { seed: options.seed, customers: options.customers, months: options.months, transactionsPerCustomer });
    await writeDemoTruth(session, truth);
    const tables: DemoBankSummary['tables'] = [];
    for (const name of DEMO_TABLES) {
      const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
      tables.push({ name, rows: Number(row?.n ?? 0) });
    }
    return { customers: options.customers, tables };
  });
}
