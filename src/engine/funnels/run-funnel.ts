import type { FunnelResult, FunnelSpec } from '../../shared/funnel-types';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { aggregateFunnel } from './aggregate-funnel';
import { OUTCOMES_TABLE, withOutcomesTable, type OutcomesInfo } from './funnel-outcomes';
import { funnelScope, populationCount } from './funnel-scope';
import { evaluateInStream } from './funnel-stream';
import { evaluateInSql, sqlEvaluable } from './sql-funnel';

export interface EvaluateOptions {
  /** Tests and the bench compare the two evaluations on the same funnel; the app lets the engine choose. */
  force?: 'sql' | 'stream';
}

/** Evaluates the funnel into the outcomes table (in SQL where it can, else in the stream) and runs fn on it. */
export async function withFunnelOutcomes<T>(session: Session, spec: FunnelSpec, fn: (info: OutcomesInfo) => Promise<T>, options: EvaluateOptions = {}): Promise<T> {
  return withOutcomesTable(
    session,
    async () => {
      const scope = await funnelScope(session, spec, new ParamBag('q'));
      const evaluation = options.force ?? (sqlEvaluable(spec, scope) ? 'sql' : 'stream');
      if (evaluation === 'sql') await evaluateInSql(session, spec, scope);
      else await evaluateInStream(session, spec, scope);
      return { asOf: scope.asOf, period: scope.period, population: await populationCount(session, scope), evaluation };
    },
    fn,
  );
}

export async function runFunnel(session: Session, spec: FunnelSpec, options: EvaluateOptions = {}): Promise<FunnelResult> {
  const started = performance.now();
  return withFunnelOutcomes(session, spec, (info) => aggregateFunnel(session, spec, info, started), options);
}

/** The customers who reached step `reached` (0-based) and, when given, not step `notReached`. */
export async function funnelCustomers(session: Session, spec: FunnelSpec, reached: number, notReached?: number): Promise<string[]> {
  const last = spec.steps.length - 1;
  return withFunnelOutcomes(session, spec, async () => {
    const bag = new ParamBag('r');
    const without = notReached === undefined ? '' : ` AND (reached & (1 << ${bag.bind(Math.min(notReached, last))})) = 0`;
    const rows = await session.rows<{ id: string }>(
      `SELECT customer_id AS id FROM ${quoteIdent(OUTCOMES_TABLE)} WHERE (reached & (1 << ${bag.bind(reached)})) <> 0${without} ORDER BY 1`,
      bag.values,
    );
    return rows.map((r) => r.id);
  });
}
