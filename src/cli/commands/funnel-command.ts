import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { funnelSpecSchema, type FunnelResult } from '../../shared/funnel-types';
import { readJsonFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';

export const FUNNEL_USAGE = [
  'segment-workbench funnel run FILE.json [--json] [--workspace PATH]   each step: customers, conversion from the first and the previous step, median time',
  '  segment-workbench funnel segment FILE.json --reached N [--not-reached M] --name NAME   the customers at step N (1-based) and not at step M, as a static segment',
].join('\n');

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3_600) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds < 86_400) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function printGroup(out: (line: string) => void, names: string[], group: FunnelResult['total']): void {
  group.steps.forEach((s, k) => {
    const name = (names[k] ?? `step ${k + 1}`).padEnd(24);
    const conversion = k === 0 ? '' : `  ${pct(s.fromFirst).padStart(6)} of first  ${pct(s.fromPrevious).padStart(6)} of previous  median ${duration(s.medianSeconds)}`;
    out(`  ${name} ${s.customers.toLocaleString('en').padStart(10)}${conversion}`);
  });
}

export async function funnelCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' }, json: { type: 'boolean', default: false }, reached: { type: 'string' }, 'not-reached': { type: 'string' }, name: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`Usage:\n  ${FUNNEL_USAGE}\n`);
    return 0;
  }
  const [action, file] = positionals;
  if (!action || !file || !['run', 'segment'].includes(action)) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${FUNNEL_USAGE}`, {}, 'error.CLI_USAGE');
  const parsed = funnelSpecSchema.safeParse(readJsonFile(file, 'the funnel file'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_ARGUMENT', `${file} is not a valid funnel: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`, { file }, 'error.CLI_BAD_FILE');
  }
  const spec = parsed.data;
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    if (action === 'segment') {
      const step = (text: string | undefined, option: string) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > spec.steps.length) throw new AppError('INVALID_ARGUMENT', `--${option} takes a step number from 1 to ${spec.steps.length}`, { option }, 'error.CLI_BAD_OPTION');
        return n - 1;
      };
      if (!values.name) throw new AppError('INVALID_ARGUMENT', 'funnel segment needs --name', { option: 'name' }, 'error.CLI_BAD_OPTION');
      const reached = step(values.reached, 'reached');
      const notReached = values['not-reached'] === undefined ? undefined : step(values['not-reached'], 'not-reached');
      const r = await client.call('funnel.segment', { spec, reached, ...(notReached === undefined ? {} : { notReached }), name: values.name }, { signal });
      process.stdout.write(`saved as static segment "${values.name}" (${r.segmentId}): ${r.customers.toLocaleString('en')} customers\n`);
      return 0;
    }
    const result = await client.call('funnel.run', { spec }, { signal });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`funnel (${spec.order}, window ${spec.window.amount} ${spec.window.unit}), entries ${result.period.from} … ${result.period.to}, as of ${result.asOf}; population ${result.population.toLocaleString('en')}`);
    printGroup(out, result.stepNames, result.total);
    for (const g of result.groups) {
      out(`${g.key.join(' × ')}:`);
      printGroup(out, result.stepNames, g);
    }
    return 0;
  });
}
