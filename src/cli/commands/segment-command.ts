import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeArrowIPC } from '../../shared/arrow-values';
import { AppError } from '../../shared/errors';
import { segmentFileSchema, segmentNodeSchema, sqlDialectSchema, type SegmentNode } from '../../shared/segment-types';
import { workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { unmaskReason } from '../unmask-option';
import { formatCsvRows } from '../table-format';

export const SEGMENT_USAGE = [
  'segment-workbench segment count FILE.json [--workspace PATH]',
  '  segment-workbench segment sql FILE.json [--dialect duckdb|postgres|spark|trino] [--schema NAME] [--as-of YYYY-MM-DD]',
  '  segment-workbench segment members FILE.json --out members.csv [--unmasked --reason TEXT]   (personal data masked unless --unmasked, recorded in the audit log)',
].join('\n');

const PAGE_ROWS = 5_000;


/** A segment file (exported definition) or a bare rule tree. */
function readRule(file: string): { rule: SegmentNode; name: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
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
      out: { type: 'string' }, unmasked: { type: 'boolean', default: false }, reason: { type: 'string' },
    },
  });
  const [action, file] = positionals;
  if (!action || !file || !['count', 'sql', 'members'].includes(action)) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${SEGMENT_USAGE}`);
  const { rule, name } = readRule(file);
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    if (action === 'count') {
      const r = await client.call('segment.count', { rule }, { signal });
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      process.stdout.write(`${name ? `${name}: ` : ''}${r.count.toLocaleString('en')} of ${r.customers.toLocaleString('en')} customers (${pct(r.share)}), AUM ${r.aum.toFixed(2)} (${pct(r.aumShare)}), as of ${r.asOf}\n`);
      for (const step of r.waterfall) process.stdout.write(`  after ${step.conditionId}: ${step.remaining.toLocaleString('en')} (${pct(step.share)} of customers, ${pct(step.aumShare)} of AUM)\n`);
      return 0;
    }
    if (action === 'sql') {
      const dialect = sqlDialectSchema.safeParse(values.dialect ?? 'duckdb');
      if (!dialect.success) throw new AppError('INVALID_ARGUMENT', `--dialect must be duckdb, postgres, spark or trino, got "${values.dialect}"`, { option: 'dialect' });
      const r = await client.call('segment.sql', { rule, dialect: dialect.data, ...(values.schema ? { schema: values.schema } : {}), ...(values['as-of'] ? { asOf: values['as-of'] } : {}) }, { signal });
      const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
      out.write(r.sql);
      for (const w of r.warnings) process.stderr.write(`note: ${w}\n`);
      if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
      return 0;
    }
    if (!values.out) throw new AppError('INVALID_ARGUMENT', 'segment members needs --out FILE.csv', { option: 'out' });
    if (values.unmasked) await client.call('privacy.unmask', { reason: unmaskReason(values.reason), scope: 'cli segment members' }, { signal });
    const m = await client.call('segment.members', { rule }, { signal });
    const out = fs.createWriteStream(values.out);
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
