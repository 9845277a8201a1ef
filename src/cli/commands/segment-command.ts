import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeArrowIPC } from '../../shared/arrow-values';
import { AppError } from '../../shared/errors';
import { segmentFileSchema, segmentNodeSchema, sqlDialectSchema, type SegmentNode } from '../../shared/segment-types';
import { openOutputFile, readJsonFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { uploadBytes } from '../../shared/upload-client';
import { unmaskReason } from '../unmask-option';
import { formatCsvRows } from '../table-format';

export const SEGMENT_USAGE = [
  'segment-workbench segment count FILE.json [--workspace PATH] [--json]',
  '  segment-workbench segment sql FILE.json [--dialect duckdb|postgres|spark|trino] [--schema NAME] [--as-of YYYY-MM-DD]',
  '  segment-workbench segment members FILE.json --out members.csv [--unmasked --reason TEXT]   (personal data masked unless --unmasked, recorded in the audit log)',
  '  segment-workbench segment from-ids IDS.txt --name NAME [--owner NAME]   (a static segment from a list of customer IDs, up to 5,000,000)',
].join('\n');

const PAGE_ROWS = 5_000;


/** A segment file (exported definition) or a bare rule tree. */
function readRule(file: string): { rule: SegmentNode; name: string | null } {
  const json = readJsonFile(file, 'the segment file');
  if (json && typeof json === 'object' && 'format' in json) {
    const parsed = segmentFileSchema.safeParse(json);
    if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `${file} is not a valid segment file: ${parsed.error.issues[0]?.message ?? ''}`, { file });
    if (parsed.data.kind === 'static') throw new AppError('INVALID_ARGUMENT', `${file} is a static segment (a list of members); import it in the app first`, { file });
    return { rule: parsed.data.rule, name: parsed.data.name };
  }
  const parsed = segmentNodeSchema.safeParse(json);
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `${file} is neither a segment file nor a rule tree: ${parsed.error.issues[0]?.message ?? ''}`, { file });
  return { rule: parsed.data, name: null };
}

export async function segmentCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' }, dialect: { type: 'string' }, schema: { type: 'string' }, 'as-of': { type: 'string' },
      out: { type: 'string' }, unmasked: { type: 'boolean', default: false }, reason: { type: 'string' }, json: { type: 'boolean', default: false }, name: { type: 'string' }, owner: { type: 'string' },
    },
  });
  const [action, file] = positionals;
  if (!action || !file || !['count', 'sql', 'members', 'from-ids'].includes(action)) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${SEGMENT_USAGE}`, {}, 'error.CLI_USAGE');
  if (action === 'from-ids') return segmentFromIdsFile(file, values.name, values.owner ?? '', workspaceOption(values.workspace));
  const { rule, name } = readRule(file);
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    if (action === 'count') {
      const r = await client.call('segment.count', { rule }, { signal });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ name, count: r.count, customers: r.customers, share: r.share, aum: r.aum, aum_share: r.aumShare, as_of: r.asOf, waterfall: r.waterfall }, null, 2)}\n`);
        return 0;
      }
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      process.stdout.write(`${name ? `${name}: ` : ''}${r.count.toLocaleString('en')} of ${r.customers.toLocaleString('en')} customers (${pct(r.share)}), AUM ${r.aum.toFixed(2)} (${pct(r.aumShare)}), as of ${r.asOf}\n`);
      for (const step of r.waterfall) process.stdout.write(`  after ${step.conditionId}: ${step.remaining.toLocaleString('en')} (${pct(step.share)} of customers, ${pct(step.aumShare)} of AUM)\n`);
      return 0;
    }
    if (action === 'sql') {
      const dialect = sqlDialectSchema.safeParse(values.dialect ?? 'duckdb');
      if (!dialect.success) throw new AppError('INVALID_ARGUMENT', `--dialect must be duckdb, postgres, spark or trino, got "${values.dialect}"`, { option: 'dialect' });
      const r = await client.call('segment.sql', { rule, dialect: dialect.data, ...(values.schema ? { schema: values.schema } : {}), ...(values['as-of'] ? { asOf: values['as-of'] } : {}) }, { signal });
      const out = values.out ? openOutputFile(values.out) : process.stdout;
      out.write(r.sql);
      for (const w of r.warnings) process.stderr.write(`note: ${w}\n`);
      if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
      return 0;
    }
    if (!values.out) throw new AppError('INVALID_ARGUMENT', 'segment members needs --out FILE.csv', { option: 'out' }, 'error.CLI_USAGE');
    if (values.unmasked) await client.call('privacy.unmask', { reason: unmaskReason(values.reason), scope: 'cli segment members' }, { signal });
    const out = openOutputFile(values.out);
    const m = await client.call('segment.members', { rule }, { signal });
    for (let offset = 0; offset < m.rowCount || offset === 0; offset += PAGE_ROWS) {
      const page = await client.call('table.page', { table: m.table, offset, limit: PAGE_ROWS, unmasked: values.unmasked }, { signal });
      out.write(formatCsvRows(decodeArrowIPC(page.arrow), offset === 0));
      if (m.rowCount === 0) break;
    }
    await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`${m.rowCount} members written to ${values.out}${values.unmasked ? ' (UNMASKED personal data)' : ' (personal data masked)'}\n`);
    return 0;
  });
}

/** The list travels as an upload, as the app sends it (a 5,000,000-ID file is far over one request's limit). */
async function segmentFromIdsFile(file: string, name: string | undefined, owner: string, workspace: string): Promise<number> {
  if (!name) throw new AppError('INVALID_ARGUMENT', 'segment from-ids needs --name NAME', { option: 'name' });
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  return withEngine(workspace, async (client, signal) => {
    const upload = await uploadBytes(client, bytes, { signal });
    const { segment, report } = await client.call('segment.fromIds', { name, owner, description: `From the file ${path.basename(file)}`, upload }, { signal });
    const n = (x: number) => x.toLocaleString('en');
    process.stdout.write(`${segment.name} (${segment.id}): ${n(report.matched)} of ${n(report.distinct)} distinct IDs matched; ${n(report.unmatched)} not found, ${n(report.duplicates)} given more than once\n`);
    if (report.unmatchedExamples.length > 0) process.stdout.write(`  not found, e.g.: ${report.unmatchedExamples.slice(0, 5).join(', ')}\n`);
    return 0;
  });
}
