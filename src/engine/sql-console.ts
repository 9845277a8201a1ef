import { StatementType } from '@duckdb/node-api';
import type { MethodResult } from '../shared/methods';
import { qualifiedName } from './sql/identifiers';
import { describeColumns, exactRowCount } from './tables/table-catalog';
import type { JobContext } from './jobs/job-context';
import type { Session, Workspace } from './workspace';

const RESULT_PREFIX = '_sw_console_';
const RESULTS_KEPT = 3;
const RUNNING = { from: 0, to: 1, message: { key: 'progress.sql.running' } };

/**
 * The SQL console runs the analyst's own SQL (that is its purpose; it is the only place user text
 * becomes SQL, and it runs with the analyst's own rights on her own workspace). A single query's
 * result is kept as a scratch table so the grid pages through it like any table, however large;
 * it is never pulled into the renderer whole. Each run gets its own result table, so a run that
 * supersedes one still rolling back never collides with it.
 */
export class SqlConsole {
  private nextResult = 1;
  private readonly results: string[] = [];

  /**
   * A single SELECT is a read and runs beside writes; anything else may write, so it waits its turn
   * in the workspace's write queue and announces `tables.changed` once it ran.
   */
  async run(workspace: Workspace, sql: string, ctx: JobContext): Promise<MethodResult<'sql.run'>> {
    const started = performance.now();
    const text = sql.trim().replace(/;+\s*$/, '');
    // The place in line is taken on arrival, so a console write keeps its order among the writes.
    const place = workspace.reserveWrite(ctx);
    try {
      if (await workspace.withSession(ctx, (session) => isSingleQuery(session, text))) {
        place.release();
        return await workspace.withSession(ctx, (session) => this.query(session, text, started));
      }
      return await place.write(async (session, publish) => {
        await session.run(text, undefined, RUNNING);
        publish(['tables.changed']);
        return { kind: 'statement', message: 'ok', elapsedMs: performance.now() - started };
      });
    } finally {
      place.release();
    }
  }

  private async query(session: Session, text: string, started: number): Promise<MethodResult<'sql.run'>> {
    const span = RUNNING;
    const name = `${RESULT_PREFIX}${this.nextResult++}`;
    // The newline keeps a trailing `-- comment` in the analyst's query from swallowing anything.
    await session.run(`CREATE TABLE ${qualifiedName('scratch', 'main', name)} AS ${text}\n`, undefined, span);
    this.results.push(name);
    await this.dropOldResults(session);
    const table = { schema: 'scratch' as const, name };
    const [rowCount, columns] = await Promise.all([exactRowCount(session, table), describeColumns(session, table)]);
    return { kind: 'rows', table, rowCount, columns, elapsedMs: performance.now() - started };
  }

  private async dropOldResults(session: Session): Promise<void> {
    while (this.results.length > RESULTS_KEPT) {
      const old = this.results.shift() as string;
      await session.run(`DROP TABLE IF EXISTS ${qualifiedName('scratch', 'main', old)}`);
    }
  }
}

async function isSingleQuery(session: Session, text: string): Promise<boolean> {
  const kinds = await session.statementTypes(text);
  return kinds.length === 1 && kinds[0] === StatementType.SELECT;
}
