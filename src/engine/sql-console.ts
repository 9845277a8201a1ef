import { StatementType, type DuckDBResultReader } from '@duckdb/node-api';
import { AppError } from '../shared/errors';
import type { MethodResult } from '../shared/methods';
import { checkLockedTokens, checkMaskedNames, checkMaskedWrites, checkStatementTypes, splitStatements as splitTokens, tokenize, type MaskedScope } from './console-guard';
import type { JobContext } from './jobs/job-context';
import { maskedScope, maskedTables, withMaskedViews, type MaskedTable } from './privacy/masked-views';
import { qualifiedName, quoteIdent } from './sql/identifiers';
import { leadingKeyword, splitStatements } from './sql/statement-split';
import { describeColumns, exactRowCount } from './tables/table-catalog';
import type { Session, Workspace } from './workspace';

const RESULT_PREFIX = '_sw_console_';
const RESULTS_KEPT = 3;
const SPAN = { from: 0, to: 1, message: { key: 'progress.sql.running' } };

/**
 * The SQL console runs the analyst's own SQL (that is its purpose; it is the only place user text
 * becomes SQL, and it runs with the analyst's own rights on her own workspace). A single query's
 * result is kept as a scratch table so the grid pages through it like any table, however large;
 * it is never pulled into the renderer whole. Each run gets its own result table, so a run that
 * supersedes one still rolling back never collides with it.
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
  /**
   * The masked tables and the guard's scope, read from the catalog once per data version: every
   * write that could change them (a table, view or macro made or dropped) publishes a new version.
   * (Measured: the catalog reads were most of a small console query's time.)
   */
  private maskCache: { version: number; views: { tables: MaskedTable[]; scope: MaskedScope } } | null = null;

  /**
   * One read-only statement (SELECT, EXPLAIN) is a read and runs beside writes; anything else —
   * several statements, DDL, DML — may write, so it waits its turn in the workspace's write queue
   * and announces `tables.changed` once it ran (a script that failed half-way announces it too:
   * each of its statements commits on its own).
   */
  async run(workspace: Workspace, sql: string, ctx: JobContext, options: { masked: boolean } = { masked: true }): Promise<MethodResult<'sql.run'>> {
    const started = performance.now();
    const text = sql.trim().replace(/;+\s*$/, '');
    const tokens = tokenize(text);
    // Refused before DuckDB prepares anything: preparing a statement already opens its files.
    checkLockedTokens(tokens);
    // The place in line is taken on arrival, so a console write keeps its order among the writes.
    const place = workspace.reserveWrite(ctx);
    try {
      if (await workspace.withSession(ctx, (session) => isReadOnly(session, text))) {
        place.release();
        return await workspace.withSession(ctx, (session) => this.guarded(session, text, tokens, started, options.masked, workspace.changes.dataVersion));
      }
      return await place.write(async (session, publish) => {
        try {
          const result = await this.guarded(session, text, tokens, started, options.masked, workspace.changes.dataVersion);
          publish(['tables.changed']);
          return result;
        } catch (error) {
          // One statement that failed changed nothing; a script may have committed its first statements.
          if (splitStatements(text).length > 1) publish(['tables.changed']);
          throw error;
        }
      });
    } finally {
      place.release();
    }
  }

  /**
   * While masked, the names are checked first (the masked views must not be bypassed); each
   * statement's kind is checked just before it runs — a script's later statement may name a table
   * an earlier one creates, so it cannot be prepared before its turn.
   */
  private async guarded(session: Session, text: string, tokens: ReturnType<typeof tokenize>, started: number, masked: boolean, version: number): Promise<MethodResult<'sql.run'>> {
    let views: { tables: MaskedTable[]; scope: MaskedScope } | null = null;
    if (masked) {
      if (this.maskCache?.version !== version) {
        const tables = await maskedTables(session);
        this.maskCache = { version, views: { tables, scope: await maskedScope(session, tables) } };
      }
      views = this.maskCache.views;
      checkMaskedNames(splitTokens(tokens), views.scope);
    }
    const scope = views?.scope ?? null;
    const check = async (statement: string): Promise<void> => {
      const types = await session.statementTypes(statement);
      checkStatementTypes(types);
      if (scope) checkMaskedWrites(splitTokens(tokenize(statement)), types, scope);
    };
    // One statement is checked against the real tables (a write to a masked table must be refused
    // as such, not fail as a write to a view); a script's statements each in their turn.
    const single = splitStatements(text).length <= 1;
    if (single) await check(text);
    const execute = () => this.execute(session, text, started, masked, check, !single);
    return views === null ? execute() : withMaskedViews(session, views.tables, execute);
  }

  private async execute(session: Session, text: string, started: number, masked: boolean, check: (statement: string) => Promise<void>, checkLast: boolean): Promise<MethodResult<'sql.run'>> {
    const last = await this.runAllButLast(session, text, check);
    if (checkLast) await check(last);
    const kinds = await session.statementTypes(last);
    const kind = kinds.length === 1 ? kinds[0] : undefined;
    if (kind === undefined || !ROW_STATEMENTS.has(kind)) {
      await session.run(last, undefined, SPAN);
      return { kind: 'statement', message: 'ok', elapsedMs: performance.now() - started };
    }
    const name = `${RESULT_PREFIX}${this.nextResult++}`;
    await keepResult(session, qualifiedName('scratch', 'main', name), last, kind);
    this.results.push(name);
    (masked ? this.maskedResults : this.clearResults).add(name);
    await this.dropOldResults(session);
    const table = { schema: 'scratch' as const, name };
    const [rowCount, columns] = await Promise.all([exactRowCount(session, table), describeColumns(session, table)]);
    return { kind: 'rows', table, rowCount, columns, elapsedMs: performance.now() - started };
  }

  /**
   * A script of several statements runs in order: all but the last here, each checked and run in
   * its turn, and the last is returned to be run like a single query, its result kept. A script
   * that cannot be cut where DuckDB's parser cuts it is returned whole (DuckDB runs it, and it
   * reports ok).
   */
  private async runAllButLast(session: Session, text: string, check: (statement: string) => Promise<void>): Promise<string> {
    const pieces = splitStatements(text);
    if (pieces.length <= 1 || pieces.length !== (await session.statementCount(text))) return text;
    for (const piece of pieces.slice(0, -1)) {
      await check(piece);
      await session.run(`${piece}\n`, undefined, SPAN);
    }
    return (pieces[pieces.length - 1] as string).trim();
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

/** One statement that cannot change the workspace (a script of several may). */
async function isReadOnly(session: Session, text: string): Promise<boolean> {
  if (splitStatements(text).length > 1) return false;
  let kinds: StatementType[];
  try {
    kinds = await session.statementTypes(text);
  } catch {
    // A statement DuckDB cannot prepare: the guarded path checks it first and says why it fails.
    return false;
  }
  return kinds.length === 1 && READ_ONLY_STATEMENTS.has(kinds[0]!) && leadingKeyword(text) !== 'PRAGMA';
}

/** Statements whose last result the console shows as rows. */
const ROW_STATEMENTS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN, StatementType.PRAGMA, StatementType.CALL, StatementType.EXECUTE]);
/** Statements that cannot change the workspace's tables. */
const READ_ONLY_STATEMENTS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);
/** SELECT-like statements DuckDB accepts only as a subquery, not after CREATE TABLE … AS. */
const SUBQUERY_ONLY = new Set(['SHOW', 'DESCRIBE', 'DESC', 'SUMMARIZE']);

/**
 * Keeps one statement's result as the scratch table `target`. A query of any size is written by
 * DuckDB itself (CREATE TABLE … AS); SHOW, DESCRIBE and SUMMARIZE go in as a subquery; EXPLAIN,
 * PRAGMA and CALL, which DuckDB accepts in neither place, give small results that are copied.
 * The newline keeps a trailing `-- comment` in the analyst's query from swallowing anything.
 */
async function keepResult(session: Session, target: string, statement: string, type: StatementType): Promise<void> {
  const keyword = leadingKeyword(statement);
  if (type === StatementType.SELECT && keyword !== 'PRAGMA') {
    const query = SUBQUERY_ONLY.has(keyword) ? `SELECT * FROM (${statement}\n)` : statement;
    await session.run(`CREATE TABLE ${target} AS ${query}\n`, undefined, SPAN);
    return;
  }
  await copyResult(session, target, await session.read(statement, undefined, SPAN));
}

const COPY_BATCH_ROWS = 500;

/** Writes a result already read into a new table of the same column names and types. */
async function copyResult(session: Session, target: string, reader: DuckDBResultReader): Promise<void> {
  const types = reader.columnTypes().map((t) => t.toString());
  const seen = new Map<string, number>();
  const names = reader.columnNames().map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}_${k}`;
  });
  if (names.length === 0) throw new AppError('INVALID_ARGUMENT', 'the statement returned no columns to show', {}, 'error.SQL_NO_COLUMNS');
  await session.run(`CREATE TABLE ${target} (${names.map((n, i) => `${quoteIdent(n)} ${types[i]}`).join(', ')})`);
  const rows = reader.getRows();
  for (let from = 0; from < rows.length; from += COPY_BATCH_ROWS) {
    const batch = rows.slice(from, from + COPY_BATCH_ROWS);
    const tuples = batch.map((_, r) => `(${types.map((t, c) => `CAST($${r * types.length + c + 1} AS ${t})`).join(', ')})`);
    await session.run(`INSERT INTO ${target} VALUES ${tuples.join(', ')}`, batch.flat());
  }
}
