import { StatementType } from '@duckdb/node-api';
import type { MethodResult } from '../shared/methods';
import { qualifiedName } from './sql/identifiers';
import { describeColumns, exactRowCount } from './tables/table-catalog';
import type { Session } from './workspace';

const RESULT_PREFIX = '_sw_console_';
const RESULTS_KEPT = 3;

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

  constructor(private readonly onWrite: () => void) {}

  async run(session: Session, sql: string): Promise<MethodResult<'sql.run'>> {
    const started = performance.now();
    const text = sql.trim().replace(/;+\s*$/, '');
    const span = { from: 0, to: 1, message: 'running' };
    if (!(await isSingleQuery(session, text))) {
      await session.run(text, undefined, span);
      this.onWrite();
      return { kind: 'statement', message: 'ok', elapsedMs: performance.now() - started };
    }
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
