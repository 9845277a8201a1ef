import { describe, expect, it } from 'vitest';
import { sqlErrorPosition } from '../../src/shared/sql-error-position';

describe('sqlErrorPosition', () => {
  it('reads the line and the caret column of a DuckDB parser error', () => {
    const message = 'Parser Error: syntax error at or near "FORM"\n\nLINE 2: SELECT a FORM t\n                 ^';
    expect(sqlErrorPosition(message, 'SELECT 1;\nSELECT a FORM t')).toEqual({ line: 2, column: 10 });
  });

  it('finds the column in the SQL line when DuckDB cut the front of a long line', () => {
    const sql = `SELECT ${'x, '.repeat(40)}nope FROM t`;
    const at = sql.indexOf('nope');
    const excerpt = `...${sql.slice(at - 20)}`;
    const message = `Binder Error: column "nope" not found\n\nLINE 1: ${excerpt}\n${' '.repeat('LINE 1: '.length + 3 + 20)}^`;
    expect(sqlErrorPosition(message, sql)).toEqual({ line: 1, column: at + 1 });
  });

  it('gives nothing for a message without a LINE excerpt', () => {
    expect(sqlErrorPosition('Catalog Error: Table with name t does not exist!')).toBeNull();
  });
});
