import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeArrowIPC } from '../../shared/arrow-values';
import { AppError } from '../../shared/errors';
import { openOutputFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { unmaskReason } from '../unmask-option';
import { formatCsvRows, formatTextTable, toJsonRows, type OutputFormat } from '../table-format';

export const SQL_USAGE = [
  'segment-workbench sql "QUERY" [--workspace PATH] [--format table|csv|json] [--json] [--out FILE] [--unmasked --reason TEXT]',
  '    DuckDB SQL on the workspace: SELECT, SHOW TABLES, DESCRIBE t, SUMMARIZE t, EXPLAIN …, or several statements separated by ";" (the last one\'s rows are shown).',
  '    Locked to the workspace: no files, other databases, settings or extensions; personal data masked unless --unmasked (audited).',
].join('\n');
const PAGE_ROWS = 5_000;
const TABLE_DISPLAY_LIMIT = 1_000;

export async function sqlCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, unmasked: { type: 'boolean', default: false }, reason: { type: 'string' } },
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new AppError('INVALID_ARGUMENT', `no query given. Usage: ${SQL_USAGE}`, {}, 'error.CLI_USAGE');
  const format = values.json && values.format === undefined ? 'json' : parseFormat(values.format, values.out);
  const out = values.out ? openOutputFile(values.out) : process.stdout;
  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const unmasked = values.unmasked === true;
    // Masked by default: the query reads masked views. Unmasking is audited, with the user's reason.
    if (unmasked) await client.call('privacy.unmask', { reason: unmaskReason(values.reason), scope: 'cli sql' }, { signal });
    const result = await client.call('sql.run', { sql: query, unmasked }, { signal });
    if (result.kind === 'statement') {
      if (values.json) process.stdout.write(`${JSON.stringify({ ok: true, elapsed_ms: Math.round(result.elapsedMs) })}\n`);
      process.stderr.write(`ok (${result.elapsedMs.toFixed(0)} ms)\n`);
      if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
      return 0;
    }
    const limit = format === 'table' && !values.out ? Math.min(result.rowCount, TABLE_DISPLAY_LIMIT) : result.rowCount;
    const jsonRows: unknown[] = [];
    for (let offset = 0; offset < limit || (offset === 0 && limit === 0); offset += PAGE_ROWS) {
      // A result computed through the masked views is masked already, so catalog names (SHOW TABLES) read as they are.
      const page = await client.call('table.page', { table: result.table, offset, limit: Math.min(PAGE_ROWS, Math.max(1, limit - offset)), unmasked }, { signal });
      const decoded = decodeArrowIPC(page.arrow);
      if (format === 'csv') out.write(formatCsvRows(decoded, offset === 0));
      else if (format === 'json') jsonRows.push(...toJsonRows(decoded));
      else out.write(`${formatTextTable(decoded)}\n`);
      if (limit === 0) break;
    }
    if (format === 'json') out.write(`${JSON.stringify(jsonRows, null, 2)}\n`);
    if (format === 'table' && limit < result.rowCount) process.stderr.write(`(${limit} of ${result.rowCount} rows shown; use --out FILE for all)\n`);
    process.stderr.write(`${result.rowCount} rows (${result.elapsedMs.toFixed(0)} ms)\n`);
    if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
    return 0;
  });
}

function parseFormat(value: string | undefined, out: string | undefined): OutputFormat {
  const format = value ?? (out?.endsWith('.json') ? 'json' : out ? 'csv' : 'table');
  if (format === 'table' || format === 'csv' || format === 'json') return format;
  throw new AppError('INVALID_ARGUMENT', `--format must be table, csv or json, got "${value}"`, { option: 'format', value: value ?? '' });
}
