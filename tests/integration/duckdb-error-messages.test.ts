import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { fromDuckDBError } from '../../src/engine/duckdb-errors';
import { splitStatements, leadingKeyword } from '../../src/engine/sql/statement-split';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-duck-errors-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function duckdbError(sql: string): Promise<unknown> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    await connection.run(sql);
    return null;
  } catch (error) {
    return error;
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

it("DuckDB's CSV state-machine dump becomes the file's name and what to check", async () => {
  const file = path.join(dir, '客户.csv');
  fs.writeFileSync(file, 'customer_id,name\r\nC1,a\nC2,b\rC3,c\r\nC4,"d\n');
  const raw = await duckdbError(
    `CREATE TABLE t AS SELECT * FROM read_csv('${file}', auto_detect = false, header = true, skip = 0, delim = ',', quote = '"', escape = '"',
       columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR'}, all_varchar = true, strict_mode = true, null_padding = false, encoding = 'utf-8',
       max_line_size = 10000000, nullstr = [''], allow_quoted_nulls = true, store_rejects = true, rejects_table = 'rj', rejects_scan = 'rs')`,
  );
  expect(String(raw)).toMatch(/state machine|Parser options|file = /); // what DuckDB says
  const error = fromDuckDBError(raw, 'SELECT … internal');
  expect(error.messageKey).toBe('error.IMPORT_CSV_UNREADABLE');
  expect(error.message).toMatch(/^客户\.csv could not be read as delimited text: .*Check the delimiter, quote character and header line/);
  expect(error.message).not.toMatch(/state machine|strict_mode|Possible fixes|file = |read_csv/);
  expect(error.details.file).toBe('客户.csv');
});

it("an excerpt of the product's own SQL is cut; the user's own SQL keeps its LINE pointer", async () => {
  const internal = fromDuckDBError(await duckdbError(`CREATE TABLE "_sw_console_1" AS SELECT CAST('x' AS INTEGER)`));
  expect(internal.message).toMatch(/^Conversion Error: Could not convert string 'x' to INT32/);
  expect(internal.message).not.toMatch(/LINE|_sw_|CREATE/);
  const own = fromDuckDBError(await duckdbError('SELECT * FROM nope'));
  expect(own.message).toMatch(/Table with name nope does not exist[\s\S]*LINE 1: SELECT \* FROM nope/);
  expect(own.details.duckdb).toMatch(/nope/); // the raw text stays for bug reports
});

it('splits a script at the semicolons that end statements', () => {
  expect(splitStatements("SELECT ';' AS a; -- x; y\nSELECT \"a;b\" FROM t /* ; */; SELECT $$;$$ ;  ")).toEqual([
    "SELECT ';' AS a",
    ' -- x; y\nSELECT "a;b" FROM t /* ; */',
    ' SELECT $$;$$ ',
  ]);
  expect(splitStatements("SELECT 'it''s; fine'")).toEqual(["SELECT 'it''s; fine'"]);
  expect(leadingKeyword('-- note\n /* c */ (show tables)')).toBe('SHOW');
});
