import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/cli-main';

/**
 * The command line as a user types it (runCli is what bin/segment-workbench runs), on real files
 * and a real workspace: the whole job — import, profile, rules, tags, segments, SQL — and failures
 * said in the user's terms.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cli-commands-'));
const workspace = path.join(dir, 'bank.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await runCli(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};

/** Nothing a user should ever read: stack traces, the product's own SQL, DuckDB's internals. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // stack frame
  expect(text).not.toMatch(/_sw_|"scratch"|CREATE (OR REPLACE )?TABLE|read_csv|state machine|strict_mode|EISDIR|ENOENT|NUL character|\bnull\b/);
}

describe('a workspace made with the CLI alone', () => {
  const rule = write('adults.json', JSON.stringify({ kind: 'field', id: 'age', field: 'age', op: '>=', value: 18 }));

  beforeAll(async () => {
    write('customers.csv', 'customer_id,birth_date,onboard_date\nC1,1980-01-01,2015-01-01\nC2,1990-05-05,2016-01-01\nC3,2012-09-09,2020-01-01\n');
    // An extract without a status column: every account is open.
    write('accounts.csv', 'account_id,customer_id,product_type,open_date,balance\nA1,C1,current,2015-01-01,1200.50\nA2,C2,savings,2016-01-01,300\nA3,C3,current,2020-01-01,10\n');
    expect((await cli('import', path.join(dir, 'customers.csv'), '--table', 'customers', '--workspace', workspace)).code).toBe(0);
    expect((await cli('import', path.join(dir, 'accounts.csv'), '--table', 'accounts', '--workspace', workspace)).code).toBe(0);
  });

  it('segment count says how to build the missing profile; profile build --as-of builds it; then the count works', async () => {
    const before = await cli('segment', 'count', rule, '--workspace', workspace);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/profile has not been built[\s\S]*segment-workbench profile build/);

    const bad = await cli('profile', 'build', '--as-of', '30/06/2026', '--workspace', workspace);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--as-of expects a date as YYYY-MM-DD/);

    const built = await cli('profile', 'build', '--as-of', '2026-06-30', '--workspace', workspace);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^customer profile built as of 2026-06-30: 3 customers, \d+ columns/);

    const status = await cli('profile', 'status', '--workspace', workspace, '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ built: true, as_of: '2026-06-30', customers: 3 });

    const count = await cli('segment', 'count', rule, '--workspace', workspace, '--json');
    expect(count.code).toBe(0);
    expect(JSON.parse(count.stdout)).toMatchObject({ count: 2, customers: 3, as_of: '2026-06-30' });
  });

  it('rules list shows the four rules; rules set changes one key, saves a version and applies it', async () => {
    const list = await cli('rules', 'list', '--workspace', workspace, '--json');
    expect(list.code).toBe(0);
    const rules = JSON.parse(list.stdout) as Array<{ rule: string; version: number; definition: Record<string, unknown> }>;
    expect(rules.map((r) => r.rule)).toEqual(['invalid', 'dormant', 'value_tier', 'lifecycle']);
    expect(rules.find((r) => r.rule === 'dormant')!.definition).toEqual({ windowMonths: 6 });

    const set = await cli('rules', 'set', 'dormant', 'windowMonths=9', '--workspace', workspace);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^saved dormant \(version 1, saved .*\): \{"windowMonths":9\}/);
    const text = await cli('rules', 'list', '--workspace', workspace);
    expect(text.stdout).toMatch(/dormant \(version 1/);

    const tiers = await cli('rules', 'set', 'value_tier', 'method=thresholds', 'vipMin=1000', 'potentialMin=100', '--workspace', workspace, '--json');
    expect(tiers.code).toBe(0);
    const vip = await cli('sql', "SELECT customer_id FROM customer_profile WHERE value_tier = 'vip'", '--workspace', workspace, '--json');
    expect(JSON.parse(vip.stdout)).toEqual([{ customer_id: 'C1' }]);

    const invalid = await cli('rules', 'set', 'dormant', 'windowMonths=0', '--workspace', workspace, '--json');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).error).toMatchObject({ code: 'INVALID_ARGUMENT', messageKey: 'error.RULE_INVALID_DEFINITION' });
    const unknown = await cli('rules', 'set', 'churn', 'x=1', '--workspace', workspace);
    expect(unknown.stderr).toMatch(/there is no rule "churn": the rules are invalid, dormant, value_tier, lifecycle/);
  });

  it('tags list shows the tag library with members in the profile', async () => {
    const list = await cli('tags', 'list', '--workspace', workspace, '--json');
    expect(list.code).toBe(0);
    const tags = JSON.parse(list.stdout) as Array<{ id: string; builtIn: boolean; memberCount: number | null }>;
    expect(tags.length).toBeGreaterThan(5);
    expect(tags.filter((t) => typeof t.memberCount === 'number').length).toBeGreaterThan(5);
    const text = await cli('tags', 'list', '--workspace', workspace);
    expect(text.stdout.split('\n')[0]).toMatch(/^\S+ {2}.+ \/ .+ {2}\[.+\] {2}\d+ customers$/);
  });

  it('sql runs SHOW, DESCRIBE, SUMMARIZE, EXPLAIN and scripts of several statements; PRAGMA is refused by the locked console', async () => {
    const json = async (query: string) => {
      const r = await cli('sql', query, '--workspace', workspace, '--json');
      expect(r.code, r.stderr + r.stdout).toBe(0);
      return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    };
    expect((await json('SHOW TABLES')).map((r) => r.name)).toEqual(expect.arrayContaining(['customers', 'accounts', 'customer_profile']));
    expect((await json('DESCRIBE accounts')).map((r) => r.column_name)).toContain('balance');
    expect((await json('SUMMARIZE accounts')).find((r) => r.column_name === 'balance')).toMatchObject({ count: 3 });
    expect((await json('EXPLAIN SELECT count(*) FROM accounts'))[0]).toHaveProperty('explain_value');
    // PRAGMA can change settings, so the locked console refuses it (issue 12); the same facts come from a table function.
    const pragma = await cli('sql', "PRAGMA table_info('accounts')", '--workspace', workspace, '--json');
    expect(pragma.code).toBe(1);
    expect(JSON.parse(pragma.stdout)).toMatchObject({ error: { messageKey: 'error.CONSOLE_STATEMENT' } });
    expect((await json("SELECT * FROM pragma_table_info('accounts')")).map((r) => r.name)).toContain('product_type');
    expect(await json('CREATE TABLE scratch_t AS SELECT 1 AS x; INSERT INTO scratch_t VALUES (41); SELECT CAST(sum(x) AS INTEGER) AS s FROM scratch_t;')).toEqual([{ s: 42 }]);
    expect(await json("SELECT ';' AS semi, 'it''s' AS q; -- a comment; with a semicolon\nSELECT 2 AS two")).toEqual([{ two: 2 }]);
    const statement = await cli('sql', 'DROP TABLE scratch_t', '--workspace', workspace);
    expect(statement.code).toBe(0);
    expect(statement.stderr).toMatch(/^ok/);
  });
});

describe('--help on every command and subcommand', () => {
  const lines = [
    ['start'], ['serve'], ['demo'], ['import'], ['profile'], ['profile', 'build'], ['profile', 'status'], ['rules'], ['rules', 'list'], ['rules', 'set'],
    ['tags'], ['tags', 'list'], ['segment'], ['segment', 'count'], ['segment', 'sql'], ['segment', 'members'], ['sql'],
  ];
  it.each(lines)('%s … --help prints its usage and exits 0', async (...words) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli(...words, flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage:\\n {2}segment-workbench ${words[0]}`));
    }
  });
  it('the overview lists every command; help COMMAND shows one', async () => {
    const all = await cli('--help');
    expect(all.code).toBe(0);
    for (const name of ['start', 'serve', 'demo', 'import', 'profile', 'rules', 'tags', 'segment', 'sql']) expect(all.stdout).toContain(`segment-workbench ${name}`);
    expect((await cli('help', 'rules')).stdout).toMatch(/rules set RULE KEY=VALUE/);
  });
});

describe('--json failures and file names that start with "-"', () => {
  it('a failure with --json prints one JSON error object with its code on stdout', async () => {
    const r = await cli('sql', 'SELEC 1', '--workspace', path.join(dir, 'j.duckdb'), '--json');
    expect(r.code).toBe(1);
    const error = JSON.parse(r.stdout).error;
    expect(error).toMatchObject({ code: 'SQL_ERROR', messageKey: 'error.SQL_ERROR' });
    expect(error.message).toMatch(/^Parser Error: syntax error at or near "SELEC"/);
    expect(error.details).not.toHaveProperty('sql');

    const option = await cli('profile', 'build', '--bogus', '--json');
    expect(option.code).toBe(2);
    expect(JSON.parse(option.stdout).error).toMatchObject({ code: 'INVALID_ARGUMENT', messageKey: 'error.CLI_BAD_OPTION' });
  });

  it('a file named -x.csv imports when it comes after --', async () => {
    const file = write('-x.csv', 'customer_id,name\nD1,甲\n');
    const ws = path.join(dir, 'dash.duckdb');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cli('import', '--table', 'customers', '--workspace', ws, '--json', '--', '-x.csv');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ table: 'customers', rows_loaded: 1 });
      const without = await cli('import', '-x.csv', '--table', 'customers', '--workspace', ws);
      expect(without.code).toBe(2);
      expect(without.stderr).toMatch(/unknown option -x .*goes after "--"/);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('errors in the user\'s terms, with what to do', () => {
  const ws = path.join(dir, 'errors.duckdb');

  it('a folder where a file is expected', async () => {
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder, { recursive: true });
    const segment = await cli('segment', 'count', folder, '--workspace', ws);
    expect(segment.stderr).toMatch(/cannot read the segment file .*a-folder: it is a folder, not a file/);
    const preset = await cli('import', path.join(dir, 'customers.csv'), '--mapping', folder, '--workspace', ws);
    expect(preset.stderr).toMatch(/cannot read the mapping preset .*: it is a folder, not a file/);
    const out = await cli('sql', 'SELECT 1', '--out', folder, '--workspace', ws);
    expect(out.stderr).toMatch(/cannot write .*a-folder: it is a folder: give a file name/);
    const workspaceFolder = await cli('sql', 'SELECT 1', '--workspace', folder);
    expect(workspaceFolder.code).toBe(2);
    expect(workspaceFolder.stderr).toMatch(/--workspace .*a-folder is a folder: a workspace is one file, e\.g\. --workspace .*bank\.duckdb/);
    expectNoInternals(workspaceFolder.stderr);
    const empty = await cli('import', folder, '--table', 'customers', '--workspace', ws);
    expect(empty.stderr).toMatch(/the folder .*a-folder holds no data files \(\.csv/);
    for (const r of [segment, preset, out, empty]) {
      expect(r.code).toBe(1);
      expectNoInternals(r.stderr);
    }
  });

  it('a folder given to import stands for its data files', async () => {
    write('monthly/2026/01.csv', 'customer_id,name\nM1,甲\n');
    write('monthly/2026/02.csv', 'customer_id,name\nM2,乙\n');
    const r = await cli('import', path.join(dir, 'monthly'), '--table', 'customers', '--workspace', ws, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows_loaded: 2 });
  });

  it('a binary file is named as not a text export', async () => {
    // Pseudo-random bytes (a linear congruential generator): NUL bytes scattered, as in real binaries.
    let x = 7;
    const binary = Buffer.alloc(8192).map(() => ((x = (x * 1103515245 + 12345) & 0x7fffffff), (x >> 16) & 255));
    const r = await cli('import', write('photo.csv', binary), '--table', 'customers', '--workspace', ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: photo\.csv is not a text export: it holds binary data\. Give a CSV or TSV text file, an Excel workbook \(\.xlsx\) or a Parquet file/);
    expectNoInternals(r.stderr);
  });

  it('a file with a header and no rows says so, without null details', async () => {
    const r = await cli('import', write('header-only.csv', 'customer_id,name\n'), '--table', 'customers', '--workspace', ws, '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to load into customers: header-only\.csv has a header line but no data rows under it/);
    expect(r.stderr).not.toMatch(/all rejected/);
    expectNoInternals(r.stderr);
    const json = await cli('import', path.join(dir, 'header-only.csv'), '--table', 'customers', '--workspace', ws, '--force', '--json');
    expect(JSON.parse(json.stdout).error).toEqual({
      code: 'INVALID_ARGUMENT',
      messageKey: 'error.IMPORT_NO_DATA_ROWS',
      message: expect.stringMatching(/^nothing to load/),
      details: { table: 'customers', files: 'header-only.csv' },
    });
  });

  it('a failure inside SQL the product wrote around the user\'s query shows no internal SQL', async () => {
    const r = await cli('sql', "SELECT CAST('x' AS INTEGER) AS n", '--workspace', ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Conversion Error: Could not convert string 'x' to INT32/);
    expectNoInternals(r.stderr);
  });

  it('a missing file and a missing output folder', async () => {
    const missing = await cli('import', path.join(dir, 'nope.csv'), '--table', 'customers', '--workspace', ws);
    expect(missing.code).toBe(1);
    const out = await cli('segment', 'members', path.join(dir, 'adults.json'), '--out', path.join(dir, 'no-such-folder', 'm.csv'), '--workspace', ws);
    expect(out.stderr).toMatch(/cannot write .*m\.csv: the folder .*no-such-folder does not exist/);
    expectNoInternals(out.stderr);
  });
});

describe('demo', () => {
  it('builds the customer profile as the app does, so segments count at once', async () => {
    const ws = path.join(dir, 'demo.duckdb');
    const demo = await cli('demo', '--customers', '300', '--months', '6', '--workspace', ws);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/customer profile built as of \d{4}-\d{2}-\d{2}: 300 customers/);
    const count = await cli('segment', 'count', path.join(dir, 'adults.json'), '--workspace', ws);
    expect(count.code).toBe(0);
    expect(count.stdout).toMatch(/ of 300 customers/);
  });
});
