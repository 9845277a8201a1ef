import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { EngineClient } from '../../shared/engine-client';
import { intOption, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { terminalProgress } from '../terminal-progress';
import { buildProfileWithProgress } from './profile-command';

export const DEMO_USAGE = 'segment-workbench demo [--customers N] [--months M] [--seed S] [--transactions-per-customer T] [--workspace PATH] [--truth-out FILE] [--direct] [--keep-exports] [--no-profile]\n    Generates the demo bank through the import path, then builds its customer profile as the app does (--no-profile skips it).';

export async function generateDemoWithProgress(
  client: EngineClient,
  params: { customers?: number; months?: number; seed?: number; transactionsPerCustomer?: number; direct?: boolean; keepExports?: boolean },
  signal?: AbortSignal,
) {
  const bar = terminalProgress('demo bank');
  const result = await client.call('demo.generate', params, { onProgress: (p) => bar.update(p), ...(signal ? { signal } : {}) });
  const via = result.via === 'import' ? ' through the import path' : '';
  bar.done(`demo bank: ${result.customers.toLocaleString('en')} customers in ${(result.elapsedMs / 1000).toFixed(1)} s${via} (${result.tables.map((t) => `${t.name} ${t.rows.toLocaleString('en')}`).join(', ')})`);
  if (result.exportDir) process.stderr.write(`bank-style export files kept in ${result.exportDir}\n`);
  return result;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      'transactions-per-customer': { type: 'string' },
      workspace: { type: 'string' },
      'truth-out': { type: 'string' },
      direct: { type: 'boolean', default: false },
      'keep-exports': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
    },
  });
  const params = {
    customers: intOption('customers', values.customers, 50_000),
    months: intOption('months', values.months, 24),
    seed: intOption('seed', values.seed, 42),
    transactionsPerCustomer: intOption('transactions-per-customer', values['transactions-per-customer'], 30),
    direct: values.direct === true,
    keepExports: values['keep-exports'] === true,
  };
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    await generateDemoWithProgress(client, params, signal);
    if (!values['no-profile']) {
      const built = await buildProfileWithProgress(client, undefined, signal);
      process.stderr.write(`customer profile built as of ${built.asOf}: ${built.customers.toLocaleString('en')} customers (${(built.elapsedMs / 1000).toFixed(1)} s)\n`);
    }
    if (values['truth-out']) {
      const truth = await client.call('demo.truth', {});
      fs.writeFileSync(values['truth-out'], `${JSON.stringify(truth, null, 2)}\n`);
      process.stderr.write(`truth written to ${values['truth-out']}\n`);
    }
    return 0;
  });
}
