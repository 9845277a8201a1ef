import type { FunnelSpec } from '../../shared/funnel-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * The one hand-over between evaluating a funnel and counting it: a temporary table with a row per
 * customer who entered (step 1 reached) — which steps she reached and the timestamps of the path
 * shown. Two evaluations fill it (sql-funnel.ts in DuckDB for plain ordered funnels, the stream
 * evaluation in JS for every other kind, funnel-stream.ts); one aggregation reads it
 * (aggregate-funnel.ts), as does the drop-off segment.
 *
 * Columns: customer_id VARCHAR, reached INTEGER (bit k: step k reached), t0 … t{n-1} TIMESTAMP
 * (the path's row for step k, NULL where the path skips it), bf0 … the value of each profile-field
 * breakdown and, for the JS evaluation, p0 … the value of each property breakdown on the path
 * (attribution applied).
 */
export const OUTCOMES_TABLE = '_sw_funnel_outcomes';

export const timeColumn = (k: number) => `t${k}`;
export const propertyColumn = (i: number) => `p${i}`;
/** The value of the i-th profile-field breakdown, brought by the join with the population. */
export const fieldColumn = (i: number) => `bf${i}`;

export interface OutcomesInfo {
  asOf: string;
  period: { from: string; to: string };
  /** Customers in the population (entered or not). */
  population: number;
  /** How the funnel was evaluated (reported in the bench and the CLI's --json). */
  evaluation: 'sql' | 'stream';
}

/** Runs fn while the outcomes table exists on this session's connection; drops it afterwards (also after a cancel). */
export async function withOutcomesTable<T>(session: Session, fill: () => Promise<OutcomesInfo>, fn: (info: OutcomesInfo) => Promise<T>): Promise<T> {
  try {
    return await fn(await fill());
  } finally {
    await session.runCleanup(`DROP TABLE IF EXISTS temp.${quoteIdent(OUTCOMES_TABLE)}`).catch(() => {});
  }
}

/** Time columns of a funnel's outcome table as DDL (for the JS evaluation's CREATE). */
export function outcomeColumnsDdl(spec: FunnelSpec, properties: number): string {
  const times = spec.steps.map((_, k) => `${timeColumn(k)} TIMESTAMP`);
  const props = Array.from({ length: properties }, (_, i) => `${propertyColumn(i)} VARCHAR`);
  return ['customer_id VARCHAR', 'reached INTEGER', ...times, ...props].join(', ');
}
