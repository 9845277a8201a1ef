import { version as duckdbVersion } from '@duckdb/node-api';
import type { FrameTransport } from '../shared/transport';
import { createCustomerHandlers } from './customer-handlers';
import { createFileHandlers } from './files/file-handlers';
import { createImportHandlers } from './import/import-handlers';
import { createSegmentHandlers } from './segments/segment-handlers';
import { generateDemoBank } from './demo/generate-demo-bank';
import { loadDemoBank, type ImportRunner } from './demo/load-demo-bank';
import { runImport } from './import/import-run';
import { bundledPresetsDir } from './resources-location';
import { runParamsSchema } from '../shared/import-types';
import { readDemoTruth } from './demo/demo-truth';
import type { JobContext } from './jobs/job-context';
import { createInProcessTransportPair } from './rpc/in-process-transport';
import type { Handlers } from './rpc/handlers';
import { RpcServer } from './rpc/rpc-server';
import { SqlConsole } from './sql-console';
import { listTables } from './tables/table-catalog';
import { TablePager } from './tables/table-pages';
import { Workspace, type WorkspaceOptions } from './workspace';
import { EngineClient } from '../shared/engine-client';
import { ENGINE_VERSION } from './version';
// Hardening (issue 12): masking as a control.
import { maskPolicyFor } from './privacy/mask-policy';
import { PrivacyControl, guardUnmaskedRequests } from './privacy/privacy-control';
import { createPrivacyHandlers } from './privacy/privacy-handlers';

/**
 * The engine: one workspace and the handlers of every protocol method. The same object runs in
 * Electron's utility process, in the browser-mode server and in the CLI.
 */
export class Engine {
  private dataVersion = 0;
  private readonly pager = new TablePager(
    () => this.dataVersion,
    (table) => maskPolicyFor(table, this.sqlConsole),
  );
  readonly privacy = new PrivacyControl();
  private readonly sqlConsole = new SqlConsole(() => this.markDataChanged());
  readonly handlers: Handlers;

  private constructor(readonly workspace: Workspace) {
    // One check for every method: `unmasked: true` needs the user's unmask (with a reason).
    this.handlers = guardUnmaskedRequests(this.createHandlers(), this.privacy);
  }

  static async open(options: WorkspaceOptions): Promise<Engine> {
    return new Engine(await Workspace.open(options));
  }

  /** Serves the protocol to one UI over a transport (a MessagePort, a WebSocket). */
  serve(transport: FrameTransport): RpcServer {
    return new RpcServer(transport, this.handlers);
  }

  /** A client connected in-process: the CLI, tests and benchmarks use the real protocol too. */
  connectClient(): EngineClient {
    const [clientEnd, serverEnd] = createInProcessTransportPair();
    this.serve(serverEnd);
    return new EngineClient(clientEnd);
  }

  /** Tells cached views (sorted snapshots, counts) that tables changed. */
  markDataChanged(): void {
    this.dataVersion++;
  }

  async hasData(ctx: JobContext): Promise<boolean> {
    return this.workspace.withSession(ctx, async (session) => {
      const rows = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = 'customers'`, {
        catalog: session.catalog,
      });
      return rows.length > 0;
    });
  }

  close(): void {
    this.workspace.close();
  }

  private createHandlers(): Handlers {
    const ws = this.workspace;
    return {
      ...createImportHandlers(ws, () => this.markDataChanged(), { builtinPresetsDir: bundledPresetsDir() }),
      ...createFileHandlers(),
      ...createCustomerHandlers(ws, () => this.markDataChanged()),
      ...createSegmentHandlers(ws, () => this.dataVersion),
      ...createPrivacyHandlers(ws, this.privacy),
      'app.info': async (_params, ctx) => ({
        version: ENGINE_VERSION,
        workspacePath: ws.path,
        duckdbVersion: duckdbVersion(),
        hasData: await this.hasData(ctx),
      }),
      'tables.list': (_params, ctx) => ws.withSession(ctx, (session) => listTables(session)),
      'table.page': (params, ctx) => ws.withSession(ctx, (session) => this.pager.page(session, params)),
      'sql.run': (params, ctx) => ws.withSession(ctx, (session) => this.sqlConsole.run(session, params.sql, { masked: !params.unmasked })),
      'demo.generate': async (params, ctx) => {
        const started = performance.now();
        const { direct, keepExports, ...options } = params;
        if (direct) {
          const summary = await ws.withSession(ctx, (session) => generateDemoBank(session, options));
          this.markDataChanged();
          return { ...summary, elapsedMs: performance.now() - started, via: 'direct' as const };
        }
        // The import engine itself (runImport, as import.run runs it), without import.run's
        // cross-table quality checks after every file: seven files, one bank, nothing to report.
        const importRun = (run: Parameters<ImportRunner>[0], runCtx: JobContext) => ws.withSession(runCtx, (session) => runImport(session, runParamsSchema.parse(run), runCtx));
        try {
          const loaded = await loadDemoBank(ws, importRun, { ...options, keepExports }, ctx);
          return {
            customers: loaded.customers,
            tables: loaded.tables,
            elapsedMs: performance.now() - started,
            via: 'import' as const,
            ...(loaded.exportsKept ? { exportDir: loaded.exportDir } : {}),
            timings: loaded.timings,
          };
        } finally {
          this.markDataChanged();
        }
      },
      'demo.truth': async (_params, ctx) =>
        ws.withSession(ctx, async (session) => {
          const truth = await readDemoTruth(session);
          return truth === null ? null : (JSON.parse(JSON.stringify(truth)) as Record<string, unknown>);
        }),
    };
  }
}
