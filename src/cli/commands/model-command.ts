import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { cutoffSchema, modelSpecSchema, type ExperimentReport, type ModelCard, type Uplift } from '../../shared/model-types';
import { workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';

export const MODEL_USAGE = [
  'segment-workbench model train FILE.json [--json] [--workspace PATH]   fit a model from a spec file; prints metrics and coefficients',
  '  segment-workbench model score NAME [--workspace PATH]                 score every customer into customer_profile.score_NAME',
  '  segment-workbench model list | model show NAME [--json]',
  '  segment-workbench model cutoff NAME CUTOFF.json [--segment NAME] [--json]   e.g. {"by":"profit","valuePerResponse":300,"costPerContact":20}',
].join('\n');

export const EXPERIMENT_USAGE = [
  'segment-workbench experiment report CAMPAIGN_ID [--planned treatment=0.8,control=0.2] [--by FIELD] [--within DAYS] [--json]',
  '  segment-workbench experiment size --baseline 0.05 --uplift 0.01 [--alpha 0.05] [--power 0.8] [--ratio 1]',
].join('\n');

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 4 });

function printCard(card: ModelCard): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${card.name} v${card.version} (${card.spec.label.kind}), trained ${card.createdAt}`);
  out(`training set: ${card.trainingSet.rows.toLocaleString('en')} rows, ${card.trainingSet.positives.toLocaleString('en')} positive (${pct(card.trainingSet.positives / Math.max(1, card.trainingSet.rows))})`);
  for (const d of card.trainingSet.dates) out(`  as of ${d.asOf}: ${d.rows.toLocaleString('en')} rows, label rate ${pct(d.rate)}`);
  for (const [side, m] of [['train', card.metrics.train], ['test', card.metrics.test]] as const) {
    if (!m) continue;
    out(`${side}: AUC ${m.auc.toFixed(4)}, KS ${m.ks.toFixed(4)}, log-loss ${m.logLoss.toFixed(4)}, top 10% catch ${pct(m.captureTop10)}, top 20% ${pct(m.captureTop20)}`);
  }
  out('decile  customers  rate    lift  cum.gain');
  for (const d of (card.metrics.test ?? card.metrics.train).deciles) {
    out(`${String(d.decile).padStart(6)}  ${String(d.customers).padStart(9)}  ${pct(d.rate).padStart(6)}  ${d.lift.toFixed(2).padStart(4)}  ${pct(d.cumulativeGain).padStart(8)}`);
  }
  out(`intercept ${num(card.intercept)}`);
  for (const c of [...card.coefficients].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))) {
    out(`  ${c.feature.padEnd(40)} ${c.coefficient.toFixed(4).padStart(9)}  odds ×${c.oddsRatio.toFixed(3)}`);
  }
  out(`time: training set ${(card.timings.trainingSetMs / 1000).toFixed(1)} s, fit ${(card.timings.fitMs / 1000).toFixed(1)} s (${card.iterations} Newton steps), evaluation ${(card.timings.evaluateMs / 1000).toFixed(1)} s`);
}

export async function modelCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false }, segment: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [action, arg, second] = positionals;
  if (values.help) {
    process.stdout.write(`Usage:\n  ${MODEL_USAGE}\n`);
    return 0;
  }
  if (!action || !['train', 'score', 'list', 'show', 'cutoff'].includes(action) || (action !== 'list' && !arg) || (action === 'cutoff' && !second)) {
    throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${MODEL_USAGE}`);
  }
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    if (action === 'train') {
      const spec = modelSpecSchema.safeParse(readJson(arg!));
      if (!spec.success) throw new AppError('INVALID_ARGUMENT', `${arg} is not a valid model spec: ${spec.error.issues[0]?.path.join('.')} ${spec.error.issues[0]?.message ?? ''}`, { file: arg! });
      const card = await client.call('model.train', spec.data, { signal });
      if (values.json) json(card);
      else printCard(card);
      return 0;
    }
    if (action === 'score') {
      const r = await client.call('model.score', { name: arg! }, { signal });
      process.stdout.write(`${r.customers.toLocaleString('en')} customers scored into customer_profile.${r.column} (model v${r.version}, as of ${r.asOf})\n`);
      return 0;
    }
    if (action === 'list') {
      const list = await client.call('model.list', {}, { signal });
      if (values.json) json(list);
      else for (const m of list) process.stdout.write(`${m.name} v${m.version}  ${m.label}  AUC ${m.auc.toFixed(4)}${m.testAuc === null ? '' : ` (test ${m.testAuc.toFixed(4)})`}  ${m.rows} rows  ${m.scoredAt ? `scored ${m.scoredAt}` : 'not scored'}\n`);
      return 0;
    }
    if (action === 'show') {
      const card = await client.call('model.get', { name: arg! }, { signal });
      if (values.json) json(card);
      else printCard(card);
      return 0;
    }
    const cutoff = cutoffSchema.safeParse(readJson(second!));
    if (!cutoff.success) throw new AppError('INVALID_ARGUMENT', `${second} is not a valid cut-off: ${cutoff.error.issues[0]?.message ?? ''}`, { file: second! });
    const r = await client.call('model.cutoff', { name: arg!, cutoff: cutoff.data }, { signal });
    if (values.json) json(r);
    else process.stdout.write(`${r.chosen.customers.toLocaleString('en')} of ${r.population.toLocaleString('en')} customers, score ≥ ${r.chosen.threshold.toFixed(4)}, expected responders ${r.chosen.expectedResponders.toFixed(1)}${r.chosen.expectedProfit === null ? '' : `, expected profit ${r.chosen.expectedProfit.toFixed(2)}`}\n`);
    if (values.segment) {
      const s = await client.call('model.cutoffSegment', { name: arg!, cutoff: cutoff.data, segmentName: values.segment }, { signal });
      process.stdout.write(`saved as static segment "${values.segment}" (${s.segmentId}): ${s.customers.toLocaleString('en')} customers\n`);
    }
    return 0;
  });
}

function parsePlanned(text: string): Record<string, number> {
  const planned: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [arm, share] = part.split('=');
    const value = Number(share);
    if (!arm || !Number.isFinite(value) || value <= 0) throw new AppError('INVALID_ARGUMENT', `--planned takes arm=share pairs such as treatment=0.8,control=0.2, got "${text}"`, { option: 'planned' });
    planned[arm.trim()] = value;
  }
  return planned;
}

function upliftLine(u: Uplift): string {
  return `uplift ${(u.absolute * 100).toFixed(2)} pp [${(u.absoluteInterval.lower * 100).toFixed(2)}, ${(u.absoluteInterval.upper * 100).toFixed(2)}] (95% Newcombe), ` +
    `${u.relative === null ? '' : `relative ${pct(u.relative)}, `}z ${u.z.toFixed(3)}, p ${u.p.toExponential(3)}, incremental responders ${u.incrementalResponders.toFixed(1)}`;
}

function printReport(r: ExperimentReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`campaign ${r.campaignId}`);
  for (const a of r.arms) out(`  ${a.arm.padEnd(10)} ${String(a.customers).padStart(9)} customers  ${String(a.responders).padStart(8)} responded  ${pct(a.rate)} [${pct(a.interval.lower)}, ${pct(a.interval.upper)}]`);
  if (r.uplift) out(`  ${upliftLine(r.uplift)}`);
  else out('  no control group: no uplift can be measured');
  if (r.sampleRatio) out(`  sample ratio: χ² ${r.sampleRatio.chiSquare.toFixed(3)}, df ${r.sampleRatio.df}, p ${r.sampleRatio.p.toExponential(3)}${r.sampleRatio.mismatch ? '  MISMATCH: the arms are not the planned split; check the assignment before trusting the uplift' : ''}`);
  if (r.aum) out(`  AUM change (month after vs month before): treatment ${r.aum.treatmentChange.toFixed(2)}, control ${r.aum.controlChange.toFixed(2)}, incremental ${r.aum.incremental.toFixed(2)}`);
  if (r.breakdown) {
    out(`  by ${r.breakdown.field}:`);
    for (const g of r.breakdown.groups) out(`    ${g.value.padEnd(16)} ${g.uplift ? upliftLine(g.uplift) : 'no control customers'}`);
  }
}

export async function experimentCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' }, json: { type: 'boolean', default: false }, planned: { type: 'string' }, by: { type: 'string' }, within: { type: 'string' },
      baseline: { type: 'string' }, uplift: { type: 'string' }, alpha: { type: 'string' }, power: { type: 'string' }, ratio: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, campaignId] = positionals;
  if (values.help) {
    process.stdout.write(`Usage:\n  ${EXPERIMENT_USAGE}\n`);
    return 0;
  }
  const number = (name: string, text: string | undefined) => {
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value)) throw new AppError('INVALID_ARGUMENT', `--${name} needs a number`, { option: name });
    return value;
  };
  if (action === 'size') {
    return withEngine(':memory:', async (client) => {
      const r = await client.call('experiment.sampleSize', {
        baselineRate: number('baseline', values.baseline),
        minimumDetectableUplift: number('uplift', values.uplift),
        ...(values.alpha ? { alpha: number('alpha', values.alpha) } : {}),
        ...(values.power ? { power: number('power', values.power) } : {}),
        ...(values.ratio ? { ratio: number('ratio', values.ratio) } : {}),
      });
      if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stdout.write(`treatment ${r.treatment.toLocaleString('en')}, control ${r.control.toLocaleString('en')}, total ${r.total.toLocaleString('en')} customers\n`);
      return 0;
    });
  }
  if (action !== 'report' || !campaignId) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${EXPERIMENT_USAGE}`);
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const report = await client.call(
      'experiment.report',
      {
        campaignId,
        ...(values.planned ? { plannedShares: parsePlanned(values.planned) } : {}),
        ...(values.by ? { breakdown: values.by } : {}),
        ...(values.within ? { withinDays: number('within', values.within) } : {}),
      },
      { signal },
    );
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report);
    return 0;
  });
}
