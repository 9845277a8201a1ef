import { survivalParamsSchema, type SurvivalResult } from '../../shared/survival-types';
import { parseAnalysisArgs, percent, textTable } from '../analysis-file';
import { withEngine } from '../engine-session';

export const SURVIVAL_USAGE = 'segment-workbench survival FILE.json [--json] [--workspace PATH]   Kaplan–Meier by group, log-rank (FILE: survival.run parameters)';

const interval = (v: number | null, lo: number | null, hi: number | null) => (v === null ? 'not reached' : `${v} (${lo ?? '–'}–${hi ?? '–'})`);

export function formatSurvival(r: SurvivalResult): string {
  const months = r.groups[0]?.atMonths.map((m) => m.month) ?? [];
  const lines = [
    `Kaplan–Meier survival, as of ${r.asOf}: churn = ${r.churn.id ?? 'edited rule'}${r.churn.version !== null ? ` v${r.churn.version}` : ''} (${r.churn.description.en}); start = ${r.start.kind}; time in months on book`,
    `95 % pointwise intervals: Greenwood variance, log-log transform`,
    '',
    textTable(
      ['group', 'customers', 'churned', 'censored', 'median months (95 % CI)', ...months.map((m) => `S(${m})`)],
      r.groups.map((g) => [
        g.key, g.curve.customers, g.curve.events, g.curve.censored, interval(g.curve.median.value, g.curve.median.lower, g.curve.median.upper),
        ...g.atMonths.map((m) => (m.survival === null ? '–' : `${percent(m.survival)} [${percent(m.lower)}, ${percent(m.upper)}]`)),
      ]),
    ),
    '',
    'Number at risk',
    textTable(['group', ...r.atRiskTimes.map((t) => `${t}`)], r.groups.map((g) => [g.key, ...g.atRisk])),
  ];
  if (r.logRank) lines.push('', `Log-rank test: χ² = ${r.logRank.chiSquare.toFixed(3)}, df = ${r.logRank.df}, p = ${r.logRank.p === null ? '–' : r.logRank.p.toPrecision(4)}`);
  if (r.excluded.noStart || r.excluded.churnedBeforeStart) lines.push(`Left out: ${r.excluded.noStart} without a start date, ${r.excluded.churnedBeforeStart} churned before it`);
  return `${lines.join('\n')}\n`;
}

export async function survivalCommand(argv: string[]): Promise<number> {
  const { params, workspace, json } = parseAnalysisArgs(argv, survivalParamsSchema, SURVIVAL_USAGE);
  return withEngine(workspace, async (client, signal) => {
    const result = await client.call('survival.run', params, { signal });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatSurvival(result));
    return 0;
  });
}
