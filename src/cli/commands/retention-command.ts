import { retentionParamsSchema, type RetentionResult } from '../../shared/survival-types';
import { parseAnalysisArgs, percent, textTable } from '../analysis-file';
import { withEngine } from '../engine-session';

export const RETENTION_USAGE = 'segment-workbench retention FILE.json [--json] [--workspace PATH]   cohort retention matrix (FILE: retention.run parameters)';

export function formatRetention(r: RetentionResult): string {
  const columns = r.rows[0]?.retained.length ?? 0;
  return `${[
    `Retention by ${r.period} cohort, "${r.mode === 'on' ? 'on' : 'on or after'}" period k, as of ${r.asOf}`,
    '',
    textTable(
      ['cohort', 'customers', ...Array.from({ length: columns }, (_, k) => `${r.period === 'month' ? 'M' : 'W'}${k}`)],
      r.rows.map((row) => [row.cohort, row.size, ...row.rates.map((x) => (x === null ? '' : percent(x, 0)))]),
    ),
  ].join('\n')}\n`;
}

export async function retentionCommand(argv: string[]): Promise<number> {
  const { params, workspace, json } = parseAnalysisArgs(argv, retentionParamsSchema, RETENTION_USAGE);
  return withEngine(workspace, async (client, signal) => {
    const result = await client.call('retention.run', params, { signal });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatRetention(result));
    return 0;
  });
}
