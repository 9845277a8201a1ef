import { PROFILE_TABLE } from '../../shared/customer-types';
import { columnExists } from '../profile/profile-meta';
import { AppError } from '../../shared/errors';
import type { Cutoff, CutoffResult } from '../../shared/model-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { scoreColumn } from './score-model';

const CURVE_POINTS = 200;

async function requireScoreColumn(session: Session, name: string): Promise<string> {
  const column = scoreColumn(name);
  if (!(await columnExists(session, PROFILE_TABLE, column))) throw new AppError('NOT_FOUND', `model ${name} has not scored the profile yet`, { name }, 'error.MODEL_NOT_SCORED');
  return quoteIdent(column);
}

/**
 * The customers ranked by score (ties by customer_id, so the ranking is reproducible), with the
 * running sum of the scores: contacting the top k is expected to bring cum_score responders.
 */
function rankedSql(column: string, perGroup: string | undefined): string {
  const group = perGroup ? `, row_number() OVER (PARTITION BY ${quoteIdent(perGroup)} ORDER BY ${column} DESC, customer_id) AS group_rank` : ', 0 AS group_rank';
  return `SELECT customer_id, ${column} AS s,
      row_number() OVER (ORDER BY ${column} DESC, customer_id) AS k,
      sum(${column}) OVER (ORDER BY ${column} DESC, customer_id ROWS UNBOUNDED PRECEDING) AS cum_score
      ${group}
    FROM ${quoteIdent(PROFILE_TABLE)} WHERE ${column} IS NOT NULL`;
}

/** The SQL of the chosen customers (customer_id) and its parameters. */
export function chosenSql(column: string, cutoff: Cutoff, chosenK: number): { sql: string; params: Record<string, number> } {
  const ranked = rankedSql(column, cutoff.by === 'capacity' ? cutoff.perGroup : undefined);
  if (cutoff.by === 'capacity' && cutoff.perGroup) return { sql: `SELECT customer_id FROM (${ranked}) WHERE group_rank <= $n`, params: { n: cutoff.topN } };
  return { sql: `SELECT customer_id FROM (${ranked}) WHERE k <= $n`, params: { n: chosenK } };
}

export async function computeCutoff(session: Session, name: string, cutoff: Cutoff): Promise<CutoffResult & { column: string }> {
  const column = await requireScoreColumn(session, name);
  if (cutoff.by === 'capacity' && cutoff.perGroup) {
    if (!(await columnExists(session, PROFILE_TABLE, cutoff.perGroup))) throw new AppError('INVALID_ARGUMENT', `unknown field ${cutoff.perGroup}`, { field: cutoff.perGroup }, 'error.RULE_UNKNOWN_FIELD');
  }
  const value = cutoff.by === 'profit' ? cutoff.valuePerResponse : null;
  const cost = cutoff.by === 'profit' ? cutoff.costPerContact : null;
  const profit = value === null ? 'NULL' : 'CAST($value AS DOUBLE) * cum_score - CAST($cost AS DOUBLE) * k';
  const profitParams: Record<string, number> = value === null ? {} : { value, cost: cost! };
  await session.run(`CREATE OR REPLACE TEMP TABLE _m_ranked AS SELECT *, ${profit} AS profit FROM (${rankedSql(column, cutoff.by === 'capacity' ? cutoff.perGroup : undefined)})`, profitParams);
  const [{ n } = { n: 0n }] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM _m_ranked`);
  const population = Number(n);
  const step = Math.max(1, Math.ceil(population / CURVE_POINTS));
  const curve = await session.rows<{ k: bigint; s: number; cum_score: number; profit: number | null }>(
    `SELECT k, s, cum_score, profit FROM _m_ranked WHERE k % $step = 0 OR k = 1 OR k = $n ORDER BY k`,
    { step, n: population },
  );
  let chosen: { customers: number; threshold: number; expectedResponders: number; expectedProfit: number | null };
  const atK = async (k: number) => {
    const [row] = await session.rows<{ s: number; cum_score: number; profit: number | null }>(`SELECT s, cum_score, profit FROM _m_ranked WHERE k = $k`, { k });
    return row;
  };
  if (cutoff.by === 'capacity' && cutoff.perGroup) {
    const [row] = await session.rows<{ customers: bigint; threshold: number | null; responders: number | null }>(
      `SELECT count(*) AS customers, min(s) AS threshold, sum(s) AS responders FROM _m_ranked WHERE group_rank <= $n`,
      { n: cutoff.topN },
    );
    chosen = { customers: Number(row?.customers ?? 0), threshold: row?.threshold ?? 1, expectedResponders: row?.responders ?? 0, expectedProfit: null };
  } else {
    let k: number;
    if (cutoff.by === 'capacity') k = Math.min(cutoff.topN, population);
    else if (cutoff.by === 'threshold') {
      const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM _m_ranked WHERE s >= $t`, { t: cutoff.score });
      k = Number(row?.n ?? 0);
    } else {
      // The k with the largest expected profit; contacting nobody (profit 0) when no k pays.
      const [row] = await session.rows<{ k: bigint | null; profit: number | null }>(`SELECT arg_max(k, profit) AS k, max(profit) AS profit FROM _m_ranked`);
      k = row?.k !== null && row?.k !== undefined && (row.profit ?? 0) > 0 ? Number(row.k) : 0;
    }
    const row = k > 0 ? await atK(k) : undefined;
    chosen = { customers: k, threshold: row?.s ?? 1, expectedResponders: row?.cum_score ?? 0, expectedProfit: cutoff.by === 'profit' ? (row?.profit ?? 0) : null };
  }
  return {
    column,
    population,
    chosen,
    curve: curve.map((r) => ({ k: Number(r.k), score: r.s, expectedResponders: r.cum_score, expectedProfit: r.profit })),
  };
}
