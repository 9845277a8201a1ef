import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind, CsvSettings, ImportReject, RunParams, RunResult } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import type { ProgressSpan, Session } from '../workspace';
import { markProfileStale } from '../profile/profile-meta';
import { CANONICAL_MODEL, canonicalColumn, isCanonicalTable } from './canonical-model';
import { ALL_PRESENT, cleanSql, countShapes, type Cleaning, type Present, decideKind, fitSql, hasDateHint, judgeSample, type Fit, type InferredColumn } from './column-inference';
import { KIND_SQL_TYPE, conversionSql, kindOfSqlType } from './column-kinds';
import { csvSource, lineOfRowSql, readerRejectRecordsSql } from './csv-stage';
import { isUtf8 } from './encoding-detect';
import { cachedFileDigest } from './file-hash-cache';
import { digestFile } from './file-bytes';
import { ensureBookkeeping, findImportByHash, IMPORTS_TABLE, REJECTS_TABLE } from './import-bookkeeping';
import { detectLayout, type FileLayout } from './import-detect';
import { suggestMapping } from './mapping-suggest';
import { emptyReaderRejectsSql, isParquet, parquetLayout, parquetSource } from './parquet-source';
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
  /** Data records, about (physical lines below the header), for rows in progress; null when unknown. */
  records?: number | null;
  /** Parquet: the file's column names (read with read_parquet, not read_csv). */
  parquet?: string[];
  /** The padding characters and missing-value tokens the bytes DuckDB reads contain (see cleanSql). */
  present: Present;
}

interface OutputColumn {
  name: string;
  /** Index of the source column, or null for a canonical column the file does not have. */
  source: number | null;
  /** null until inferred from the file's values. */
  kind: ColumnKind | null;
  inferred?: InferredColumn;
  /** Set while the kind comes from a sample: the test every value of the file must pass for it to hold. */
  fit?: Fit | null;
}

type FileSummary = RunResult['files'][number];

/**
 * Progress as a fraction of the work, measured in bytes: each pass over a file (hash or transcode,
 * inference, load) is a span weighted by the file's size and how costly the pass is, so the UI's
 * bytes, speed and time left (fraction × total bytes) move steadily; DuckDB's own progress and
 * rows flow within each span. Every phase says what it does in the message.
 */
const HASH_WEIGHT = 0.1;
const TRANSCODE_WEIGHT = 0.8;
const XLSX_WEIGHT = 4;
/** Shapes of the first SAMPLE_ROWS records (a fixed amount of work: weighted low). */
const SAMPLE_WEIGHT = 0.02;
/** Shapes of the whole file, only when a value fails its column's sample test (then the load runs twice). */
const INFER_WEIGHT = 0.3;
const LOAD_WEIGHT = 1;
const QUALITY_WEIGHT = 0.05;

/** Records whose shapes decide the kinds before the load (which then checks every value against them). */
const SAMPLE_ROWS = 20_000;

/**
 * DuckDB reports no rows while it reads a CSV (only its percentage): a context whose progress
 * turns the fraction within the current span into rows, from the line count of the hash or
 * transcode pass. Pass it both to withSession (DuckDB's polling reports through it) and to runImport.
 */
export interface RowEstimatingContext extends JobContext {
  expectRows(span: ProgressSpan | null, rows: number | null): void;
}

export function withRowEstimates(ctx: JobContext): RowEstimatingContext {
  let current: { span: ProgressSpan; rows: number } | null = null;
  return {
    token: ctx.token,
    progress: (p) => {
      if (current && !p.rows && p.message === undefined && p.fraction != null && p.fraction >= current.span.from) {
        const within = (p.fraction - current.span.from) / Math.max(1e-9, current.span.to - current.span.from);
        ctx.progress({ ...p, rows: Math.round(current.rows * Math.min(1, within)) });
      } else ctx.progress(p);
    },
    expectRows: (span, rows) => {
      current = span && rows !== null ? { span, rows } : null;
    },
  };
}

class ImportProgress {
  private done = 0;
  /** Where the fraction stood when the work was last extended: the rest of the bar is shared from there. */
  private base = { units: 0, fraction: 0 };
  constructor(
    private readonly ctx: JobContext,
    private total: number,
  ) {}

  /** Unplanned work (a second pass): the bar never goes back, it moves slower over what is left. */
  extend(weight: number): void {
    this.base = { units: this.done, fraction: this.fraction(this.done) };
    this.total += weight;
  }

  /** The next `weight` units of work as a progress span (DuckDB statements report within it). */
  span(weight: number, message: string, expectedRows: number | null = null): ProgressSpan {
    const from = this.fraction(this.done);
    this.done += weight;
    this.ctx.progress({ fraction: from, rows: 0, message });
    const span = { from, to: this.fraction(this.done) };
    (this.ctx as Partial<RowEstimatingContext>).expectRows?.(span, expectedRows);
    return span;
  }

  /** A JS pass (hash, transcode, sheet): call the returned function with the units done so far. */
  pass(weight: number, message: string): (units: number, rows?: number) => void {
    const start = this.done;
    this.done += weight;
    this.ctx.progress({ fraction: this.fraction(start), rows: 0, message });
    (this.ctx as Partial<RowEstimatingContext>).expectRows?.(null, null);
    return (units, rows) => this.ctx.progress({ fraction: this.fraction(start + Math.min(weight, units)), ...(rows !== undefined ? { rows } : {}) });
  }

  message(message: string): void {
    this.ctx.progress({ fraction: this.fraction(this.done), message });
  }

  private fraction(units: number): number {
    const { units: u0, fraction: f0 } = this.base;
    return Math.min(0.999, f0 + ((1 - f0) * (units - u0)) / Math.max(1, this.total - u0));
  }
}

export async function runImport(session: Session, params: RunParams, ctx: JobContext): Promise<RunResult> {
  const started = performance.now();
  const importId = randomUUID();
  // Inside the workspace's temp folder: after the lockdown DuckDB reads nothing else (workspace-lockdown.ts).
  const tempDir = session.files.scratchDirectory('import');
  try {
    const prepared: PreparedFile[] = [];
    const absolute = params.files.map((f) => path.resolve(f));
    const csvOverrides = params.headerLine !== undefined && params.overrides.headerLine === undefined && params.headerLine <= 1000 ? { ...params.overrides, headerLine: params.headerLine } : params.overrides;
    const layouts: Array<(FileLayout & { rawNames?: string[] }) | null> = [];
    for (const f of absolute) layouts.push(isXlsx(f) ? null : isParquet(f) ? await parquetLayout(session, f, await fileSize(f)) : await detectLayout(f, csvOverrides));
    const sizes = await Promise.all(absolute.map((f, i) => layouts[i]?.sizeBytes ?? fileSize(f)));
    const readWeight = (i: number) => sizes[i]! * (layouts[i] === null ? XLSX_WEIGHT : isUtf8(layouts[i]!.settings.encoding) ? HASH_WEIGHT : TRANSCODE_WEIGHT);
    const total = sizes.reduce((sum, size, i) => sum + readWeight(i) + size * (SAMPLE_WEIGHT + LOAD_WEIGHT), 0) * (1 + QUALITY_WEIGHT);
    const progress = new ImportProgress(ctx, total);
    // Phase 1: read every byte once — hash, and transcode (or, for a sheet, convert) where needed.
    for (const [i, abs] of absolute.entries()) {
      const layout = layouts[i];
      const base = path.basename(abs);
      if (!layout) {
        const report = progress.pass(readWeight(i), `read ${base}`);
        prepared.push(...(await prepareWorkbook(session, abs, i, params, tempDir, ctx, sizes[i]!, (read, rows) => report((read / sizes[i]!) * readWeight(i), rows))));
        continue;
      }
      const utf8 = isUtf8(layout.settings.encoding);
      // DuckDB reads the user's file through the file gate (a hard link in the temp folder).
      let utf8File = utf8 ? await session.files.admit(abs, tempDir) : abs;
      const report = progress.pass(readWeight(i), utf8 ? `hash ${base}` : `transcode ${base} (${layout.settings.encoding} → utf-8)`);
      const onBytes = (read: number, rows?: number) => report((read / Math.max(1, sizes[i]!)) * readWeight(i), rows);
      // UTF-8 is read as it is: its digest may come from the wizard's detection or file check.
      if (!utf8) utf8File = path.join(tempDir, `${i}.csv`);
      const { sha256, lines, present } = utf8 ? await cachedFileDigest(abs, ctx, onBytes) : await transcodeToUtf8(abs, utf8File, layout.settings.encoding, ctx, onBytes);
      const earlier = await findImportByHash(session, sha256);
      const records = layout.rawNames ? null : Math.max(0, lines - layout.settings.headerLine - (layout.settings.hasHeader ? 1 : 0));
      const source = layout.rawNames ? { parquet: layout.rawNames, present: ALL_PRESENT } : { present };
      prepared.push({ file: abs, layout, sha256, utf8File, alreadyImported: earlier !== null, records, ...source });
    }

    return await session.transaction(async () => {
      await ensureBookkeeping(session);
      const files: FileSummary[] = [];
      const rejects: ImportReject[] = [];
      const duplicateKeys: string[] = [];
      const sources = new Map<string, string>();
      let created = false;
      let key: string[] = [];
      for (const [i, p] of prepared.entries()) {
        const skip = p.alreadyImported && !params.allowReimport;
        if (skip) {
          progress.span(p.layout.sizeBytes * (SAMPLE_WEIGHT + LOAD_WEIGHT), `skip ${path.basename(p.file)} (imported before)`);
          files.push(emptySummary(p, true));
          continue;
        }
        const result = await loadFile(session, params, p, { importId, index: i, replaceFirst: params.mode === 'replace' && !created, progress }).catch((error: unknown) => {
          throw unreadableFile(error, p.file);
        });
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
      // The customer profile is not rebuilt here (a 5 M-customer build takes far longer than the
      // import, and monthly files come several at a time): it is marked stale, and profile.summary says so.
      if (loadedAny && isCanonicalTable(params.table)) await markProfileStale(session, params.table, importId);
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

function planColumns(params: RunParams, layout: FileLayout, existing: Map<string, string> | null): OutputColumn[] {
  const table = params.table;
  const mapping = mappingFor(params, layout);
  const taken = new Set<string>();
  const out: OutputColumn[] = [];
  /** The kind, or null where only the file's values can tell (inferred over the whole file). */
  const kindFor = (name: string, source: number): ColumnKind | null => {
    const canonical = canonicalColumn(table, name);
    const existingType = existing?.get(name);
    if (existingType !== undefined) return canonical?.kind ?? kindOfSqlType(existingType);
    return params.types[layout.headers[source]!] ?? canonical?.kind ?? layout.kindHints?.[source] ?? null;
  };
  const sourceOf = new Map([...mapping.entries()].map(([index, target]) => [target, index]));
  if (isCanonicalTable(table)) {
    for (const c of CANONICAL_MODEL[table].columns) {
      const source = sourceOf.get(c.name);
      taken.add(c.name);
      if (source === undefined) {
        if (!existing) out.push({ name: c.name, source: null, kind: c.kind });
      } else out.push({ name: c.name, source, kind: kindFor(c.name, source) });
    }
  }
  layout.headers.forEach((header, source) => {
    const mapped = mapping.get(source);
    if (mapped && isCanonicalTable(table) && canonicalColumn(table, mapped)) return;
    let name = mapped ?? header;
    for (let n = 2; taken.has(name); n++) name = `${mapped ?? header}_${n}`;
    taken.add(name);
    out.push({ name, source, kind: kindFor(name, source) });
  });
  return out;
}

async function loadFile(
  session: Session,
  params: RunParams,
  p: PreparedFile,
  opts: { importId: string; index: number; replaceFirst: boolean; progress: ImportProgress },
): Promise<{ summary: FileSummary; rejects: ImportReject[]; duplicateKeys: string[]; key: string[]; sources: Map<string, string> }> {
  const tag = `${opts.importId.slice(0, 8)}_${opts.index}`;
  const names = { rejects: `_sw_rj_${tag}`, scan: `_sw_rs_${tag}`, bad: `_sw_bad_${tag}`, headers: `_sw_hdr_${tag}`, stage: `_sw_st_${tag}` };
  const base = path.basename(p.file);
  const layout = p.layout;
  const size = layout.sizeBytes;
  const source = p.parquet ? parquetSource(p.utf8File, p.parquet, names) : csvSource(p.utf8File, layout.settings, layout.headers.length, names, p.present.nullTokens);
  if (p.parquet) await session.run(emptyReaderRejectsSql(names.rejects));
  const cleaning: Cleaning = { tokensNulled: source.tokensNulled, ...p.present };
  const existingTable = opts.replaceFirst ? null : await existingColumns(session, params.table);
  const plan = planColumns(params, layout, existingTable);
  const sourced = plan.filter((c): c is OutputColumn & { source: number } => c.source !== null);
  const fileParams = Object.keys(source.params).length ? source.params : undefined;
  // Hidden columns of the loaded rows, dropped before the import ends: a value did not convert (the
  // row is a reject) / a value fails its column's sample test (the kinds then come from the whole file).
  const taken = new Set(plan.map((c) => c.name.toLowerCase()));
  const hiddenName = (name: string) => {
    let free = name;
    for (let n = 2; taken.has(free); n++) free = `${name}_${n}`;
    taken.add(free);
    return free;
  };
  const BAD = hiddenName('_sw_bad');
  const MISFIT = hiddenName('_sw_misfit');

  // Pass 1 — the kinds of the columns of no known kind, from the shapes of the first records: certain
  // for text, otherwise a candidate that the load checks on every value (see column-inference).
  const unknown = sourced.filter((c) => c.kind === null);
  const sampleSpan = opts.progress.span(size * SAMPLE_WEIGHT, `infer types ${base}`);
  if (unknown.length > 0) {
    const columns = [...new Set(unknown.map((c) => c.source))];
    const sample = `(SELECT * FROM ${source.relation('skip')} LIMIT ${SAMPLE_ROWS})`;
    const { rows, counts } = await countShapes(session, sample, source.params, columns, sampleSpan, cleaning);
    for (const c of unknown) {
      const verdict = judgeSample(counts.get(c.source)!, hasDateHint(layout.headers[c.source]!), rows < SAMPLE_ROWS);
      c.inferred = verdict.inferred;
      c.kind = verdict.inferred.kind;
      c.fit = verdict.fit;
    }
  }
  const kindOf = (c: OutputColumn): ColumnKind => c.kind ?? 'text';
  /** The columns whose values may fail to convert, with their index among the sourced columns (o<j>). */
  const fallible = () => sourced.map((c, j) => ({ c, j })).filter(({ c }) => kindOf(c) !== 'text');

  /** Two levels: clean every used column (v<i>), then convert (o<j>); extras are carried through by name. */
  const converted = (relation: string, tokensNulled: boolean, extras: Array<{ inner: string; name: string }> = []) => {
    const used = [...new Set(sourced.map((c) => c.source))];
    const clean = used.map((i) => `${cleanSql(quoteIdent(`c${i}`), { tokensNulled, ...p.present })} AS v${i}`);
    const conv = sourced.map((c, j) => `CAST(${conversionSql(kindOf(c), `v${c.source}`, { numericDirection: params.numericDirection })} AS ${KIND_SQL_TYPE[kindOf(c)]}) AS o${j}`);
    const keep = [...new Set(sourced.filter((c) => kindOf(c) !== 'text' || c.fit).map((c) => `v${c.source}`))];
    const outer = [...extras.map((e) => e.name), ...conv, ...keep];
    const inner = [...extras.map((e) => `${e.inner} AS ${e.name}`), ...clean];
    return `SELECT ${outer.join(', ') || 'NULL AS o_none'} FROM (SELECT ${inner.join(', ') || '1 AS one'} FROM ${relation})`;
  };
  const badSql = () => fallible().map(({ c, j }) => `(v${c.source} IS NOT NULL AND o${j} IS NULL)`).join(' OR ') || 'false';

  // Pass 2 — the load: one statement from the file, every column converted, every row kept with two
  // flags (a filter would make DuckDB convert every value twice: once to filter, once to store).
  // A row with a value that does not convert is a reject: reported by pass 3, then deleted.
  const target = quoteIdent(params.table);
  const stage = quoteIdent(names.stage);
  const key = isCanonicalTable(params.table) ? CANONICAL_MODEL[params.table].key : [];
  const dedup = params.mode === 'append' && key.length > 0 && key.every((k) => plan.some((c) => c.name === k && c.source !== null));
  // A new table is loaded in place; rows for a table that exists go through a temporary table first,
  // because the flags cannot be added to a table the import did not create.
  const staged = existingTable !== null || dedup;
  /** The statement that loads the file (`relation`) into the table or the stage; its hidden columns. */
  const loadSql = (relation: string, replace: boolean): { sql: string; hidden: string[] } => {
    const outputs = plan.map((c) => {
      const j = sourced.indexOf(c as OutputColumn & { source: number });
      return `${j >= 0 ? `o${j}` : `CAST(NULL AS ${KIND_SQL_TYPE[kindOf(c)]})`} AS ${quoteIdent(c.name)}`;
    });
    const hidden: string[] = [];
    if (fallible().length > 0) {
      outputs.push(`${badSql()} AS ${BAD}`);
      hidden.push(BAD);
    }
    const fitted = sourced.filter((c) => c.fit);
    if (fitted.length > 0) {
      outputs.push(`${fitted.map((c) => `(v${c.source} IS NOT NULL AND NOT ${fitSql(c.fit!, `v${c.source}`)})`).join(' OR ')} AS ${MISFIT}`);
      hidden.push(MISFIT);
    }
    const select = `SELECT ${outputs.join(', ')} FROM (${converted(relation, source.tokensNulled)})`;
    if (!staged) return { sql: `CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${target} AS ${select}`, hidden };
    // With de-duplication the first occurrence of a key in file order wins: the record's ordinal comes along.
    return { sql: `CREATE OR REPLACE TEMP TABLE ${stage} AS ${dedup ? `SELECT row_number() OVER () AS _sw_row, * FROM (${select})` : select}`, hidden };
  };
  const loadedInto = staged ? stage : target;
  /** Rows written by a CREATE … AS / INSERT; `fromFile`: the statement reads the file (binds its parameters). */
  const count = async (sql: string, span?: ProgressSpan, fromFile = true) => {
    const reader = await session.read(sql, fromFile ? fileParams : undefined, span);
    return Number((reader.getRows()[0]?.[0] as bigint | number | undefined) ?? 0);
  };
  const flagCounts = async (hidden: string[]): Promise<{ bad: number; misfit: number }> => {
    if (hidden.length === 0) return { bad: 0, misfit: 0 };
    const [row] = await session.rows<{ bad: bigint | number; misfit: bigint | number }>(
      `SELECT ${hidden.includes(BAD) ? `count_if(${BAD})` : '0'} AS bad, ${hidden.includes(MISFIT) ? `count_if(${MISFIT})` : '0'} AS misfit FROM ${loadedInto}`,
    );
    return { bad: Number(row!.bad), misfit: Number(row!.misfit) };
  };

  const loadSpan = opts.progress.span(size * LOAD_WEIGHT, `load ${base} → ${params.table}`, p.records ?? null);
  let load = loadSql(source.relation('store'), opts.replaceFirst);
  let stagedRows = await count(load.sql, loadSpan);
  let flags = await flagCounts(load.hidden);
  if (flags.misfit > 0) {
    // A value the sample did not foresee: count the shapes over the whole file, as the sample could
    // not, and load again (the reader's rejects were stored by the first load and do not change).
    const fitted = sourced.filter((c) => c.fit);
    opts.progress.extend(size * (INFER_WEIGHT + LOAD_WEIGHT));
    const inferSpan = opts.progress.span(size * INFER_WEIGHT, `infer types ${base} (whole file)`, p.records ?? null);
    const { counts } = await countShapes(session, source.relation('skip'), source.params, [...new Set(fitted.map((c) => c.source))], inferSpan, cleaning);
    for (const c of fitted) {
      c.inferred = decideKind(counts.get(c.source)!, hasDateHint(layout.headers[c.source]!));
      c.kind = c.inferred.kind;
      c.fit = null;
    }
    const reloadSpan = opts.progress.span(size * LOAD_WEIGHT, `load ${base} → ${params.table} (again, with the whole file's types)`, p.records ?? null);
    load = loadSql(source.relation('skip'), true);
    stagedRows = await count(load.sql, reloadSpan);
    flags = await flagCounts(load.hidden);
  }
  const badRows = flags.bad;
  const convertedRows = stagedRows - badRows;
  const hiddenList = load.hidden.map((h) => `, ${h}`).join('');

  let loaded: number;
  const duplicateKeys: string[] = [];
  if (existingTable) {
    for (const c of plan) {
      if (!existingTable.has(c.name)) await session.run(`ALTER TABLE ${target} ADD COLUMN ${quoteIdent(c.name)} ${KIND_SQL_TYPE[kindOf(c)]}`);
    }
  }
  const good = load.hidden.includes(BAD) ? `NOT ${BAD}` : 'true';
  if (dedup) {
    // Append with de-duplication: the first occurrence of a key (in file order) wins; keys already in the table are skipped.
    const keyCols = key.map(quoteIdent);
    const existsInTarget = `EXISTS (SELECT 1 FROM ${target} t WHERE ${keyCols.map((k) => `t.${k} IS NOT DISTINCT FROM g.${k}`).join(' AND ')})`;
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT *, ${existsInTarget} OR row_number() OVER (PARTITION BY ${keyCols.map((k) => `g.${k}`).join(', ')} ORDER BY _sw_row) > 1 AS _sw_dup FROM ${stage} g WHERE ${good}`,
    );
    const examples = await session.rows<{ k: string }>(
      `SELECT DISTINCT concat_ws('|', ${keyCols.map((k) => `CAST(${k} AS VARCHAR)`).join(', ')}) AS k FROM ${stage} WHERE _sw_dup ORDER BY k LIMIT 20`,
    );
    duplicateKeys.push(...examples.map((e) => e.k));
    loaded = await count(`INSERT INTO ${target} BY NAME SELECT * EXCLUDE (_sw_row, _sw_dup${hiddenList}) FROM ${stage} WHERE NOT _sw_dup ORDER BY _sw_row`, undefined, false);
  } else if (staged) {
    loaded = await count(`INSERT INTO ${target} BY NAME SELECT * ${load.hidden.length ? `EXCLUDE (${load.hidden.join(', ')}) ` : ''}FROM ${stage} WHERE ${good}`, undefined, false);
  } else {
    if (badRows > 0) await session.run(`DELETE FROM ${target} WHERE ${BAD}`);
    for (const h of load.hidden) await session.run(`ALTER TABLE ${target} DROP COLUMN ${h}`);
    loaded = convertedRows;
  }
  const [counted] = await session.rows<{ reader: bigint }>(`SELECT count(DISTINCT line) AS reader FROM ${quoteIdent(source.readerRejects)}`);
  const readerRows = Number(counted!.reader);

  // Header names travel as bound values (they are user data), into a small lookup table.
  const hdrSql = quoteIdent(names.headers);
  await session.run(`CREATE TEMP TABLE ${hdrSql} (idx INTEGER, staged VARCHAR, header VARCHAR, kind VARCHAR)`);
  for (const [i, h] of layout.headers.entries()) {
    const c = sourced.find((x) => x.source === i);
    await session.run(`INSERT INTO ${hdrSql} VALUES ($i, $s, $h, $k)`, { i, s: `c${i}`, h, k: c ? kindOf(c) : 'text' });
  }
  // Rejects: what the reader could not read, then (pass 3, only when there are any) what did not convert.
  await session.run(
    `INSERT INTO ${REJECTS_TABLE}
     SELECT $id, $file, r.line, h.header, r.reason, r.raw FROM (${readerRejectRecordsSql(source)}) r LEFT JOIN ${hdrSql} h ON h.staged = r.column_name`,
    { id: opts.importId, file: p.file },
  );
  if (badRows > 0) {
    opts.progress.message(`rejects ${base}`);
    const badList = `list_filter([${fallible().map(({ c, j }) => `CASE WHEN v${c.source} IS NOT NULL AND o${j} IS NULL THEN ${c.source} END`).join(', ')}]::INTEGER[], x -> x IS NOT NULL)`;
    const withRow = `(SELECT row_number() OVER () - 1 AS _sw_row, * FROM ${source.relation('verbatim')})`;
    // The record written back as a line of the file: a field holding the delimiter, the quote or a
    // line break is quoted (the quote doubled), as the file must have had it.
    const { delimiter, quote } = layout.settings;
    const field = (col: string) => {
      const v = `coalesce(${quoteIdent(col)}, '')`;
      if (quote === '') return v;
      const needsQuote = [delimiter, quote, '\n', '\r'].map((c) => `contains(${v}, ${lit(c)})`).join(' OR ');
      return `CASE WHEN ${needsQuote} THEN ${lit(quote)} || replace(${v}, ${lit(quote)}, ${lit(quote + quote)}) || ${lit(quote)} ELSE ${v} END`;
    };
    const raw = `concat_ws(${lit(delimiter)}, ${source.columns.map(field).join(', ')})`;
    // The conversion again, with the record's ordinal and its raw text, keeping only the bad records.
    const conv = converted(withRow, false, [{ inner: '_sw_row', name: '_sw_row' }, { inner: raw, name: '_sw_raw' }]);
    await session.run(`CREATE TEMP TABLE ${quoteIdent(names.bad)} AS SELECT ${badList} AS _sw_bad, * FROM (${conv}) WHERE ${badSql()}`, fileParams);
    const valueByIdx = `CASE b.idx ${[...new Set(fallible().map(({ c }) => c.source))].map((i) => `WHEN ${i} THEN b.v${i}`).join(' ')} END`;
    await session.run(
      `INSERT INTO ${REJECTS_TABLE}
       SELECT $id, $file, ${lineOfRowSql(source, 'b._sw_row')}, h.header, 'cannot read "' || ${valueByIdx} || '" as ' || h.kind, b._sw_raw
       FROM (SELECT *, unnest(_sw_bad) AS idx FROM ${quoteIdent(names.bad)}) b JOIN ${hdrSql} h ON h.idx = b.idx`,
      { id: opts.importId, file: p.file },
    );
  }
  if (p.lineMap) await remapRejectLines(session, p.lineMap, opts.importId, p.file, `${names.bad}_lm`);
  const duplicates = convertedRows - loaded;

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
  // With the reader's settings, the column each field of a line went to: a rejected row's raw line
  // is masked field by field by its column's rule (see mask-reports).
  const recordedSettings = { ...(layout.settings satisfies CsvSettings), columns: layout.headers.map((h, i) => sourced.find((c) => c.source === i)?.name ?? h) };
  await session.run(
    `INSERT INTO ${IMPORTS_TABLE} VALUES ($id, current_timestamp, $file, $sha, $size, $table, $mode, $enc, $read, $loaded, $rejected, $dup, $settings)`,
    {
      id: opts.importId, file: p.file, sha: p.sha256, size: layout.sizeBytes, table: params.table, mode: params.mode, enc: layout.settings.encoding,
      read: summary.rowsRead, loaded, rejected: summary.rowsRejected, dup: duplicates, settings: JSON.stringify(recordedSettings),
    },
  );
  const rejects = await session.rows<{ file: string; line: bigint | null; column: string | null; reason: string; raw: string | null }>(
    `SELECT file, line, "column", reason, raw FROM ${REJECTS_TABLE} WHERE import_id = $id AND file = $file ORDER BY line LIMIT $n`,
    { id: opts.importId, file: p.file, n: params.rejectSample },
  );
  for (const t of [names.bad, names.headers, names.rejects, names.scan, names.stage, `${names.rejects}_skip`, `${names.scan}_skip`]) {
    await session.run(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
  }
  return {
    summary,
    rejects: rejects.map((r) => ({ file: r.file, line: r.line === null ? null : Number(r.line), column: r.column, reason: r.reason, raw: r.raw })),
    duplicateKeys,
    key: dedup || params.mode === 'replace' ? key : [],
    sources: new Map(sourced.map((c) => [c.name, layout.headers[c.source]!])),
  };
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

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
  report: (read: number, rows?: number) => void,
): Promise<PreparedFile[]> {
  const fileSha = (await digestFile(file, ctx, (read) => report(read * 0.1))).sha256;
  const workbook = await XlsxWorkbook.open(file).catch((error: unknown) => {
    throw unreadableFile(error, file);
  });
  try {
    const names = params.sheets ?? (workbook.sheets[0] ? [workbook.sheets[0].name] : []);
    for (const name of names) workbook.sheet(name); // every name exists, before anything is read
    const out: PreparedFile[] = [];
    for (const [j, name] of names.entries()) {
      ctx.progress({ message: `read ${path.basename(file)} [${name}]` });
      const csvFile = path.join(tempDir, `${index}_${j}.csv`);
      const converted = await convertSheet(
        workbook,
        name,
        csvFile,
        { headerLine: params.headerLine ?? params.overrides.headerLine, hasHeader: params.overrides.hasHeader },
        ctx,
        (fraction, rows) => {
          report(size * (0.1 + (0.9 * (j + fraction)) / names.length), rows);
        },
      ).catch((error: unknown) => {
        throw unreadableFile(error, file);
      });
      const sha256 = sheetHash(fileSha, name);
      const earlier = await findImportByHash(session, sha256);
      out.push({
        file: `${file}#${name}`,
        layout: { ...converted.layout, sizeBytes: Math.round(size / names.length), kindHints: converted.kindHints },
        sha256,
        utf8File: csvFile,
        alreadyImported: earlier !== null,
        lineMap: converted.lineMap,
        present: converted.present,
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

/**
 * A file the reader cannot make sense of (found by the import fuzz): DuckDB's reader errors
 * ("CSV Parser state machine reached an invalid state", "Invalid string encoding found in Parquet
 * file") and an XML parser's on a broken workbook part reach the user as "cannot read this file",
 * with the reader's words in the details, instead of an SQL error. Other errors pass unchanged.
 */
function unreadableFile(error: unknown, file: string): unknown {
  if (error instanceof AppError) {
    const duckdb = String(error.details.duckdb ?? '');
    if (error.code !== 'SQL_ERROR' || !/^(Invalid Input|Invalid|Conversion|IO|Parser) Error/.test(duckdb) || /INTERRUPT/i.test(duckdb)) return error;
    return new AppError('INVALID_ARGUMENT', `cannot read ${path.basename(file)}: ${duckdb.split('\n')[0]}`, { file, reason: duckdb.split('\n')[0]!.slice(0, 300) }, 'error.IMPORT_FILE_MALFORMED');
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_ARGUMENT', `cannot read ${path.basename(file)}: ${message}`, { file, reason: message.slice(0, 300) }, 'error.IMPORT_FILE_MALFORMED');
}
