import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { RunParams, RunResult } from '../../shared/import-types';
import { detachedContext, type JobContext } from '../jobs/job-context';
import { IMPORTS_TABLE, REJECTS_TABLE } from '../import/import-bookkeeping';
import { quoteIdent } from '../sql/identifiers';
import { Workspace } from '../workspace';
import { DEMO_EXPORTS } from './demo-presets';
import { DEMO_TRUTH_TABLE, readDemoTruth, writeDemoTruth, type DemoTruth } from './demo-truth';
import { exportBankFiles, type ExportedFile } from './export-bank-files';
import { DEMO_TABLES, generateDemoBank, type DemoBankOptions, type DemoBankSummary } from './generate-demo-bank';

/**
 * The demo bank as a new user's data arrives: generated (directly, in a scratch in-memory DuckDB
 * beside the workspace), exported as bank-style files (export-bank-files.ts), then imported into
 * the workspace through the import path with the bundled presets, one file per table, replace
 * mode. The canonical tables of the workspace are what the import made of the files; the truth
 * of the generation is written beside them (the files carry the same data, so it holds: the
 * demo-import test checks it).
 */
export type ImportRunner = (params: Pick<RunParams, 'files' | 'table' | 'mode' | 'overrides' | 'mapping' | 'types' | 'numericDirection' | 'allowReimport'>, ctx: JobContext) => Promise<Omit<RunResult, 'profile'>>;

export interface LoadDemoBankOptions extends DemoBankOptions {
  /** Where the export files go. Default: `<workspace>.demo-exports/` (a temp folder for an in-memory workspace). */
  exportDir?: string;
  /** Keep the export files after the import (default: removed; the workspace does not need them). */
  keepExports?: boolean;
}

export interface DemoLoadSummary extends DemoBankSummary {
  exportDir: string;
  exportsKept: boolean;
  files: Array<{ table: string; file: string; bytes: number; encoding: string; rowsLoaded: number; rowsRejected: number }>;
  /** Milliseconds per phase. */
  timings: { generateMs: number; exportMs: number; importMs: number };
}

/** A context whose progress fractions land in [from, to] of the parent's. */
function subContext(ctx: JobContext, from: number, to: number): JobContext {
  return {
    token: ctx.token,
    progress: (p) => ctx.progress({ ...p, ...(typeof p.fraction === 'number' ? { fraction: from + (to - from) * Math.min(1, Math.max(0, p.fraction)) } : {}) }),
  };
}

// Shares of the job (measured at 50,000 customers, 2 cores).
const PHASES = { generate: [0, 0.3], export: [0.3, 0.45], import: [0.45, 0.98] } as const;

export async function loadDemoBank(workspace: Workspace, runImport: ImportRunner, options: LoadDemoBankOptions, ctx: JobContext): Promise<DemoLoadSummary> {
  const inMemory = workspace.path === ':memory:';
  const exportDir = options.exportDir ?? (inMemory ? fs.mkdtempSync(path.join(os.tmpdir(), 'sw-demo-exports-')) : `${workspace.path}.demo-exports`);
  const keep = options.keepExports === true;
  const timings = { generateMs: 0, exportMs: 0, importMs: 0 };
  const { customers, months, seed, transactionsPerCustomer } = options;
  const generatorOptions: DemoBankOptions = { customers, months, seed, ...(transactionsPerCustomer !== undefined ? { transactionsPerCustomer } : {}) };

  // 1–2. Generate and export in a scratch DuckDB: the workspace is untouched until the imports.
  let exported: ExportedFile[];
  let truth: DemoTruth | null;
  // The scratch engine is locked too; it may write the export folder.
  fs.mkdirSync(exportDir, { recursive: true });
  const scratch = await Workspace.open({ path: ':memory:', threads: workspace.settings.threads, memoryLimit: workspace.settings.memoryLimit, allowDirectories: [path.resolve(exportDir)] });
  try {
    const t0 = performance.now();
    truth = await scratch.withSession(subContext(ctx, ...PHASES.generate), async (session) => {
      await generateDemoBank(session, generatorOptions);
      return readDemoTruth(session);
    });
    if (!truth) throw new AppError('INTERNAL', 'demo bank: the generator wrote no truth');
    const t1 = performance.now();
    timings.generateMs = t1 - t0;
    exported = await scratch.withSession(subContext(ctx, ...PHASES.export), (session) => exportBankFiles(session, exportDir, subContext(ctx, ...PHASES.export)));
    timings.exportMs = performance.now() - t1;
  } catch (error) {
    if (!keep) removeExports(exportDir, options.exportDir !== undefined);
    throw error;
  } finally {
    scratch.close();
    fs.rmSync(scratch.settings.tempDirectory, { recursive: true, force: true });
  }

  // 3. Import each file with its bundled preset. Each import is its own transaction; should one
  //    fail (or be cancelled), the tables this load created are dropped again and a truth that
  //    would no longer describe the data is removed.
  const existedBefore = await existingTables(workspace, ctx);
  const files: DemoLoadSummary['files'] = [];
  const t2 = performance.now();
  try {
    const totalBytes = exported.reduce((sum, f) => sum + f.bytes, 0);
    let doneBytes = 0;
    const [from, to] = PHASES.import;
    // customers last: the app decides "empty workspace, load the demo" by the customers table, so
    // a load killed half-way (the app quit during its first start) is redone at the next start.
    const order = [...exported.filter((f) => f.table !== 'customers'), ...exported.filter((f) => f.table === 'customers')];
    for (const file of order) {
      const a = from + ((to - from) * doneBytes) / Math.max(1, totalBytes);
      doneBytes += file.bytes;
      const b = from + ((to - from) * doneBytes) / Math.max(1, totalBytes);
      const { preset } = file.spec;
      const result = await runImport(
        {
          files: [file.file],
          table: file.table,
          mode: 'replace',
          overrides: preset.settings ?? {},
          mapping: preset.mapping,
          types: preset.types ?? {},
          numericDirection: preset.numericDirection ?? '1_debit',
          allowReimport: true,
        },
        subContext(ctx, a, b),
      );
      if (result.rowsRejected > 0 || result.rowsLoaded !== file.rows) {
        const first = result.rejects[0];
        throw new AppError(
          'INTERNAL',
          `demo bank: importing ${path.basename(file.file)} loaded ${result.rowsLoaded} of ${file.rows} rows (${result.rowsRejected} rejected${first ? `, first: line ${first.line ?? '?'} ${first.column ?? ''}: ${first.reason}` : ''})`,
          { file: file.file, rows: file.rows, rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected },
        );
      }
      files.push({ table: file.table, file: file.file, bytes: file.bytes, encoding: preset.settings?.encoding ?? 'utf-8', rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected });
    }
    const tables = await workspace.withSession(subContext(ctx, PHASES.import[1], 1), (session) =>
      session.transaction(async () => {
        await writeDemoTruth(session, truth!);
        const counts: DemoBankSummary['tables'] = [];
        for (const name of DEMO_TABLES) {
          const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
          counts.push({ name, rows: Number(row?.n ?? 0) });
        }
        return counts;
      }),
    );
    timings.importMs = performance.now() - t2;
    ctx.progress({ fraction: 1, message: { key: 'progress.demo.done' } });
    return { customers: options.customers, tables, exportDir, exportsKept: keep, files, timings };
  } catch (error) {
    await undoPartialLoad(workspace, existedBefore, exported.map((f) => f.file)).catch(() => {});
    throw error;
  } finally {
    if (!keep) removeExports(exportDir, options.exportDir !== undefined);
  }
}

async function existingTables(workspace: Workspace, ctx: JobContext): Promise<Set<string>> {
  return workspace.withSession(ctx, async (session) => {
    const rows = await session.rows<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main'`, { db: session.catalog });
    return new Set(rows.map((r) => r.t));
  });
}

/**
 * After a failed or cancelled load: drop the demo tables that did not exist before it, their lines
 * in the import log and a truth that no longer fits. Which tables it created is read from the
 * catalog, not tracked: a cancel can land just after an import committed and before the loader
 * saw its result. (Tables that existed before and were already replaced stay replaced: each
 * import commits on its own.)
 */
async function undoPartialLoad(workspace: Workspace, existedBefore: ReadonlySet<string>, files: string[]): Promise<void> {
  await workspace.withSession(detachedContext(), (session) =>
    session.transaction(async () => {
      for (const table of DEMO_TABLES) if (!existedBefore.has(table)) await session.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      await session.run(`DROP TABLE IF EXISTS ${quoteIdent(DEMO_TRUTH_TABLE)}`);
      const log = await session.rows<{ t: string }>(
        `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND table_name IN ($a, $b)`,
        { db: session.catalog, a: IMPORTS_TABLE, b: REJECTS_TABLE },
      );
      for (const { t } of log) {
        for (const file of files) await session.run(`DELETE FROM ${quoteIdent(t)} WHERE file = $file`, { file });
      }
    }),
  );
}

/** Removes the export files: the whole folder when this load chose it, else only the files it wrote. */
function removeExports(folder: string, givenByCaller: boolean): void {
  if (!givenByCaller) {
    fs.rmSync(folder, { recursive: true, force: true });
    return;
  }
  for (const spec of DEMO_EXPORTS) {
    for (const name of [spec.fileName, `${spec.fileName}.utf8.part`]) fs.rmSync(path.join(folder, name), { force: true });
  }
}
