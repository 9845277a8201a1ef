import { StatementType } from '@duckdb/node-api';
import type { MethodResult } from '../shared/methods';
import { checkLockedTokens, checkMaskedNames, checkMaskedWrites, checkStatementTypes, splitStatements, tokenize, type MaskedScope } from './console-guard';
import { maskedScope, maskedTables, withMaskedViews, type MaskedTable } from './privacy/masked-views';
import { qualifiedName } from './sql/identifiers';
import { describeColumns, exactRowCount } from './tables/table-catalog';
import type { Session } from './workspace';

const RESULT_PREFIX = '_sw_console_';
const RESULTS_KEPT = 3;

/**
 * The SQL console runs the analyst's own SQL (that is its purpose; it is the only place user text
 * becomes SQL). A single query's result is kept as a scratch table so the grid pages through it
 * like any table, however large; it is never pulled into the renderer whole. Each run gets its own
 * result table, so a run that supersedes one still rolling back never collides with it.
 *
 * It runs locked to its job (console-guard.ts, workspace-lockdown.ts): no files, no other
 * databases, no settings or extensions. While personal data is masked it reads the workspace
 * through masked views (privacy/masked-views.ts), so its results hold masked values whatever
 * the expression; `maskedResults` says which results were computed so.
 */
export class SqlConsole {
  private nextResult = 1;
  private readonly results: string[] = [];
  /** Results computed through the masked views: already masked, whatever their column names. */
  readonly maskedResults = new Set<string>();
  /** Results computed in clear (after an unmask): any text in them may be derived from personal data. */
  readonly clearResults = new Set<string>();

  constructor(private readonly onWrite: () => void) {}

  async run(session: Session, sql: string, options: { masked: boolean } = { masked: true }): Promise<MethodResult<'sql.run'>> {
    const started = performance.now();
    const text = sql.trim().replace(/;+\s*$/, '');
    const tokens = tokenize(text);
    const statements = splitStatements(tokens);
    checkLockedTokens(tokens);
    let masked: { tables: MaskedTable[]; scope: MaskedScope } | null = null;
    if (options.masked) {
      const tables = await maskedTables(session);
      masked = { tables, scope: await maskedScope(session, tables) };
      checkMaskedNames(statements, masked.scope);
    }
    const types = await session.statementTypes(text);
    checkStatementTypes(types);
    const execute = () => this.execute(session, text, types, started, options.masked);
    if (masked === null) return execute();
    checkMaskedWrites(statements, types, masked.scope);
    return withMaskedViews(session, masked.tables, execute);
  }

  private async execute(session: Session, text: string, types: StatementType[], started: number, masked: boolean): Promise<MethodResult<'sql.run'>> {
    const span = { from: 0, to: 1, message: 'running' };
    if (!(types.length === 1 && types[0] === StatementType.SELECT)) {
      await session.run(text, undefined, span);
      this.onWrite();
      return { kind: 'statement', message: 'ok', elapsedMs: performance.now() - started };
    }
    const name = `${RESULT_PREFIX}${this.nextResult++}`;
    // The newline keeps a trailing `-- comment` in the analyst's query from swallowing anything.
    await session.run(`CREATE TABLE ${qualifiedName('scratch', 'main', name)} AS ${text}\n`, undefined, span);
    this.results.push(name);
    (masked ? this.maskedResults : this.clearResults).add(name);
    await this.dropOldResults(session);
    const table = { schema: 'scratch' as const, name };
    const [rowCount, columns] = await Promise.all([exactRowCount(session, table), describeColumns(session, table)]);
    return { kind: 'rows', table, rowCount, columns, elapsedMs: performance.now() - started };
  }

  private async dropOldResults(session: Session): Promise<void> {
    while (this.results.length > RESULTS_KEPT) {
      const old = this.results.shift() as string;
      this.maskedResults.delete(old);
      this.clearResults.delete(old);
      await session.run(`DROP TABLE IF EXISTS ${qualifiedName('scratch', 'main', old)}`);
    }
  }
}
