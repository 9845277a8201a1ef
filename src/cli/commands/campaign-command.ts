import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { campaignDefinitionSchema, type CampaignBuild, type CampaignDefinition } from '../../shared/campaign-types';
import { readJsonFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { CAMPAIGN_EXPORT_USAGE, campaignExportCommand } from './campaign-export-command';

export const CAMPAIGN_USAGE = [
  'segment-workbench campaign build FILE.json [--json] [--workspace PATH]   the waterfall, arms, balance and RM load (FILE: one definition, or an array built together as a priority waterfall)',
  '  segment-workbench campaign finalise FILE.json [--workspace PATH]   saves the definition, freezes its members and writes the planned contacts; the campaign becomes final',
  `  ${CAMPAIGN_EXPORT_USAGE}`,
].join('\n');

/** A campaign file: one definition or an array of them (built together), each checked against the contract. */
export function readCampaignFile(file: string): CampaignDefinition[] {
  const raw = readJsonFile(file, 'the campaign file');
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) throw new AppError('INVALID_ARGUMENT', `${file} holds no campaign`, { file }, 'error.CLI_BAD_FILE');
  return items.map((item, i) => {
    const parsed = campaignDefinitionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = Array.isArray(raw) ? `[${i}].` : '';
      throw new AppError('INVALID_ARGUMENT', `${file} is not a valid campaign: ${where}${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`, { file }, 'error.CLI_BAD_FILE');
    }
    return parsed.data;
  });
}

const money = (x: number) => Math.round(x).toLocaleString('en');

function printBuild(out: (line: string) => void, b: CampaignBuild): void {
  out(`campaign ${b.name}${b.campaignId ? ` (${b.campaignId})` : ''}: ${b.members.toLocaleString('en')} customers, contact date ${b.contactDate}, as of ${b.asOf}`);
  out(`  segments: ${b.segmentVersions.map((s) => `${s.segmentId} v${s.version}`).join(', ')}`);
  out('  waterfall:');
  for (const s of b.waterfall) out(`    ${`${s.kind}${s.name ? ` · ${s.name}` : ''}`.padEnd(52)} -${s.removed.toLocaleString('en').padStart(9)}  ${s.remaining.toLocaleString('en').padStart(10)} left  AUM ${money(s.aumRemaining)}`);
  out('  arms:');
  for (const a of b.arms) out(`    ${a.arm.padEnd(10)} ${(a.cell ?? '').padEnd(12)} ${(a.channel ?? '').padEnd(9)} ${a.customers.toLocaleString('en').padStart(10)}  AUM ${money(a.aum)}`);
  if (b.balance.some((r) => r.smd !== null)) {
    out('  balance (standardised mean difference, treatment vs control):');
    for (const r of b.balance) out(`    ${r.field.padEnd(20)} ${r.smd === null ? '—' : r.smd.toFixed(3)}`);
  }
  if (b.rmLoad.length) {
    out('  RM load:');
    for (const r of b.rmLoad) out(`    ${r.rmId.padEnd(14)} ${(r.branchId ?? '').padEnd(10)} ${String(r.assigned).padStart(6)} / ${r.capacity ?? '—'}  own ${r.ownCustomers}  AUM ${money(r.aum)}`);
    for (const u of b.unassigned) out(`    unassigned (${u.reason}): ${u.customers.toLocaleString('en')}`);
  }
  for (const w of b.warnings) out(`  note: ${w}`);
}

export async function campaignCommand(argv: string[]): Promise<number> {
  // Exports take their own options (format, split, output, unmasking).
  if (argv[0] === 'export') return campaignExportCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`Usage:\n  ${CAMPAIGN_USAGE}\n`);
    return 0;
  }
  const [action, file] = positionals;
  if (!action || !file || !['build', 'finalise'].includes(action)) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${CAMPAIGN_USAGE}`, {}, 'error.CLI_USAGE');
  const definitions = readCampaignFile(file);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    if (action === 'finalise') {
      if (definitions.length !== 1) throw new AppError('INVALID_ARGUMENT', `campaign finalise takes one campaign; ${file} holds ${definitions.length}`, { file }, 'error.CLI_BAD_FILE');
      const saved = await client.call('campaign.save', { definition: definitions[0]! }, { signal });
      const result = await client.call('campaign.finalise', { id: saved.id }, { signal });
      if (values.json) out(JSON.stringify(result, null, 2));
      else out(`campaign ${result.campaign.name} (${result.campaign.id}) is final (version ${result.campaign.version}): ${result.contactsWritten.toLocaleString('en')} planned contacts written, members frozen in ${result.snapshotSegmentId}`);
      return 0;
    }
    const [target, ...rest] = definitions as [CampaignDefinition, ...CampaignDefinition[]];
    const { campaigns } = await client.call('campaign.build', { target: { definition: target }, togetherDefinitions: rest }, { signal });
    if (values.json) out(JSON.stringify({ campaigns }, null, 2));
    else campaigns.forEach((b) => printBuild(out, b));
    return 0;
  });
}
