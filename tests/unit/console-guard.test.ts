import { describe, expect, it } from 'vitest';
import { checkLockedTokens, checkMaskedNames, readsPastMaskedViews, splitStatements, tokenize } from '../../src/engine/console-guard';

const scope = { catalogs: new Set(['workspace', 'scratch', 'memory', 'system', 'temp']), personalTables: new Set(['customers']), unsafeObjects: new Set<string>() };
const locked = (sql: string) => () => checkLockedTokens(tokenize(sql));
const masked = (sql: string) => () => checkMaskedNames(splitStatements(tokenize(sql)), scope);

describe('the console guard reads tokens as DuckDB does', () => {
  it('skips strings, comments and dollar quotes, and sees through case, spacing and comments', () => {
    expect(locked(`SELECT 'read_csv(''/etc/passwd'')' AS s -- glob('/')`)).not.toThrow();
    expect(locked(`SELECT $$read_csv('/x')$$ AS s, $t$glob('/')$t$ AS g /* read_text('/y') */`)).not.toThrow();
    expect(locked(`SELECT * FROM Read_CSV /* c */ ('/etc/passwd')`)).toThrow(/read files/);
    // An escaped quote in an E'' string does not end it: what follows is code.
    expect(locked(`SELECT E'\\'', read_csv('/etc/passwd') --'`)).toThrow(/read files/);
    expect(locked(`SELECT 1; COPY t TO '/tmp/x'`)).toThrow(/COPY/);
    expect(locked(`  install httpfs`)).toThrow(/INSTALL/);
    expect(locked(`CREATE OR REPLACE PERSISTENT SECRET s (TYPE s3)`)).toThrow(/SECRET/);
    expect(locked(`SELECT secret FROM t`)).not.toThrow();
  });

  it('while masked, refuses catalog and schema qualifiers, quoted or not, but not a column of an alias', () => {
    for (const sql of ['SELECT * FROM workspace.main.customers', 'SELECT * FROM "workspace"."main"."customers"', 'SELECT * FROM main.customers', 'SELECT * FROM Scratch . main.t']) {
      expect(masked(sql), sql).toThrow(/plain names/);
    }
    expect(masked('SELECT c.name, customers.phone FROM customers c, customers')).not.toThrow();
    expect(masked('SELECT * FROM information_schema.tables')).not.toThrow();
    expect(readsPastMaskedViews('SELECT name FROM main.customers', scope)).toBe(true);
    expect(readsPastMaskedViews('SELECT upper(name) FROM customers', scope)).toBe(false);
  });
});
