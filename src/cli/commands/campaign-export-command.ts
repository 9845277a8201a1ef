import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, EXPORT_HEADER_STYLES, SPLIT_BY, type CampaignTarget, type ExportFormat, type ExportHeaderStyle } from '../../shared/campaign-types';
import { AppError } from '../../shared/errors';
import { readJsonFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { unmaskReason } from '../unmask-option';
import { readCampaignFile } from './campaign-command';

export const CAMPAIGN_EXPORT_USAGE =
  'segment-workbench campaign export FILE.json --format csv|csv-gbk|xlsx|parquet [--split-by rm_id|branch_id|arm] [--headers business|technical] --out PATH [--unmask --reason TEXT] [--json]   the list to files (masked unless --unmask; audited with SHA-256)';

/** A campaign file: one definition (as `campaign build` reads it), or {"id": "…"} naming a saved campaign. */
function campaignTarget(file: string): CampaignTarget {
  const json = readJsonFile(file, 'the campaign file');
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && Object.keys(json).length === 1 && typeof (json as { id?: unknown }).id === 'string') return { id: (json as { id: string }).id };
  const definitions = readCampaignFile(file);
  if (definitions.length !== 1) throw new AppError('INVALID_ARGUMENT', `campaign export takes one campaign (the others of a waterfall by --together ID); ${file} holds ${definitions.length}`, { file }, 'error.CLI_BAD_FILE');
  return { definition: definitions[0]! };
}

export async function campaignExportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' }, json: { type: 'boolean', default: false }, format: { type: 'string' }, 'split-by': { type: 'string' }, headers: { type: 'string' }, out: { type: 'string' },
      unmask: { type: 'boolean', default: false }, unmasked: { type: 'boolean', default: false }, reason: { type: 'string' }, together: { type: 'string', multiple: true },
    },
  });
  const [file] = positionals;
  if (!file) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${CAMPAIGN_EXPORT_USAGE}`, {}, 'error.CLI_USAGE');
  const format = values.format as ExportFormat | undefined;
  if (format === undefined || !EXPORT_FORMATS.includes(format)) throw new AppError('INVALID_ARGUMENT', `--format takes one of ${EXPORT_FORMATS.join(', ')}`, { option: 'format' }, 'error.CLI_BAD_OPTION');
  const splitBy = values['split-by'] as (typeof SPLIT_BY)[number] | undefined;
  if (splitBy !== undefined && !SPLIT_BY.includes(splitBy)) throw new AppError('INVALID_ARGUMENT', `--split-by takes one of ${SPLIT_BY.join(', ')}`, { option: 'split-by' }, 'error.CLI_BAD_OPTION');
  const headerStyle = values.headers as ExportHeaderStyle | undefined;
  if (headerStyle !== undefined && !EXPORT_HEADER_STYLES.includes(headerStyle)) throw new AppError('INVALID_ARGUMENT', `--headers takes one of ${EXPORT_HEADER_STYLES.join(', ')}`, { option: 'headers' }, 'error.CLI_BAD_OPTION');
  if (!values.out) throw new AppError('INVALID_ARGUMENT', 'campaign export needs --out PATH (a file, or a folder with --split-by)', { option: 'out' }, 'error.CLI_BAD_OPTION');
  const unmask = values.unmask || values.unmasked ? { reason: unmaskReason(values.reason) } : null;
  const target = campaignTarget(file);
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const result = await client.call('campaign.export', { target, together: values.together ?? [], format, splitBy: splitBy ?? null, outPath: values.out!, unmask, ...(headerStyle ? { headerStyle } : {}) }, { signal });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`${result.rows.toLocaleString('en')} customers exported (${result.masked ? 'personal data masked' : 'UNMASKED personal data'}), audit entry ${result.auditId}:`);
    for (const f of result.files) out(`  ${f.path}  ${f.rows.toLocaleString('en')} rows  ${f.bytes.toLocaleString('en')} bytes  sha256 ${f.sha256}`);
    return 0;
  });
}
