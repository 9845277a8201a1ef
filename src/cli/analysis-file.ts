import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { DecodedTable } from '../shared/arrow-values';
import { AppError } from '../shared/errors';
import { workspaceOption } from './cli-options';
import { formatTextTable } from './table-format';

/**
 * The churn and retention commands (survival, retention, lifecycle) read their parameters from a
 * JSON file — the same object the app sends (`survival.run`, `retention.run`, `lifecycle.run`) —
 * and print a table, or the whole result with --json.
 */
export function parseAnalysisArgs<S extends z.ZodTypeAny>(argv: string[], schema: S, usage: string): { params: z.input<S>; workspace: string; json: boolean } {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { workspace: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new AppError('INVALID_ARGUMENT', `Usage:\n  ${usage}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_ARGUMENT', `${file}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid parameters'}`, { file });
  }
  return { params: json as z.input<S>, workspace: workspaceOption(values.workspace), json: values.json };
}

/** A text table from rows of cells; numbers are right-aligned. */
export function textTable(headers: string[], rows: Array<Array<string | number | null>>): string {
  const table: DecodedTable = {
    rowCount: rows.length,
    columns: headers.map((name, i) => ({
      name,
      duckdbType: rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null) ? 'DOUBLE' : 'VARCHAR',
      values: rows.map((r) => r[i] ?? null),
    })),
  };
  return formatTextTable(table);
}

export const percent = (x: number | null, digits = 1) => (x === null ? '–' : `${(x * 100).toFixed(digits)} %`);
