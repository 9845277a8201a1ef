import { randomUUID } from 'node:crypto';
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ColumnKind, CsvSettings, ImportReject, RunParams, RunResult } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import { sqlStringLiteral as lit } from '../sql/literals';
import type { ProgressSpan, Session } from '../workspace';
import { markProfileStale } from '../profile/profile-meta';
import { CANONICAL_MODEL, canonicalColumn, isCanonicalTable } from './canonical-model';
import { ALL_PRESENT, cleanSql, countShapes, type Cleaning, type Present, decideKind, fitSql, hasDateHint, judgeSample, type Fit, type InferredColumn } from './column-inference';
import { KIND_SQL_TYPE, conversionSql, kindOfSqlType } from './column-kinds';
import { csvSource, lineOfRowSql, readerRejectRecordsSql, type StagedFile } from './csv-stage';
import { BASE_SCALE, decimalType, largestScales, MAX_SCALE, scaleOfType, wideSql } from './decimal-scale';
import { resolveDuplicateKeys } from './duplicate-keys';
import { applyLookup } from './lookups';
import { locateInvalidBytes } from './invalid-utf8-position';
import { centuryChoice, isBirthColumn, twoDigitYearColumns, undecidedBirthSql, type CenturyChoice } from './two-digit-years';
import { valueRejectsOf } from './value-rejects';
import { isUtf8 } from './encoding-detect';
import { cachedFileDigest } from './file-hash-cache';
import { digestFile } from './file-bytes';
import { findImportByHash, IMPORTS_TABLE, REJECTS_TABLE, toReject, type StoredReject } from './import-bookkeeping';
import { withRejectCodes } from './reject-reasons';
import { detectLayout, type FileLayout } from './import-detect';
import { suggestMapping } from './mapping-suggest';
import { emptyReaderRejectsSql, isParquet, parquetLayout, parquetSource } from './parquet-source';
import { transcodeToUtf8 } from './transcode';
import { lineBreaks, lineEndingKind, normalizeLineEndings } from './line-endings';
import { XlsxWorkbook } from './xlsx-reader';
import { convertSheet, isXlsx, sheetHash } from './xlsx-source';
import type { ProgressText } from '../../shared/protocol';

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
  /** The file's own line number of its trailer (合计:N条, EOF…), if it has one. */
  trailerLine?: number | null;
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
  /** Decimal columns: the scale (2, or the file's larger one). */
  scale?: number;
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
  span(weight: number, message: ProgressText, expectedRows: number | null = null): ProgressSpan {
    const from = this.fraction(this.done);
    this.done += weight;
    this.ctx.progress({ fraction: from, rows: 0, message });
    const span = { from, to: this.fraction(this.done) };
    (this.ctx as Partial<RowEstimatingContext>).expectRows?.(span, expectedRows);
    return span;
  }

  /** A JS pass (hash, transcode, sheet): call the returned function with the units done so far. */
  pass(weight: number, message: ProgressText): (units: number, rows?: number) => void {
    const start = this.done;
    this.done += weight;
    this.ctx.progress({ fraction: this.fraction(start), rows: 0, message });
    (this.ctx as Partial<RowEstimatingContext>).expectRows?.(null, null);
    return (units, rows) => this.ctx.progress({ fraction: this.fraction(start + Math.min(weight, units)), ...(rows !== undefined ? { rows } : {}) });
  }

  message(message: ProgressText): void {
    this.ctx.progress({ fraction: this.fraction(this.done), message });
  }

  private fraction(units: number): number {
    const { units: u0, fraction: f0 } = this.base;
    return Math.min(0.999, f0 + ((1 - f0) * (units - u0)) / Math.max(1, this.total - u0));
  }
}

export async function runImport(session: Session, params: RunParams, ctx: JobContext): Promise<Omit<RunResult, 'profile'>> {
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
        const report = progress.pass(readWeight(i), { key: 'progress.import.read', params: { file: base } });
        prepared.push(...(await prepareWorkbook(session, abs, i, params, tempDir, ctx, sizes[i]!, (read, rows) => report((read / sizes[i]!) * readWeight(i), rows))));
        continue;
      }
      const utf8 = isUtf8(layout.settings.encoding);
      // DuckDB reads the user's file through the file gate (a hard link in the temp folder).
      let utf8File = utf8 ? await session.files.admit(abs, tempDir) : abs;
      const report = progress.pass(readWeight(i), utf8 ? { key: 'progress.import.hash', params: { file: base } } : { key: 'progress.import.transcode', params: { file: base, encoding: layout.settings.encoding } });
      const onBytes = (read: number, rows?: number) => report((read / Math.max(1, sizes[i]!)) * readWeight(i), rows);
      // UTF-8 is read as it is: its digest may come from the wizard's detection or file check.
      if (!utf8) utf8File = path.join(tempDir, `${i}.csv`);
      const { sha256, lines, present, endings } = utf8 ? await cachedFileDigest(abs, ctx, onBytes) : await transcodeToUtf8(abs, utf8File, layout.settings.encoding, ctx, onBytes);
      const earlier = await findImportByHash(session, sha256);
      const records = layout.rawNames ? null : Math.max(0, lines - layout.settings.headerLine - (layout.settings.hasHeader ? 1 : 0));
      // DuckDB's reader takes one kind of line ending per file: a file that mixes them is rewritten with \n (same line numbers).
      if (!layout.rawNames && lineEndingKind(endings) === 'mixed') {
        const normalized = path.join(tempDir, `${i}.lf.csv`);
        progress.message({ key: 'progress.import.lineEndings', params: { file: base } });
        await normalizeLineEndings(utf8File, normalized, ctx);
        utf8File = normalized;
      }
      const withAccepted = { pads: present.pads, nullTokens: [...new Set([...present.nullTokens, ...params.nullTokens])] };
      const source = layout.rawNames ? { parquet: layout.rawNames, present: { ...ALL_PRESENT, nullTokens: [...new Set([...ALL_PRESENT.nullTokens, ...params.nullTokens])] } } : { present: withAccepted };
      const trailerLine = layout.trailer && !layout.rawNames ? lineBreaks(endings) - layout.trailer.breaksAfter + 1 : null;
      prepared.push({ file: abs, layout, sha256, utf8File, alreadyImported: earlier !== null, records, trailerLine, ...source });
    }

    return await session.transaction(async () => {
      const files: FileSummary[] = [];
      const rejects: ImportReject[] = [];
      const duplicateKeys: string[] = [];
      const findings: Findings = { trailers: [], duplicates: [], centuries: [], valueRejects: [], lookups: [] };
      const sources = new Map<string, string>();
      let created = false;
      let key: string[] = [];
      for (const [i, p] of prepared.entries()) {
        const skip = p.alreadyImported && !params.allowReimport;
        if (skip) {
          progress.span(p.layout.sizeBytes * (SAMPLE_WEIGHT + LOAD_WEIGHT), { key: 'progress.import.skip', params: { file: path.basename(p.file) } });
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
        findings.trailers.push(...result.findings.trailers);
        findings.duplicates.push(...result.findings.duplicates.slice(0, Math.max(0, 20 - findings.duplicates.length)));
        findings.centuries.push(...result.findings.centuries);
        findings.valueRejects.push(...result.findings.valueRejects);
        findings.lookups.push(...result.findings.lookups);
      }
      const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected' | 'rowsDuplicate') => files.reduce((s, f) => s + f[k], 0);
      const failedChecks: string[] = [];
      if (sum('rowsRejected') > 0) failedChecks.push('rejected_rows');
      if (sum('rowsDuplicate') > 0) failedChecks.push('duplicate_keys');
      if (files.some((f) => f.alreadyImported)) failedChecks.push('already_imported');
      if (findings.trailers.some((t) => t.matches === false)) failedChecks.push('trailer_count');
      if (findings.centuries.some((c) => c.undecided > 0)) failedChecks.push('undecided_centuries');
      if (findings.valueRejects.length > 0 && params.invalidValues === 'set-null') failedChecks.push('invalid_values_nulled');
      if (findings.lookups.some((l) => l.missing > 0)) failedChecks.push('lookup_missing');
      const loadedAny = files.some((f) => !f.skipped);
      if (loadedAny && sum('rowsRead') === 0) throw noDataRows(params.table, files.filter((f) => !f.skipped).map((f) => f.file));
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
      ctx.progress({ fraction: 1, message: { key: 'progress.import.done' } });
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
        ...findings,
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
): Promise<{ summary: FileSummary; rejects: ImportReject[]; duplicateKeys: string[]; key: string[]; sources: Map<string, string>; findings: Findings }> {
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
  // A column a lookup fills is part of the table even when the file has no such column.
  for (const l of params.lookups) if (!plan.some((c) => c.name === l.column)) plan.push({ name: l.column, source: null, kind: 'text' });
  for (const c of plan) if (c.kind === 'decimal') c.scale = scaleOfType(existingTable?.get(c.name) ?? '') ?? BASE_SCALE;
  const sourced = plan.filter((c): c is OutputColumn & { source: number } => c.source !== null);
  // A trailer with as many fields as a record would be read as one: it is left out by its first field.
  const trailerField = p.trailerLine && layout.trailer && layout.trailer.fields.length === layout.headers.length ? layout.trailer.fields[0]! : null;
  const rel = (mode: 'store' | 'skip' | 'verbatim') => (trailerField === null ? source.relation(mode) : `(SELECT * FROM ${source.relation(mode)} WHERE trim(c0) IS DISTINCT FROM $sw_trailer)`);
  // Value maps (PRIJEM → credit) as bound MAP parameters, applied to the cleaned value before conversion.
  const valueMapParams: Record<string, DuckDBValue> = {};
  const mapped = new Set<number>();
  for (const c of sourced) {
    const map = params.valueMaps[layout.headers[c.source]!];
    if (!map || Object.keys(map).length === 0 || mapped.has(c.source)) continue;
    mapped.add(c.source);
    valueMapParams[`vmk${c.source}`] = listValue(Object.keys(map));
    valueMapParams[`vmv${c.source}`] = listValue(Object.values(map));
  }
  // Parameters of the relation alone (shape counts, the century check), and with the value maps (every statement that converts).
  const relParams: Record<string, DuckDBValue> = { ...source.params, ...(trailerField !== null ? { sw_trailer: trailerField } : {}) };
  const convertParams = { ...relParams, ...valueMapParams };
  const fileParams = Object.keys(convertParams).length ? convertParams : undefined;
  const century = centuryChoice(layout.rows, params.centuryPivot);
  const sqlTypeOf = (c: OutputColumn) => (c.kind === 'decimal' ? decimalType(c.scale ?? BASE_SCALE) : KIND_SQL_TYPE[c.kind ?? 'text']);
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
  const WIDE = hiddenName('_sw_wide');

  // Pass 1 — the kinds of the columns of no known kind, from the shapes of the first records: certain
  // for text, otherwise a candidate that the load checks on every value (see column-inference).
  const unknown = sourced.filter((c) => c.kind === null);
  const sampleSpan = opts.progress.span(size * SAMPLE_WEIGHT, { key: 'progress.import.infer', params: { file: base } });
  if (unknown.length > 0) {
    const columns = [...new Set(unknown.map((c) => c.source))];
    const sample = `(SELECT * FROM ${rel('skip')} LIMIT ${SAMPLE_ROWS})`;
    const { rows, counts } = await countShapes(session, sample, relParams, columns, sampleSpan, cleaning);
    for (const c of unknown) {
      const verdict = judgeSample(counts.get(c.source)!, hasDateHint(layout.headers[c.source]!), rows < SAMPLE_ROWS, params.numericThreshold);
      c.inferred = verdict.inferred;
      c.kind = verdict.inferred.kind;
      c.fit = verdict.fit;
      if (c.kind === 'decimal') c.scale = BASE_SCALE;
    }
  }
  const kindOf = (c: OutputColumn): ColumnKind => c.kind ?? 'text';
  /** The columns whose values may fail to convert, with their index among the sourced columns (o<j>). */
  const fallible = () => sourced.map((c, j) => ({ c, j })).filter(({ c }) => kindOf(c) !== 'text');

  /** Two levels: clean every used column (v<i>), then convert (o<j>); extras are carried through by name. */
  const converted = (relation: string, tokensNulled: boolean, extras: Array<{ inner: string; name: string }> = []) => {
    const used = [...new Set(sourced.map((c) => c.source))];
    const clean = used.map((i) => {
      const cleaned = cleanSql(quoteIdent(`c${i}`), { tokensNulled, ...p.present });
      return `${mapped.has(i) ? `coalesce(MAP($vmk${i}, $vmv${i})[${cleaned}], ${cleaned})` : cleaned} AS v${i}`;
    });
    const conv = sourced.map((c, j) => {
      const options = { numericDirection: params.numericDirection, centuryReference: century.reference, decimalType: sqlTypeOf(c) };
      const value = conversionSql(kindOf(c), `v${c.source}`, options);
      // Past the widest scale a value would round: it is an invalid value instead (its row rejected, with the value).
      const exact = kindOf(c) === 'decimal' && (c.scale ?? BASE_SCALE) >= MAX_SCALE ? `CASE WHEN ${wideSql(`v${c.source}`, MAX_SCALE)} THEN NULL ELSE ${value} END` : value;
      return `CAST(${exact} AS ${sqlTypeOf(c)}) AS o${j}`;
    });
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
  // Keys already in the table are skipped on append, and in a replace of several files for every file
  // after the first (the table then holds this import's earlier files): one row per key across files.
  const dedup = (params.mode === 'append' || existingTable !== null) && key.length > 0 && key.every((k) => plan.some((c) => c.name === k && c.source !== null));
  // A new table is loaded in place; rows for a table that exists go through a temporary table first,
  // because the flags cannot be added to a table the import did not create.
  const staged = existingTable !== null || dedup;
  /** The statement that loads the file (`relation`) into the table or the stage; its hidden columns. */
  const loadSql = (relation: string, replace: boolean): { sql: string; hidden: string[] } => {
    const outputs = plan.map((c) => {
      const j = sourced.indexOf(c as OutputColumn & { source: number });
      return `${j >= 0 ? `o${j}` : `CAST(NULL AS ${sqlTypeOf(c)})`} AS ${quoteIdent(c.name)}`;
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
    const decimals = sourced.filter((c) => kindOf(c) === 'decimal');
    if (decimals.length > 0) {
      outputs.push(`${decimals.map((c) => `(v${c.source} IS NOT NULL AND ${wideSql(`v${c.source}`, c.scale ?? BASE_SCALE)})`).join(' OR ')} AS ${WIDE}`);
      hidden.push(WIDE);
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
  const flagCounts = async (hidden: string[]): Promise<{ bad: number; misfit: number; wide: number }> => {
    if (hidden.length === 0) return { bad: 0, misfit: 0, wide: 0 };
    const countOf = (flag: string) => (hidden.includes(flag) ? `count_if(${flag})` : '0');
    const [row] = await session.rows<{ bad: bigint | number; misfit: bigint | number; wide: bigint | number }>(
      `SELECT ${countOf(BAD)} AS bad, ${countOf(MISFIT)} AS misfit, ${countOf(WIDE)} AS wide FROM ${loadedInto}`,
    );
    return { bad: Number(row!.bad), misfit: Number(row!.misfit), wide: Number(row!.wide) };
  };

  const loadSpan = opts.progress.span(size * LOAD_WEIGHT, { key: 'progress.import.load', params: { file: base, table: params.table } }, p.records ?? null);
  let load = loadSql(rel('store'), opts.replaceFirst);
  let stagedRows = await count(load.sql, loadSpan);
  let flags = await flagCounts(load.hidden);
  if (flags.misfit > 0 || flags.wide > 0) {
    // A value the sample did not foresee: count the shapes over the whole file, as the sample could
    // not, and load again (the reader's rejects were stored by the first load and do not change).
    // A decimal with more decimals than its column's scale: the scale is widened to the file's.
    const fitted = flags.misfit > 0 ? sourced.filter((c) => c.fit) : [];
    opts.progress.extend(size * (INFER_WEIGHT + LOAD_WEIGHT));
    const inferSpan = opts.progress.span(size * INFER_WEIGHT, { key: 'progress.import.inferWhole', params: { file: base } }, p.records ?? null);
    if (fitted.length > 0) {
      const { counts } = await countShapes(session, rel('skip'), relParams, [...new Set(fitted.map((c) => c.source))], inferSpan, cleaning);
      for (const c of fitted) {
        c.inferred = decideKind(counts.get(c.source)!, hasDateHint(layout.headers[c.source]!), params.numericThreshold);
        c.kind = c.inferred.kind;
        c.fit = null;
        if (c.kind === 'decimal') c.scale = BASE_SCALE;
      }
    }
    const decimals = sourced.filter((c) => kindOf(c) === 'decimal');
    if (flags.wide > 0 && decimals.length > 0) {
      const scales = await largestScales(session, `(${converted(rel('skip'), source.tokensNulled)})`, decimals.map((c) => `v${c.source}`), fileParams, fitted.length ? undefined : inferSpan);
      decimals.forEach((c, i) => (c.scale = Math.max(c.scale ?? BASE_SCALE, scales[i]!)));
    }
    const reloadSpan = opts.progress.span(size * LOAD_WEIGHT, { key: 'progress.import.reload', params: { file: base, table: params.table } }, p.records ?? null);
    load = loadSql(rel('skip'), true);
    stagedRows = await count(load.sql, reloadSpan);
    flags = await flagCounts(load.hidden);
  }
  const [based] = await session.rows<{ b: bigint | null }>(`SELECT min(rowid) AS b FROM ${loadedInto}`);
  const rowBase = String(based?.b ?? 0);
  const badRows = flags.bad;
  // Invalid values: their rows are rejected, or (the analyst's choice) loaded with NULL in their place; recorded either way.
  const rejectBad = params.invalidValues === 'reject-row';
  const rejectedBad = rejectBad ? badRows : 0;
  const hiddenList = load.hidden.map((h) => `, ${h}`).join('');

  let loaded: number;
  const duplicateKeys: string[] = [];
  if (existingTable) {
    for (const c of plan) {
      const existingType = existingTable.get(c.name);
      if (existingType === undefined) await session.run(`ALTER TABLE ${target} ADD COLUMN ${quoteIdent(c.name)} ${sqlTypeOf(c)}`);
      else if (kindOf(c) === 'decimal' && (scaleOfType(existingType) ?? BASE_SCALE) < (c.scale ?? BASE_SCALE)) {
        // The file has more decimals than the table: the column is widened (lossless), never rounded.
        await session.run(`ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(c.name)} TYPE ${sqlTypeOf(c)}`);
      }
    }
  }
  if (rejectBad && badRows > 0) await session.run(`DELETE FROM ${loadedInto} WHERE ${BAD}`);
  // Rows written in this transaction have rowids from a large base up, in the file's order: the first row's is the base.
  const lineOf = (row: string) => lineOfRowSql(source, `(${row} - ${rowBase})`);
  const keyMapped = key.length > 0 && key.every((k) => plan.some((c) => c.name === k && c.source !== null));
  const within = keyMapped ? await resolveDuplicateKeys(session, staged ? names.stage : params.table, key, params.duplicates, lineOf, `${names.bad}_dup`) : { removed: 0, examples: [] };
  const lookups: RunResult['lookups'] = [];
  for (const l of params.lookups) lookups.push({ file: p.file, ...(await applyLookup(session, staged ? names.stage : params.table, new Set(plan.map((c) => c.name)), l)) });
  if (dedup) {
    // Append with de-duplication: the first occurrence of a key (in file order) wins; keys already in the table are skipped.
    const keyCols = key.map(quoteIdent);
    const existsInTarget = `EXISTS (SELECT 1 FROM ${target} t WHERE ${keyCols.map((k) => `t.${k} IS NOT DISTINCT FROM g.${k}`).join(' AND ')})`;
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT *, ${existsInTarget} OR row_number() OVER (PARTITION BY ${keyCols.map((k) => `g.${k}`).join(', ')} ORDER BY _sw_row) > 1 AS _sw_dup FROM ${stage} g`,
    );
    const examples = await session.rows<{ k: string }>(
      `SELECT DISTINCT concat_ws('|', ${keyCols.map((k) => `CAST(${k} AS VARCHAR)`).join(', ')}) AS k FROM ${stage} WHERE _sw_dup ORDER BY k LIMIT 20`,
    );
    duplicateKeys.push(...examples.map((e) => e.k));
    loaded = await count(`INSERT INTO ${target} BY NAME SELECT * EXCLUDE (_sw_row, _sw_dup${hiddenList}) FROM ${stage} WHERE NOT _sw_dup ORDER BY _sw_row`, undefined, false);
  } else if (staged) {
    loaded = await count(`INSERT INTO ${target} BY NAME SELECT * ${load.hidden.length ? `EXCLUDE (${load.hidden.join(', ')}) ` : ''}FROM ${stage}`, undefined, false);
  } else {
    for (const h of load.hidden) await session.run(`ALTER TABLE ${target} DROP COLUMN ${h}`);
    loaded = stagedRows - rejectedBad - within.removed;
  }
  if (!p.parquet) await locateInvalidBytes(session, source.readerRejects, p.utf8File);
  // The trailer, read as a record with too few fields, is not a reject.
  if (p.trailerLine && trailerField === null && !p.parquet) await session.run(`DELETE FROM ${quoteIdent(source.readerRejects)} WHERE line = $line`, { line: p.trailerLine });
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
    `INSERT INTO ${REJECTS_TABLE} ${withRejectCodes(`
     SELECT $id, $file, r.line, h.header, r.reason, r.raw FROM (${readerRejectRecordsSql(source)}) r LEFT JOIN ${hdrSql} h ON h.staged = r.column_name`)}`,
    { id: opts.importId, file: p.file },
  );
  if (badRows > 0) {
    opts.progress.message({ key: 'progress.import.rejects', params: { file: base } });
    const badList = `list_filter([${fallible().map(({ c, j }) => `CASE WHEN v${c.source} IS NOT NULL AND o${j} IS NULL THEN ${c.source} END`).join(', ')}]::INTEGER[], x -> x IS NOT NULL)`;
    const withRow = `(SELECT row_number() OVER () - 1 AS _sw_row, * FROM ${rel('verbatim')})`;
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
      `INSERT INTO ${REJECTS_TABLE} ${withRejectCodes(`
       SELECT $id, $file, ${lineOfRowSql(source, 'b._sw_row')}, h.header, 'cannot read "' || ${valueByIdx} || '" as ' || h.kind${rejectBad ? '' : ` || ' (loaded as NULL)'`}, b._sw_raw
       FROM (SELECT *, unnest(_sw_bad) AS idx FROM ${quoteIdent(names.bad)}) b JOIN ${hdrSql} h ON h.idx = b.idx`)}`,
      { id: opts.importId, file: p.file },
    );
  }
  if (p.lineMap) await remapRejectLines(session, p.lineMap, opts.importId, p.file, `${names.bad}_lm`);
  const duplicates = stagedRows - rejectedBad - loaded;
  const rowsRead = stagedRows + readerRows;
  const trailers: RunResult['trailers'] =
    p.trailerLine && layout.trailer
      ? [{ file: p.file, line: p.trailerLine, text: layout.trailer.text, statedRows: layout.trailer.statedRows, rowsRead, matches: layout.trailer.statedRows === null ? null : layout.trailer.statedRows === rowsRead }]
      : [];
  const centuries = await undecidedCenturies(session, { source, rel, fileParams: Object.keys(relParams).length ? relParams : undefined, sourced, kindOf, layout, century, file: p.file, pivot: params.centuryPivot, table: params.table });
  const valueRejects = badRows > 0 ? (await valueRejectsOf(session, opts.importId, p.file)).map((v) => ({ file: p.file, ...v })) : [];

  const summary: FileSummary = {
    file: p.file,
    sha256: p.sha256,
    encoding: layout.settings.encoding,
    alreadyImported: p.alreadyImported,
    skipped: false,
    rowsRead,
    rowsLoaded: loaded,
    rowsRejected: readerRows + rejectedBad,
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
  const rejects = await session.rows<StoredReject>(
    `SELECT file, line, "column", reason, raw, code, CAST(params AS VARCHAR) AS params FROM ${REJECTS_TABLE} WHERE import_id = $id AND file = $file ORDER BY line LIMIT $n`,
    { id: opts.importId, file: p.file, n: params.rejectSample },
  );
  for (const t of [names.bad, names.headers, names.rejects, names.scan, names.stage, `${names.rejects}_skip`, `${names.scan}_skip`]) {
    await session.run(`DROP TABLE IF EXISTS temp.${quoteIdent(t)}`);
  }
  return {
    summary,
    rejects: rejects.map(toReject),
    duplicateKeys: [...within.examples.map((e) => e.key), ...duplicateKeys],
    key: dedup || params.mode === 'replace' ? key : [],
    sources: new Map(sourced.map((c) => [c.name, layout.headers[c.source]!])),
    findings: { trailers, duplicates: within.examples.map((e) => ({ file: p.file, ...e })), centuries, valueRejects, lookups },
  };
}

type Findings = Pick<RunResult, 'trailers' | 'duplicates' | 'centuries' | 'valueRejects' | 'lookups'>;

/**
 * The century chosen for each date column with two-digit years, and (birth dates, unless the
 * analyst set the pivot) the rows it could not decide: one pass over the file, only for such columns.
 */
async function undecidedCenturies(
  session: Session,
  f: {
    source: StagedFile;
    rel: (mode: 'store' | 'skip' | 'verbatim') => string;
    fileParams: Record<string, DuckDBValue> | undefined;
    sourced: Array<OutputColumn & { source: number }>;
    kindOf: (c: OutputColumn) => ColumnKind;
    layout: FileLayout;
    century: CenturyChoice;
    file: string;
    pivot: number | undefined;
    table: string;
  },
): Promise<RunResult['centuries']> {
  const dated = f.sourced.filter((c) => ['date', 'timestamp', 'month'].includes(f.kindOf(c)));
  const withYy = new Set(twoDigitYearColumns(f.layout.rows, dated.map((c) => c.source)));
  const out: RunResult['centuries'] = [];
  for (const c of dated.filter((d) => withYy.has(d.source))) {
    const header = f.layout.headers[c.source]!;
    let undecided = 0;
    let lines: number[] = [];
    if (f.century.source !== 'user' && isBirthColumn(header, c.name)) {
      const [row] = await session.rows<{ n: bigint; lines: Array<bigint | number> | null }>(
        `SELECT count(*) AS n, list(line ORDER BY line)[1:20] AS lines FROM (
           SELECT ${lineOfRowSql(f.source, 'r')} AS line FROM (
             SELECT r FROM (SELECT row_number() OVER () - 1 AS r, trim(${quoteIdent(`c${c.source}`)}) AS v FROM ${f.rel('skip')})
             WHERE ${undecidedBirthSql('v', f.century.reference)}))`,
        f.fileParams,
      );
      undecided = Number(row!.n);
      lines = (row!.lines ?? []).map(Number);
    }
    out.push({ file: f.file, column: c.name, reference: f.century.reference, source: f.century.source, undecided, undecidedLines: lines });
  }
  return out;
}


/** Files with a header and nothing under it: nothing was rejected, there was nothing to load. */
function noDataRows(table: string, files: string[]): AppError {
  const names = files.map((f) => path.basename(f)).join(', ');
  return new AppError(
    'INVALID_ARGUMENT',
    `nothing to load into ${table}: ${names} ${files.length === 1 ? 'has' : 'have'} a header line but no data rows under it. Check that this is the complete export (not only its header), or that the header line chosen is the right one`,
    { table, files: names },
    'error.IMPORT_NO_DATA_ROWS',
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
      ctx.progress({ message: { key: 'progress.import.readSheet', params: { file: path.basename(file), sheet: name } } });
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
