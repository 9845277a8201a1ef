import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { intOption, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';

export const AUDIT_USAGE = [
  'segment-workbench audit list [--action export|unmask|mask] [--limit N] [--json] [--workspace PATH]   the audit log, newest first',
  '  segment-workbench audit verify [AUDIT_ID] [--json]   re-hashes every exported file: ok, changed or missing (exit code 1 if any changed or is missing)',
].join('\n');

interface ExportDetails {
  subject?: { kind?: string; name?: string; version?: number | null };
  format?: string;
  rows?: number;
  masked?: boolean;
  files?: Array<{ path: string }>;
}

function describeDetails(action: string, details: string): string {
  if (action !== 'export') return '';
  try {
    const d = JSON.parse(details) as ExportDetails;
    const version = d.subject?.version == null ? '' : ` v${d.subject.version}`;
    return `${d.subject?.kind ?? ''} "${d.subject?.name ?? ''}"${version}, ${d.format ?? ''}, ${(d.rows ?? 0).toLocaleString('en')} rows, ${d.files?.length ?? 0} file(s), ${d.masked === false ? 'UNMASKED' : 'masked'}`;
  } catch {
    return '';
  }
}

export async function auditCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false }, action: { type: 'string' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [action, id] = positionals;
  if (!action || !['list', 'verify'].includes(action)) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${AUDIT_USAGE}`, {}, 'error.CLI_USAGE');
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (action === 'list') {
      const entries = await client.call('audit.list', { limit: intOption('limit', values.limit, 200), ...(values.action ? { action: values.action } : {}) }, { signal });
      if (values.json) out(JSON.stringify(entries, null, 2));
      else for (const e of entries) out(`${e.at}  ${e.osUser.padEnd(12)} ${e.action.padEnd(8)} ${e.id}  ${describeDetails(e.action, e.details)}${e.reason ? `  reason: ${e.reason}` : ''}`);
      return 0;
    }
    const result = await client.call('audit.verify', id === undefined ? {} : { auditId: id }, { signal });
    if (values.json) out(JSON.stringify(result, null, 2));
    else {
      for (const entry of result.entries) {
        out(`${entry.at}  ${entry.auditId}`);
        for (const f of entry.files) out(`  ${f.status.toUpperCase().padEnd(8)} ${f.path}${f.status === 'changed' ? `  (was ${f.sha256.slice(0, 12)}…, now ${f.actualSha256?.slice(0, 12) ?? ''}…)` : ''}`);
      }
      out(result.ok ? 'every exported file is as it was written' : 'some exported files were changed or are missing');
    }
    return result.ok ? 0 : 1;
  });
}
