/** The live count of a churn definition while it is edited: customers of the profile with an event by the analysis date. */
import type { ChurnPreviewResult, ChurnSelection } from '../../shared/survival-types';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { selectedChurnRule } from './churn-definitions';
import { churnEventSql } from './churn-event-sql';
import { openAnalysis, P, PROFILE_FROM, queryRows, requireChurnTables } from './survival-context';

export async function previewChurn(session: Session, selection: ChurnSelection): Promise<ChurnPreviewResult> {
  const started = performance.now();
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  const { rule } = await selectedChurnRule(session, selection);
  await requireChurnTables(session, rule);
  const rows = await queryRows<{ month: string | null; n: bigint }>(
    a,
    `WITH e AS (${churnEventSql(rule, a.asOf, bag)})
SELECT strftime(e.event_date, '%Y-%m') AS month, count(*) AS n
FROM ${PROFILE_FROM} LEFT JOIN e ON e.customer_id = ${P}.customer_id GROUP BY ALL ORDER BY month NULLS FIRST`,
  );
  const customers = rows.reduce((s, r) => s + Number(r.n), 0);
  const byMonth = rows.filter((r) => r.month !== null).map((r) => ({ month: r.month!, churned: Number(r.n) }));
  const churned = byMonth.reduce((s, r) => s + r.churned, 0);
  return { churned, customers, share: customers ? churned / customers : 0, byMonth, asOf: a.asOfIso, elapsedMs: performance.now() - started };
}
