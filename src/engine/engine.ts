import { version as duckdbVersion } from '@duckdb/node-api';
import type { FrameTransport } from '../shared/transport';
import { createCustomerHandlers } from './customer-handlers';
import { createFileHandlers } from './files/file-handlers';
import { createImportHandlers } from './import/import-handlers';
import { createSegmentHandlers } from './segments/segment-handlers';
import { createFunnelHandlers } from './funnels/funnel-handlers';
import { createModelHandlers } from './models/model-handlers';
// Churn and retention (issue 16)
import { createSurvivalHandlers } from './survival/survival-handlers';
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
import { Workspace, type PublishChanges, type Session, type WorkspaceOptions } from './workspace';
import type { MethodParsedParams, MethodResult } from '../shared/methods';
import { EngineClient } from '../shared/engine-client';
import { ENGINE_VERSION } from './version';
// Hardening (issue 12): large inputs in chunks.
import { createUploadHandlers } from './uploads/upload-handlers';
import { UploadStore } from './uploads/upload-store';
import { FileUploadStore } from './uploads/file-upload-store';
// Hardening (issue 12): masking as a control.
import { maskPolicyFor } from './privacy/mask-policy';
import { PrivacyControl, guardUnmaskedRequests } from './privacy/privacy-control';
import { createPrivacyHandlers } from './privacy/privacy-handlers';
import { createExportHandlers } from './exports/export-handlers';
// Data dictionary (issue 13): its export to Excel.
import { createDictionaryHandlers } from './exports/dictionary-export';
// Campaigns (issue 14): the engine (build, list, finalise, warehouse SQL).
import { createCampaignHandlers } from './campaigns/campaign-handlers';

/**
 * The engine: one workspace and the handlers of every protocol method. The same object runs in
 * Electron's utility process, in the browser-mode server and in the CLI.
 */
export class Engine {
  private readonly pager: TablePager;
  private readonly sqlConsole = new SqlConsole();
  private readonly uploads = new UploadStore();
  /** Data files picked in the browser, streamed to the workspace temp folder (grid3: browser file picking). */
  private readonly fileUploads = new FileUploadStore(() => this.workspace.files.tempDirectory);
  readonly privacy = new PrivacyControl();
  readonly handlers: Handlers;

  private constructor(readonly workspace: Workspace) {
    this.pager = new TablePager(
      () => workspace.changes.dataVersion,
      (table) => maskPolicyFor(table, this.sqlConsole),
    );
    // One check for every method: `unmasked: true` needs the user's unmask (with a reason).
    this.handlers = guardUnmaskedRequests(this.createHandlers(), this.privacy);
  }

  static async open(options: WorkspaceOptions): Promise<Engine> {
    return new Engine(await Workspace.open(options));
  }

  /** Serves the protocol to one UI over a transport (a MessagePort, a WebSocket). */
  serve(transport: FrameTransport): RpcServer {
    const server = new RpcServer(transport, this.handlers);
    // Every connected UI hears of every committed write, whichever client made it.
    const unsubscribe = this.workspace.changes.subscribe((notice) => server.notify(notice));
    transport.onClose(unsubscribe);
    return server;
  }

  /** A client connected in-process: the CLI, tests and benchmarks use the real protocol too. */
  connectClient(): EngineClient {
    const [clientEnd, serverEnd] = createInProcessTransportPair();
    this.serve(serverEnd);
    return new EngineClient(clientEnd);
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

  /** The demo bank, generated directly or as export files through the import path (one write). */
  private async loadDemo(session: Session, params: MethodParsedParams<'demo.generate'>, ctx: JobContext, publish: PublishChanges): Promise<MethodResult<'demo.generate'>> {
    const started = performance.now();
    const { direct, keepExports, ...options } = params;
    if (direct) {
      const summary = await generateDemoBank(session, options);
      publish(['tables.changed']);
      return { ...summary, elapsedMs: performance.now() - started, via: 'direct' as const };
    }
    // The import engine itself (runImport, as import.run runs it), without import.run's
    // cross-table quality checks after every file: seven files, one bank, nothing to report.
    // Each file commits on its own, so whatever was loaded is announced even if a later one fails.
    const importRun = (run: Parameters<ImportRunner>[0], runCtx: JobContext) => this.workspace.withSession(runCtx, (s) => runImport(s, runParamsSchema.parse(run), runCtx));
    try {
      const loaded = await loadDemoBank(this.workspace, importRun, { ...options, keepExports }, ctx);
      return {
        customers: loaded.customers,
        tables: loaded.tables,
        elapsedMs: performance.now() - started,
        via: 'import' as const,
        ...(loaded.exportsKept ? { exportDir: loaded.exportDir } : {}),
        timings: loaded.timings,
      };
    } finally {
      publish(['tables.changed', 'imports.changed']);
    }
  }

  private createHandlers(): Handlers {
    const ws = this.workspace;
    return {
      ...createImportHandlers(ws, { builtinPresetsDir: bundledPresetsDir() }),
      ...createFileHandlers(),
      ...createCustomerHandlers(ws),
      ...createSegmentHandlers(ws, this.uploads),
      ...createFunnelHandlers(ws),
      ...createModelHandlers(ws),
      ...createSurvivalHandlers(ws),
      ...createUploadHandlers(this.uploads, this.fileUploads),
      ...createPrivacyHandlers(ws, this.privacy),
      ...createExportHandlers(ws),
      ...createDictionaryHandlers(ws),
      ...createCampaignHandlers(ws),
      'app.info': async (_params, ctx) => ({
        version: ENGINE_VERSION,
        workspacePath: ws.path,
        duckdbVersion: duckdbVersion(),
        hasData: await this.hasData(ctx),
      }),
      'tables.list': (_params, ctx) => ws.withSession(ctx, (session) => listTables(session)),
      'table.page': (params, ctx) => ws.withSession(ctx, (session) => this.pager.page(session, params)),
      'sql.run': (params, ctx) => this.sqlConsole.run(ws, params.sql, ctx, { masked: !params.unmasked }),
      'demo.generate': (params, ctx) => ws.write(ctx, (session, publish) => this.loadDemo(session, params, ctx, publish)),
      'demo.truth': async (_params, ctx) =>
        ws.withSession(ctx, async (session) => {
          const truth = await readDemoTruth(session);
          return truth === null ? null : (JSON.parse(JSON.stringify(truth)) as Record<string, unknown>);
        }),
    };
  }
}
