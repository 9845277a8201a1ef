import { lifecycleParamsSchema, type LifecycleResult } from '../../shared/survival-types';
import { parseAnalysisArgs, textTable } from '../analysis-file';
import { withEngine } from '../engine-session';

export const LIFECYCLE_USAGE = 'segment-workbench lifecycle FILE.json [--json] [--workspace PATH]   new / returning / resurrecting / dormant per period (FILE: lifecycle.run parameters)';

export function formatLifecycle(r: LifecycleResult): string {
  return `${[
    `Lifecycle per ${r.period}, as of ${r.asOf} (dormant: active the period before, not in this one; negative)`,
    '',
    textTable(['period', 'new', 'returning', 'resurrecting', 'dormant'], r.rows.map((row) => [row.period, row.new, row.returning, row.resurrecting, row.dormant])),
  ].join('\n')}\n`;
}

export async function lifecycleCommand(argv: string[]): Promise<number> {
  const { params, workspace, json } = parseAnalysisArgs(argv, lifecycleParamsSchema, LIFECYCLE_USAGE);
  return withEngine(workspace, async (client, signal) => {
    const result = await client.call('lifecycle.run', params, { signal });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatLifecycle(result));
    return 0;
  });
}
