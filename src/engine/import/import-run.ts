import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind, CsvSettings, ImportReject, RunParams, RunResult } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { CANONICAL_MODEL, canonicalColumn, isCanonicalTable } from './canonical-model';
import { cleanSql, countShapes, decideKind, hasDateHint, type InferredColumn } from './column-inference';
import { KIND_SQL_TYPE, conversionSql, kindOfSqlType } from './column-kinds';
import { lineOfRowSql, readerRejectRecordsSql, stageCsv, type StagedFile } from './csv-stage';
import { isUtf8 } from './encoding-detect';
import { hashFile } from './file-bytes';
import { ensureBookkeeping, findImportByHash, IMPORTS_TABLE, REJECTS_TABLE } from './import-bookkeeping';
import { detectLayout, type FileLayout } from './import-detect';
import { suggestMapping } from './mapping-suggest';
import { transcodeToUtf8 } from './transcode';
import { XlsxWorkbook } from './xlsx-reader';
import { convertSheet, isXlsx, sheetHash } from './xlsx-source';

/**
 * One import: files → one table, all-or-nothing. Bytes are hashed (and, for encodings DuckDB
 * cannot read, transcoded) outside the transaction; everything that touches the workspace runs in
 * one transaction, so a failure or a cancel leaves the workspace exactly as it was.
 */
interface PreparedFile {
  file: string;
  layout: FileLayout;
  sha256: string;
  utf8File: string;
  alreadyImported: boolean;
  /** Excel: CSV physical line → sheet row, applied to the rejects' line numbers. */
  lineMap?: Array<{ fromLine: number; delta: number }>;
}

interface OutputColumn {
  name: string;
  /** Index of the source column, or null for a canonical column the file does not have. */
  source: number | null;
  kind: ColumnKind;
  inferred?: InferredColumn;
}

type FileSummary = RunResult['files'][number];

export async function runImport(session: Session, params: RunParams, ctx: JobContext): Promise<RunResult> {
  const started = performance.now();
  const importId = randomUUID();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-import-'));
  try {
    const totalBytes = { value: 0 };
    const prepared: PreparedFile[] = [];
    const absolute = params.files.map((f) => path.resolve(f));
    const csvOverrides = params.headerLine !== undefined && params.overrides.headerLine === undefined && params.headerLine <= 1000 ? { ...params.overrides, headerLine: params.headerLine } : params.overrides;
    const layouts = await Promise.all(absolute.map((f) => (isXlsx(f) ? null : detectLayout(f, csvOverrides))));
    const sizes = await Promise.all(absolute.map((f, i) => layouts[i]?.sizeBytes ?? fileSize(f)));
    for (const size of sizes) totalBytes.value += size;
    let bytesDone = 0;
    // Phase 1 (0–30 %): read every byte once — hash, and transcode (or, for a sheet, convert) where needed.
    for (const [i, abs] of absolute.entries()) {
      const layout = layouts[i];
      const report = (read: number) =>
        ctx.progress({ fraction: (0.3 * (bytesDone + read)) / Math.max(1, totalBytes.value), message: `read ${path.basename(abs)}` });
      if (!layout) {
        prepared.push(...(await prepareWorkbook(session, abs, i, params, tempDir, ctx, sizes[i]!, report)));
        bytesDone += sizes[i]!;
        continue;
      }
      let sha256: string;
      let utf8File = abs;
      if (isUtf8(layout.settings.encoding)) sha256 = await hashFile(abs, ctx, report);
      else {
        utf8File = path.join(tempDir, `${i}.csv`);
        ({ sha256 } = await transcodeToUtf8(abs, utf8File, layout.settings.encoding, ctx, report));
      }
      bytesDone += layout.sizeBytes;
      const earlier = await findImportByHash(session, sha256);
      prepared.push({ file: abs, layout, sha256, utf8File, alreadyImported: earlier !== null });
    }

    return await session.transaction(async () => {
      await ensureBookkeeping(session);
      const files: FileSummary[] = [];
      const rejects: ImportReject[] = [];
      const duplicateKeys: string[] = [];
      const sources = new Map<string, string>();
      let created = false;
      let key: string[] = [];
      bytesDone = 0;
      for (const [i, p] of prepared.entries()) {
        const skip = p.alreadyImported && !params.allowReimport;
        const from = 0.3 + (0.7 * bytesDone) / Math.max(1, totalBytes.value);
        bytesDone += p.layout.sizeBytes;
        const to = 0.3 + (0.7 * bytesDone) / Math.max(1, totalBytes.value);
        if (skip) {
          files.push(emptySummary(p, true));
          continue;
        }
        const result = await loadFile(session, params, p, { importId, index: i, replaceFirst: params.mode === 'replace' && !created, from, to });
        created = true;
        key = result.key;
        for (const [name, header] of result.sources) if (!sources.has(name)) sources.set(name, header);
        files.push(result.summary);
        rejects.push(...result.rejects.slice(0, Math.max(0, params.rejectSample - rejects.length)));
        duplicateKeys.push(...result.duplicateKeys.slice(0, Math.max(0, 20 - duplicateKeys.length)));
      }
      const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected' | 'rowsDuplicate') => files.reduce((s, f) => s + f[k], 0);
      const failedChecks: string[] = [];
      if (sum('rowsRejected') > 0) failedChecks.push('rejected_rows');
      if (sum('rowsDuplicate') > 0) failedChecks.push('duplicate_keys');
      if (files.some((f) => f.alreadyImported)) failedChecks.push('already_imported');
      const loadedAny = files.some((f) => !f.skipped);
      if (loadedAny && sum('rowsLoaded') === 0 && sum('rowsDuplicate') === 0) {
        const first = rejects[0];
        throw new AppError(
          'INVALID_ARGUMENT',
          `nothing could be loaded into ${params.table}: ${sum('rowsRead')} rows read, all rejected${first ? ` (first: ${path.basename(first.file)} line ${first.line ?? '?'}: ${first.reason})` : ''}`,
          { table: params.table, rowsRead: sum('rowsRead'), rowsRejected: sum('rowsRejected'), file: first?.file ?? null, line: first?.line ?? null, reason: first?.reason ?? null },
          'error.IMPORT_NOTHING_LOADED',
        );
      }
      const columns = loadedAny ? await tableColumns(session, params.table) : [];
      ctx.progress({ fraction: 1, message: 'done' });
      return {
        importId,
        table: params.table,
        mode: params.mode,
        rowsRead: sum('rowsRead'),
        rowsLoaded: sum('rowsLoaded'),
        rowsRejected: sum('rowsRejected'),
        rowsDuplicate: sum('rowsDuplicate'),
        duplicateKeys,
        key,
        files,
        columns: columns.map((c) => ({ name: c.name, source: sources.get(c.name) ?? null, type: c.type })),
        rejects,
        failedChecks,
        elapsedMs: performance.now() - started,
      };
    });
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function emptySummary(p: PreparedFile, skipped: boolean): FileSummary {
  return { file: p.file, sha256: p.sha256, encoding: p.layout.settings.encoding, alreadyImported: p.alreadyImported, skipped, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0 };
}


async function tableColumns(session: Session, table: string): Promise<Array<{ name: string; type: string }>> {
  const rows = await session.rows<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t ORDER BY column_index`,
    { db: session.catalog, t: table },
  );
  return rows.map((r) => ({ name: r.column_name, type: r.data_type }));
}

/** Source header → output column name, from the given mapping or the suggested one. */
function mappingFor(params: RunParams, layout: FileLayout): Map<number, string> {
  const out = new Map<number, string>();
  if (params.mapping) {
    layout.headers.forEach((h, i) => {
      const target = params.mapping![h];
      if (target) out.set(i, target);
    });
    return out;
  }
  if (!isCanonicalTable(params.table)) return out;
  const suggestion = suggestMapping(layout.headers, layout.rows.slice(0, 1000), params.table);
  for (const c of suggestion.columns) if (c.target) out.set(c.index, c.target);
  return out;
}

function planColumns(
  params: RunParams,
  layout: FileLayout,
  inferred: InferredColumn[],
  existing: Map<string, string> | null,
): OutputColumn[] {
  const table = params.table;
  const mapping = mappingFor(params, layout);
  const taken = new Set<string>();
  const out: OutputColumn[] = [];
  const kindFor = (name: string, source: number): ColumnKind => {
    const canonical = canonicalColumn(table, name);
    const existingType = existing?.get(name);
    if (existingType !== undefined) return canonical?.kind ?? kindOfSqlType(existingType);
    return params.types[layout.headers[source]!] ?? canonical?.kind ?? layout.kindHints?.[source] ?? inferred[source]!.kind;
  };
  if (isCanonicalTable(table)) {
    for (const c of CANONICAL_MODEL[table].columns) {
      const source = [...mapping.entries()].find(([, t]) => t === c.name)?.[0];
      taken.add(c.name);
      if (source === undefined) {
        if (!existing) out.push({ name: c.name, source: null, kind: c.kind });
      } else out.push({ name: c.name, source, kind: kindFor(c.name, source), inferred: inferred[source] });
    }
  }
  layout.headers.forEach((header, source) => {
    const mapped = mapping.get(source);
    if (mapped && isCanonicalTable(table) && canonicalColumn(table, mapped)) return;
    let name = mapped ?? header;
    for (let n = 2; taken.has(name); n++) name = `${mapped ?? header}_${n}`;
    taken.add(name);
    out.push({ name, source, kind: kindFor(name, source), inferred: inferred[source] });
  });
  return out;
}

async function loadFile(
  session: Session,
  params: RunParams,
  p: PreparedFile,
  opts: { importId: string; index: number; replaceFirst: boolean; from: number; to: number },
): Promise<{ summary: FileSummary; rejects: ImportReject[]; duplicateKeys: string[]; key: string[]; sources: Map<string, string> }> {
  const tag = `${opts.importId.slice(0, 8)}_${opts.index}`;
  const names = { stage: `_sw_stage_${tag}`, rejects: `_sw_rj_${tag}`, scan: `_sw_rs_${tag}`, conv: `_sw_conv_${tag}`, headers: `_sw_hdr_${tag}` };
  const span = (a: number, b: number, message?: string) => ({ from: opts.from + (opts.to - opts.from) * a, to: opts.from + (opts.to - opts.from) * b, ...(message ? { message } : {}) });
  const base = path.basename(p.file);
  const layout = p.layout;
  const staged = await stageCsv(session, p.utf8File, layout.settings, layout.headers.length, names, span(0, 0.5, `load ${base}`));
  const stageSql = quoteIdent(staged.stage);

  // Header names travel as bound values (they are user data), into a small lookup table.
  await session.run(`CREATE TEMP TABLE ${quoteIdent(names.headers)} (idx INTEGER, staged VARCHAR, header VARCHAR, kind VARCHAR)`);

  const counts = await countShapes(session, stageSql, staged.columns);
  const inferred = counts.map((c, i) => decideKind(c, hasDateHint(layout.headers[i]!)));
  const existingTable = opts.replaceFirst ? null : await existingColumns(session, params.table);
  const plan = planColumns(params, layout, inferred, existingTable);
  for (const [i, h] of layout.headers.entries()) {
    const kind = plan.find((c) => c.source === i)?.kind ?? 'text';
    await session.run(`INSERT INTO ${quoteIdent(names.headers)} VALUES ($i, $s, $h, $k)`, { i, s: `c${i}`, h, k: kind });
  }

  // Convert every column; a row with any value that does not convert is rejected, with the column.
  const sourced = plan.filter((c) => c.source !== null);
  const clean = staged.columns.map((c, i) => `${cleanSql(quoteIdent(c))} AS v${i}`).join(', ');
  const converted = sourced
    .map((c, j) => `CAST(${conversionSql(c.kind, `v${c.source}`, { dateForms: c.inferred?.dateForms ?? [] })} AS ${KIND_SQL_TYPE[c.kind]}) AS o${j}`)
    .join(', ');
  const bad = sourced.map((c, j) => `CASE WHEN v${c.source} IS NOT NULL AND o${j} IS NULL THEN ${c.source} END`);
  await session.run(
    `CREATE TEMP TABLE ${quoteIdent(names.conv)} AS
     SELECT _sw_row, ${sourced.map((_, j) => `o${j}`).join(', ') || 'NULL AS o_none'},
            list_filter([${bad.join(', ') || 'NULL'}]::INTEGER[], x -> x IS NOT NULL) AS _sw_bad, ${staged.columns.map((_, i) => `v${i}`).join(', ')}
     FROM (SELECT _sw_row, ${staged.columns.map((_, i) => `v${i}`).join(', ')}${converted ? `, ${converted}` : ''}
           FROM (SELECT _sw_row, ${clean} FROM ${stageSql}))`,
    undefined,
    span(0.5, 0.8, `convert ${base}`),
  );
  const convSql = quoteIdent(names.conv);
  const hdrSql = quoteIdent(names.headers);

  // Rejects: what the reader could not read, then what did not convert.
  const delimiter = layout.settings.delimiter;
  await session.run(
    `INSERT INTO ${REJECTS_TABLE}
     SELECT $id, $file, r.line, h.header, r.reason, r.raw FROM (${readerRejectRecordsSql(staged)}) r LEFT JOIN ${hdrSql} h ON h.staged = r.column_name`,
    { id: opts.importId, file: p.file },
  );
  await insertConversionRejects(session, staged, convSql, hdrSql, delimiter, opts.importId, p.file);
  if (p.lineMap) await remapRejectLines(session, p.lineMap, opts.importId, p.file, `${names.conv}_lm`);

  const [counted] = await session.rows<{ staged: bigint; bad: bigint; reader: bigint }>(
    `SELECT (SELECT count(*) FROM ${stageSql}) AS staged, (SELECT count(*) FROM ${convSql} WHERE len(_sw_bad) > 0) AS bad,
            (SELECT count(DISTINCT line) FROM ${quoteIdent(staged.readerRejects)}) AS reader`,
  );
  const stagedRows = Number(counted!.staged);
  const badRows = Number(counted!.bad);
  const readerRows = Number(counted!.reader);

  // Write: create (replace, or a new table), add new columns, insert (append: skip keys already there).
  const target = quoteIdent(params.table);
  const outputs = plan.map((c) => {
    const j = sourced.indexOf(c);
    return `${j >= 0 ? `o${j}` : `CAST(NULL AS ${KIND_SQL_TYPE[c.kind]})`} AS ${quoteIdent(c.name)}`;
  });
  const good = `(SELECT _sw_row, ${outputs.join(', ')} FROM ${convSql} WHERE len(_sw_bad) = 0)`;
  if (opts.replaceFirst) await session.run(`CREATE OR REPLACE TABLE ${target} AS SELECT * EXCLUDE (_sw_row) FROM ${good} LIMIT 0`);
  else if (!existingTable) await session.run(`CREATE TABLE ${target} AS SELECT * EXCLUDE (_sw_row) FROM ${good} LIMIT 0`);
  else {
    for (const c of plan) {
      if (!existingTable.has(c.name)) await session.run(`ALTER TABLE ${target} ADD COLUMN ${quoteIdent(c.name)} ${KIND_SQL_TYPE[c.kind]}`);
    }
  }
  const key = isCanonicalTable(params.table) ? CANONICAL_MODEL[params.table].key : [];
  const dedup = params.mode === 'append' && key.length > 0 && key.every((k) => plan.some((c) => c.name === k && c.source !== null));
  const keyCols = key.map(quoteIdent);
  const existsInTarget = `EXISTS (SELECT 1 FROM ${target} t WHERE ${keyCols.map((k) => `t.${k} IS NOT DISTINCT FROM g.${k}`).join(' AND ')})`;
  const withDupFlag = dedup
    ? `(SELECT *, ${existsInTarget} OR row_number() OVER (PARTITION BY ${keyCols.join(', ')} ORDER BY _sw_row) > 1 AS _sw_dup FROM ${good} g)`
    : `(SELECT *, false AS _sw_dup FROM ${good} g)`;
  const duplicateKeys: string[] = [];
  if (dedup) {
    await session.run(`CREATE TEMP TABLE ${quoteIdent(`${names.conv}_d`)} AS SELECT * FROM ${withDupFlag}`);
    const examples = await session.rows<{ k: string }>(
      `SELECT DISTINCT concat_ws('|', ${keyCols.map((k) => `CAST(${k} AS VARCHAR)`).join(', ')}) AS k FROM ${quoteIdent(`${names.conv}_d`)} WHERE _sw_dup ORDER BY k LIMIT 20`,
    );
    duplicateKeys.push(...examples.map((e) => e.k));
  }
  const source = dedup ? quoteIdent(`${names.conv}_d`) : good;
  const [before] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${target}`);
  await session.run(
    `INSERT INTO ${target} BY NAME SELECT * EXCLUDE (_sw_row${dedup ? ', _sw_dup' : ''}) FROM ${source} ${dedup ? 'WHERE NOT _sw_dup' : ''} ORDER BY _sw_row`,
    undefined,
    span(0.8, 1, `write ${params.table}`),
  );
  const [after] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${target}`);
  const loaded = Number(after!.n) - Number(before!.n);
  const duplicates = stagedRows - badRows - loaded;

  const summary: FileSummary = {
    file: p.file,
    sha256: p.sha256,
    encoding: layout.settings.encoding,
    alreadyImported: p.alreadyImported,
    skipped: false,
    rowsRead: stagedRows + readerRows,
    rowsLoaded: loaded,
    rowsRejected: readerRows + badRows,
    rowsDuplicate: duplicates,
  };
  await session.run(
    `INSERT INTO ${IMPORTS_TABLE} VALUES ($id, current_timestamp, $file, $sha, $size, $table, $mode, $enc, $read, $loaded, $rejected, $dup, $settings)`,
    {
      id: opts.importId, file: p.file, sha: p.sha256, size: layout.sizeBytes, table: params.table, mode: params.mode, enc: layout.settings.encoding,
      read: summary.rowsRead, loaded, rejected: summary.rowsRejected, dup: duplicates, settings: JSON.stringify(layout.settings satisfies CsvSettings),
    },
  );
  const rejects = await session.rows<{ file: string; line: bigint | null; column: string | null; reason: string; raw: string | null }>(
    `SELECT file, line, "column", reason, raw FROM ${REJECTS_TABLE} WHERE import_id = $id AND file = $file ORDER BY line LIMIT $n`,
    { id: opts.importId, file: p.file, n: params.rejectSample },
  );
  for (const t of [names.stage, names.conv, names.headers, names.rejects, names.scan, ...(dedup ? [`${names.conv}_d`] : [])]) {
    await session.run(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
  }
  return {
    summary,
    rejects: rejects.map((r) => ({ file: r.file, line: r.line === null ? null : Number(r.line), column: r.column, reason: r.reason, raw: r.raw })),
    duplicateKeys,
    key: dedup || params.mode === 'replace' ? key : [],
    sources: new Map(sourced.map((c) => [c.name, layout.headers[c.source!]!])),
  };
}

async function insertConversionRejects(session: Session, staged: StagedFile, convSql: string, hdrSql: string, delimiter: string, importId: string, file: string) {
  // The value is the cleaned one kept in the conversion table (v<idx>); pick it by index.
  const valueByIdx = `CASE b.idx ${staged.columns.map((_, i) => `WHEN ${i} THEN c.v${i}`).join(' ')} END`;
  const raw = `concat_ws($delim, ${staged.columns.map((col) => `coalesce(s.${quoteIdent(col)}, '')`).join(', ')})`;
  await session.run(
    `INSERT INTO ${REJECTS_TABLE}
     SELECT $id, $file, ${lineOfRowSql(staged, 'b._sw_row')}, h.header, 'cannot read "' || ${valueByIdx} || '" as ' || h.kind, ${raw}
     FROM (SELECT _sw_row, unnest(_sw_bad) AS idx FROM ${convSql} WHERE len(_sw_bad) > 0) b
     JOIN ${convSql} c ON c._sw_row = b._sw_row
     JOIN ${quoteIdent(staged.stage)} s ON s._sw_row = b._sw_row
     JOIN ${hdrSql} h ON h.idx = b.idx`,
    { id: importId, file, delim: delimiter },
  );
}

async function existingColumns(session: Session, table: string): Promise<Map<string, string> | null> {
  const cols = await tableColumns(session, table);
  return cols.length ? new Map(cols.map((c) => [c.name, c.type])) : null;
}


async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch (error) {
    throw new AppError('IO_ERROR', `cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file }, 'error.IMPORT_FILE_UNREADABLE');
  }
}

/** Each chosen sheet of a workbook, streamed to a CSV temp file: one prepared "file" per sheet. */
async function prepareWorkbook(
  session: Session,
  file: string,
  index: number,
  params: RunParams,
  tempDir: string,
  ctx: JobContext,
  size: number,
  report: (read: number) => void,
): Promise<PreparedFile[]> {
  const fileSha = await hashFile(file, ctx, (read) => report(read * 0.1));
  const workbook = await XlsxWorkbook.open(file);
  try {
    const names = params.sheets ?? (workbook.sheets[0] ? [workbook.sheets[0].name] : []);
    for (const name of names) workbook.sheet(name); // every name exists, before anything is read
    const out: PreparedFile[] = [];
    for (const [j, name] of names.entries()) {
      const csvFile = path.join(tempDir, `${index}_${j}.csv`);
      const converted = await convertSheet(
        workbook,
        name,
        csvFile,
        { headerLine: params.headerLine ?? params.overrides.headerLine, hasHeader: params.overrides.hasHeader },
        ctx,
        (fraction, rows) => {
          report(size * (0.1 + (0.9 * (j + fraction)) / names.length));
          ctx.progress({ rows, message: `read ${path.basename(file)} [${name}]` });
        },
      );
      const sha256 = sheetHash(fileSha, name);
      const earlier = await findImportByHash(session, sha256);
      out.push({
        file: `${file}#${name}`,
        layout: { ...converted.layout, sizeBytes: Math.round(size / names.length), kindHints: converted.kindHints },
        sha256,
        utf8File: csvFile,
        alreadyImported: earlier !== null,
        lineMap: converted.lineMap,
      });
    }
    return out;
  } finally {
    workbook.close();
  }
}

/** Rejects of a converted sheet carry CSV line numbers: turn them into the sheet's row numbers. */
async function remapRejectLines(session: Session, lineMap: Array<{ fromLine: number; delta: number }>, importId: string, file: string, temp: string): Promise<void> {
  if (lineMap.every((m) => m.delta === 0)) return;
  const t = quoteIdent(temp);
  await session.run(`CREATE TEMP TABLE ${t} (from_line BIGINT, delta BIGINT)`);
  for (let i = 0; i < lineMap.length; i += 1000) {
    const chunk = lineMap.slice(i, i + 1000);
    await session.run(`INSERT INTO ${t} VALUES ${chunk.map((m) => `(${Math.trunc(m.fromLine)}, ${Math.trunc(m.delta)})`).join(', ')}`);
  }
  await session.run(
    `UPDATE ${REJECTS_TABLE} SET line = line + coalesce((SELECT arg_max(m.delta, m.from_line) FROM ${t} m WHERE m.from_line <= ${REJECTS_TABLE}.line), 0)
     WHERE import_id = $id AND file = $file AND line IS NOT NULL`,
    { id: importId, file },
  );
  await session.run(`DROP TABLE ${t}`);
}
