import { parseArgs } from 'node:util';
import type { EngineClient } from '../../shared/engine-client';
import { AppError } from '../../shared/errors';
import { workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { terminalProgress } from '../terminal-progress';

export const PROFILE_USAGE = [
  'segment-workbench profile build [--as-of YYYY-MM-DD] [--workspace PATH] [--json]',
  '    Builds the customer profile (what segments, rules and tags read) as of the analysis date; without --as-of, the latest date in the data.',
  '  segment-workbench profile status [--workspace PATH] [--json]   when it was built, as of which date, and whether an import made it out of date',
].join('\n');

/** Builds the profile with a progress bar: the same job as the Customers page's Build button. */
export async function buildProfileWithProgress(client: EngineClient, asOf: string | undefined, signal?: AbortSignal) {
  const bar = terminalProgress(asOf ? `customer profile as of ${asOf}` : 'customer profile as of the latest date in the data');
  try {
    return await client.call('profile.build', asOf ? { asOf } : {}, { onProgress: (p) => bar.update(p), ...(signal ? { signal } : {}) });
  } finally {
    bar.done();
  }
}

export async function profileCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'as-of': { type: 'string' }, workspace: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [action, ...extra] = positionals;
  if ((action !== 'build' && action !== 'status') || extra.length > 0) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${PROFILE_USAGE}`, {}, 'error.CLI_USAGE');
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new AppError('INVALID_ARGUMENT', `--as-of expects a date as YYYY-MM-DD, got "${asOf}"`, { option: 'as-of', value: asOf }, 'error.CLI_BAD_DATE');
  }
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    if (action === 'status') {
      const s = await client.call('profile.summary', {}, { signal });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ built: s.asOf !== null, as_of: s.asOf, customers: s.customers, stale: s.stale ?? null }, null, 2)}\n`);
      } else if (s.asOf === null) {
        process.stdout.write('no customer profile yet: run segment-workbench profile build\n');
      } else {
        const stale = s.stale ? `; out of date since the import of ${s.stale.tables.join(', ')} (${s.stale.since}): run profile build` : '';
        process.stdout.write(`customer profile as of ${s.asOf}${s.asOfPinned ? ' (chosen date)' : ' (latest date in the data)'}: ${s.customers.toLocaleString('en')} customers${stale}\n`);
      }
      return 0;
    }
    const built = await buildProfileWithProgress(client, asOf, signal);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ as_of: built.asOf, customers: built.customers, columns: built.columns, elapsed_ms: Math.round(built.elapsedMs) }, null, 2)}\n`);
    } else {
      process.stdout.write(`customer profile built as of ${built.asOf}: ${built.customers.toLocaleString('en')} customers, ${built.columns} columns (${(built.elapsedMs / 1000).toFixed(1)} s)\n`);
    }
    return 0;
  });
}
