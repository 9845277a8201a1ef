import { StatementType } from '@duckdb/node-api';
import { AppError } from '../shared/errors';

/**
 * What the SQL console refuses before DuckDB sees it — a clear message instead of DuckDB's
 * "Permission Error" (which the lockdown of workspace-lockdown.ts raises anyway, should anything
 * pass here) — and, while personal data is masked, what would reach past the masked views.
 *
 * The checks read the statement's tokens (strings, quoted identifiers, comments and dollar
 * quotes skipped as DuckDB's tokenizer does), not its text, so a name inside a string literal or a
 * comment is not mistaken for one in the query, and one inside a query is not hidden by quoting.
 */

export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  /** Words lower-cased; quoted identifiers unquoted (case kept); strings unquoted. */
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uFFFF]/;

/** DuckDB's tokens of a script (comments dropped). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'") {
      const [text, next] = quoted(sql, i, "'", false);
      tokens.push({ kind: 'string', text });
      i = next;
    } else if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      const [text, next] = quoted(sql, i + 1, "'", true);
      tokens.push({ kind: 'string', text });
      i = next;
    } else if (c === '"') {
      const [text, next] = quoted(sql, i, '"', false);
      tokens.push({ kind: 'quoted', text });
      i = next;
    } else if (c === '$' && /[A-Za-z_$]/.test(sql[i + 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        tokens.push({ kind: 'string', text: sql.slice(i + tag.length, end < 0 ? n : end) });
        i = end < 0 ? n : end + tag.length;
      } else {
        tokens.push({ kind: 'symbol', text: c });
        i++;
      }
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j).toLowerCase() });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9._eE]/.test(sql[j]!)) j++;
      tokens.push({ kind: 'number', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'symbol', text: c });
      i++;
    }
  }
  return tokens;
}

/** A quoted run from `start` (the opening quote); a doubled quote is one, and with `backslash` so is \x. */
function quoted(sql: string, start: number, quote: string, backslash: boolean): [string, number] {
  let text = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === '\\' && i + 1 < sql.length) {
      text += sql[i + 1];
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) {
        text += quote;
        i += 2;
      } else return [text, i + 1];
    } else {
      text += c;
      i++;
    }
  }
  return [text, sql.length];
}

/** The statements of a script, split at the semicolons between them. */
export function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === ';') out.push([]);
    else out[out.length - 1]!.push(token);
  }
  return out.filter((s) => s.length > 0);
}

/** Table functions that open files, or run SQL held in a string (which would escape every check here). */
export const FILE_FUNCTIONS = new Set([
  'read_csv', 'read_csv_auto', 'sniff_csv', 'read_text', 'read_blob', 'read_json', 'read_json_auto', 'read_json_objects',
  'read_json_objects_auto', 'read_ndjson', 'read_ndjson_auto', 'read_ndjson_objects', 'read_parquet', 'parquet_scan',
  'parquet_metadata', 'parquet_schema', 'parquet_file_metadata', 'parquet_kv_metadata', 'parquet_bloom_probe', 'glob',
  'read_xlsx', 'read_duckdb', 'sqlite_scan', 'sqlite_attach', 'delta_scan', 'iceberg_scan', 'read_ipc', 'read_arrow',
]);
const DYNAMIC_SQL_FUNCTIONS = new Set(['query', 'query_table', 'json_execute_serialized_sql', 'getvariable', 'from_substrait', 'from_substrait_json']);
/** Functions that show stored values without reading them through a view (segment statistics hold min/max). */
const STORED_VALUE_FUNCTIONS = new Set(['pragma_storage_info', 'storage_info', 'pragma_metadata_info', 'pragma_database_size']);

/** Statement kinds the console never runs: files, other databases, extensions, settings, transactions. */
const REFUSED_STATEMENTS: ReadonlyMap<StatementType, string> = new Map([
  [StatementType.COPY, 'COPY'],
  [StatementType.EXPORT, 'EXPORT DATABASE'],
  [StatementType.COPY_DATABASE, 'COPY FROM DATABASE'],
  [StatementType.ATTACH, 'ATTACH'],
  [StatementType.DETACH, 'DETACH'],
  [StatementType.LOAD, 'LOAD / INSTALL'],
  [StatementType.EXTENSION, 'INSTALL'],
  [StatementType.UPDATE_EXTENSIONS, 'UPDATE EXTENSIONS'],
  [StatementType.SET, 'SET / RESET / USE'],
  [StatementType.VARIABLE_SET, 'SET VARIABLE'],
  [StatementType.PRAGMA, 'PRAGMA'],
  [StatementType.PREPARE, 'PREPARE'],
  [StatementType.EXECUTE, 'EXECUTE'],
  [StatementType.TRANSACTION, 'BEGIN / COMMIT / ROLLBACK'],
  [StatementType.LOGICAL_PLAN, 'a logical plan'],
  [StatementType.MULTI, 'a multi-statement'],
]);
/** Statements that change a table: refused on a personal table while masked (it is a masked view then). */
const WRITES = new Set([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.ALTER, StatementType.DROP, StatementType.CREATE]);

const refuse = (key: string, message: string, details: Record<string, string>) => new AppError('INVALID_ARGUMENT', message, details, key);

const isName = (t: Token | undefined, text?: string): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'quoted') && (text === undefined || t.text === text);
const isSymbol = (t: Token | undefined, text: string) => t !== undefined && t.kind === 'symbol' && t.text === text;
const lower = (t: Token) => t.text.toLowerCase();

/** First words of the statements the console never runs (checked before DuckDB prepares them: a prepare already opens files). */
const REFUSED_FIRST_WORDS: ReadonlyMap<string, string> = new Map([
  ['copy', 'COPY'], ['export', 'EXPORT DATABASE'], ['import', 'IMPORT DATABASE'], ['attach', 'ATTACH'], ['detach', 'DETACH'],
  ['install', 'INSTALL'], ['force', 'FORCE INSTALL'], ['load', 'LOAD'], ['set', 'SET'], ['reset', 'RESET'], ['use', 'USE'],
  ['pragma', 'PRAGMA'], ['begin', 'BEGIN'], ['start', 'START TRANSACTION'], ['commit', 'COMMIT'], ['end', 'END'], ['rollback', 'ROLLBACK'],
  ['abort', 'ABORT'], ['prepare', 'PREPARE'], ['execute', 'EXECUTE'], ['deallocate', 'DEALLOCATE'], ['checkpoint', 'CHECKPOINT'],
  ['force_checkpoint', 'CHECKPOINT'],
]);

/** The checks every console statement passes, masked or not (before it is even prepared). */
export function checkLockedTokens(tokens: Token[]): void {
  for (const statement of splitStatements(tokens)) {
    const first = statement[0]!;
    const what = first.kind === 'word' ? REFUSED_FIRST_WORDS.get(first.text) : undefined;
    const updateExtensions = first.kind === 'word' && first.text === 'update' && statement[1]?.kind === 'word' && statement[1].text === 'extensions';
    if (what !== undefined || updateExtensions) {
      const name = what ?? 'UPDATE EXTENSIONS';
      throw refuse('error.CONSOLE_STATEMENT', `the SQL console does not run ${name}: the engine is locked to the workspace (use Import and Export for files)`, { what: name });
    }
  }
  for (const [i, t] of tokens.entries()) {
    const next = tokens[i + 1];
    if (t.kind === 'word' && isSymbol(next, '(')) {
      if (FILE_FUNCTIONS.has(t.text)) throw refuse('error.CONSOLE_FILE_ACCESS', `the SQL console cannot read files (${t.text}): use Import`, { what: t.text });
      if (DYNAMIC_SQL_FUNCTIONS.has(t.text)) throw refuse('error.CONSOLE_FUNCTION', `the SQL console does not run ${t.text}()`, { what: t.text });
    }
    // FROM 'file.csv' (a replacement scan of a file), DESCRIBE/SUMMARIZE 'file.parquet'.
    if (t.kind === 'word' && ['from', 'join', 'describe', 'summarize'].includes(t.text) && next?.kind === 'string') {
      throw refuse('error.CONSOLE_FILE_ACCESS', `the SQL console cannot read files ('${next.text}'): use Import`, { what: next.text });
    }
    // CREATE [OR REPLACE] [PERSISTENT|TEMPORARY] SECRET, DROP SECRET: credentials for remote file systems.
    if (t.kind === 'word' && t.text === 'secret' && tokens.slice(Math.max(0, i - 4), i).some((p) => p.kind === 'word' && (p.text === 'create' || p.text === 'drop'))) {
      throw refuse('error.CONSOLE_STATEMENT', 'the SQL console does not run CREATE SECRET: the engine reaches no remote storage', { what: 'CREATE SECRET' });
    }
  }
}

/** Statement kinds (from DuckDB's prepare) the console never runs. */
export function checkStatementTypes(types: readonly StatementType[]): void {
  for (const type of types) {
    const what = REFUSED_STATEMENTS.get(type);
    if (what !== undefined) {
      throw refuse('error.CONSOLE_STATEMENT', `the SQL console does not run ${what}: the engine is locked to the workspace (use Import and Export for files)`, { what });
    }
  }
}

export interface MaskedScope {
  /** Catalog names (the workspace's, scratch, memory, system, temp…): naming one would reach past the masked views. */
  catalogs: ReadonlySet<string>;
  /** Workspace tables read through masked views (those with personal columns). */
  personalTables: ReadonlySet<string>;
  /** Views and macros whose definitions name a catalog or schema (they would read the base tables). */
  unsafeObjects: ReadonlySet<string>;
}

const PASS_SCHEMAS = new Set(['information_schema', 'pg_catalog']);

/** True when a definition (a view's or macro's SQL) reads past the masked views. */
export function readsPastMaskedViews(sql: string, scope: Pick<MaskedScope, 'catalogs'>): boolean {
  try {
    const tokens = tokenize(sql);
    return tokens.some((t, i) => qualifier(tokens, i, scope) !== null);
  } catch {
    return true;
  }
}

/** A catalog or schema qualifier at token i (`workspace.` `main.` `"scratch".`), or null. */
function qualifier(tokens: Token[], i: number, scope: Pick<MaskedScope, 'catalogs'>): string | null {
  const t = tokens[i];
  if (!isName(t) || !isSymbol(tokens[i + 1], '.')) return null;
  if (isSymbol(tokens[i - 1], '.')) return null; // the middle of a.b.c is judged at a
  const name = lower(t);
  if (PASS_SCHEMAS.has(name)) return null;
  return scope.catalogs.has(name) || name === 'main' ? name : null;
}

/** While masked, before the statements are prepared: names that would read the base tables instead of the masked views. */
export function checkMaskedNames(statements: Token[][], scope: MaskedScope): void {
  for (const tokens of statements) {
    for (const [i, t] of tokens.entries()) {
      const q = qualifier(tokens, i, scope);
      if (q !== null) {
        throw refuse('error.CONSOLE_MASKED_QUALIFIED', `while personal data is masked the console reads tables by their plain names (${q}. is not allowed)`, { what: `${q}.` });
      }
      if (t.kind === 'word' && isSymbol(tokens[i + 1], '(') && STORED_VALUE_FUNCTIONS.has(t.text)) {
        throw refuse('error.CONSOLE_FUNCTION', `the SQL console does not run ${t.text}() while personal data is masked`, { what: t.text });
      }
      if (isName(t) && scope.unsafeObjects.has(lower(t))) {
        throw refuse('error.CONSOLE_MASKED_QUALIFIED', `while personal data is masked the console cannot use ${t.text}: its definition names a schema, past the masked views`, { what: t.text });
      }
    }
  }
}

/** While masked, once the statement kinds are known: a write to a personal table (a masked view then). */
export function checkMaskedWrites(statements: Token[][], types: readonly StatementType[], scope: MaskedScope): void {
  for (const [s, tokens] of statements.entries()) {
    const type = types[s] ?? (statements.length === types.length ? undefined : StatementType.MULTI);
    if (type === undefined || !WRITES.has(type)) continue;
    const target = writeTarget(tokens, type);
    if (target !== null && scope.personalTables.has(lower(target))) {
      throw refuse('error.CONSOLE_MASKED_WRITE', `while personal data is masked the console cannot change ${target.text}: unmask first`, { table: target.text });
    }
  }
}

const TARGET_AFTER: ReadonlyMap<StatementType, readonly string[]> = new Map([
  [StatementType.INSERT, ['into']],
  [StatementType.UPDATE, ['update']],
  [StatementType.DELETE, ['from']],
  [StatementType.ALTER, ['table', 'view']],
  [StatementType.DROP, ['table', 'view', 'macro', 'function']],
  [StatementType.CREATE, ['table', 'view', 'macro', 'function']],
]);

/** The table a write statement changes (or creates: a new `customers` would shadow the masked view). */
function writeTarget(tokens: Token[], type: StatementType): Token | null {
  const keywords = TARGET_AFTER.get(type) ?? [];
  const k = tokens.findIndex((t) => t.kind === 'word' && keywords.includes(t.text));
  if (k < 0) return null;
  let j = k + 1;
  if (tokens[j]?.kind === 'word' && tokens[j]!.text === 'if') j += tokens[j + 1]?.text === 'not' ? 3 : 2;
  const name = tokens[j];
  return isName(name) ? name : null;
}
