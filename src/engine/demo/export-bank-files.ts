import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { ColumnKind } from '../../shared/import-types';
import { CANONICAL_MODEL } from '../../shared/canonical-model';
import { encodeUtf8FileTo } from '../encoding/gbk-encoder';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { DEMO_EXPORTS, type DemoExportSpec } from './demo-presets';
import type { ProgressText } from '../../shared/protocol';

/**
 * Writes the demo bank's tables as a core-banking system would export them: Chinese headers,
 * dates as YYYYMMDD, amounts with thousands separators (1,234.50), 借/贷 direction codes, 是/否
 * flags; customers in GBK, accounts in UTF-8 with a BOM, transactions `|`-separated. DuckDB's
 * COPY writes every file as UTF-8; the BOM is prepended and the GBK file transcoded by
 * streaming (DuckDB cannot write GBK; never the whole file in memory).
 */
export interface ExportedFile {
  table: DemoExportSpec['table'];
  file: string;
  spec: DemoExportSpec;
  rows: number;
  bytes: number;
}

/** The SQL that writes one column of a table as the bank's export shows it. */
function exportExpression(column: string, kind: ColumnKind): string {
  const c = quoteIdent(column);
  switch (kind) {
    case 'date':
      return `strftime(${c}, '%Y%m%d')`;
    case 'month':
      return `strftime(${c}, '%Y%m')`;
    case 'timestamp':
      // 2026-06-10 10:06:00 (fractional seconds, if ever any, are written too: nothing is lost).
      return `CAST(${c} AS VARCHAR)`;
    case 'decimal':
      return `format('{:,.2f}', ${c})`;
    case 'boolean':
      return `CASE WHEN ${c} THEN '是' WHEN NOT ${c} THEN '否' END`;
    case 'direction':
      return `CASE ${c} WHEN 'debit' THEN '借' WHEN 'credit' THEN '贷' END`;
    case 'json':
      return `CAST(${c} AS VARCHAR)`;
    default:
      return c;
  }
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Tables written in key order (a sort of the two big ones would cost more than it shows). */
const SORTED: ReadonlySet<string> = new Set(['customers', 'accounts', 'holdings', 'contacts', 'events']);

/** The SELECT that produces a table's export rows (headers as column aliases). */
export function exportSelectSql(spec: DemoExportSpec): string {
  const { preset } = spec;
  const columns = (preset.headers ?? []).map((header) => `${exportExpression(preset.mapping[header]!, preset.types![header]!)} AS ${quoteIdent(header)}`);
  const order = SORTED.has(spec.table) ? ` ORDER BY ${CANONICAL_MODEL[spec.table].key.map(quoteIdent).join(', ')}` : '';
  return `SELECT ${columns.join(', ')} FROM ${quoteIdent(spec.table)}${order}`;
}

async function prependBom(source: string, target: string): Promise<void> {
  const out = fs.createWriteStream(target);
  try {
    out.write(Buffer.from([0xef, 0xbb, 0xbf]));
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 })) {
      if (!out.write(chunk as Buffer)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/**
 * Exports every demo table of the session's catalog into `folder` (created if needed; files of
 * the same names are overwritten). Progress: one share per table, by its row count.
 */
export async function exportBankFiles(session: Session, folder: string, ctx: JobContext): Promise<ExportedFile[]> {
  fs.mkdirSync(folder, { recursive: true });
  const counts = new Map<string, number>();
  for (const spec of DEMO_EXPORTS) {
    const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(spec.table)}`);
    counts.set(spec.table, Number(row?.n ?? 0));
  }
  // Weight by rows, the GBK file (JS transcoding) counting triple.
  const weight = (spec: DemoExportSpec) => (counts.get(spec.table) ?? 0) * (spec.preset.settings?.encoding === 'gbk' ? 3 : 1) + 1;
  const total = DEMO_EXPORTS.reduce((sum, spec) => sum + weight(spec), 0);
  let done = 0;
  const out: ExportedFile[] = [];
  for (const spec of DEMO_EXPORTS) {
    const share = weight(spec) / total;
    const from = done;
    const settings = spec.preset.settings!;
    const file = path.join(folder, spec.fileName);
    const plain = settings.encoding === 'utf-8';
    const utf8File = plain ? file : `${file}.utf8.part`;
    const message: ProgressText = { key: 'progress.demo.export', params: { file: spec.fileName } };
    await session.run(
      `COPY (${exportSelectSql(spec)}) TO ${literal(utf8File)} (FORMAT csv, HEADER true, DELIMITER ${literal(settings.delimiter!)}, QUOTE '"', ESCAPE '"')`,
      undefined,
      { from, to: plain ? from + share : from + share / 3, message },
    );
    try {
      if (settings.encoding === 'utf-8-bom') await prependBom(utf8File, file);
      else if (settings.encoding === 'gbk' || settings.encoding === 'gb18030' || settings.encoding === 'big5') {
        const size = fs.statSync(utf8File).size;
        await encodeUtf8FileTo(utf8File, file, settings.encoding, {
          beforeChunk: () => ctx.token.throwIfCancelled(),
          onBytes: (read) => ctx.progress({ fraction: from + share / 3 + ((2 * share) / 3) * (read / Math.max(1, size)), message }),
        });
      } else if (!plain) throw new Error(`demo export: unsupported encoding ${settings.encoding}`);
    } finally {
      if (!plain) fs.rmSync(utf8File, { force: true });
    }
    done += share;
    ctx.progress({ fraction: done, message });
    out.push({ table: spec.table, file, spec, rows: counts.get(spec.table) ?? 0, bytes: fs.statSync(file).size });
  }
  return out;
}
