import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateLiteral, numberLiteral, sqlStringLiteral, stringLiteralFor as stringLiteral, timestampLiteral } from '../../src/engine/sql/literals';
import { quoteIdentFor } from '../../src/engine/sql/identifiers';
import { SQL_DIALECTS, type SqlDialect } from '../../src/shared/segment-types';

/**
 * Each dialect's string-literal rules, written out as a reader: it reads one literal from the start
 * of the text and returns its value and what is left. A literal is safe when the reader consumes
 * all of it (nothing is left to be read as SQL) and gives back exactly the value.
 */
function readLiteral(dialect: SqlDialect, sql: string): { value: string; rest: string } {
  let i = 0;
  let escapes = false;
  if (dialect === 'postgres' && sql.startsWith("E'")) {
    escapes = true;
    i = 1;
  }
  if (dialect === 'spark') escapes = true;
  if (sql[i] !== "'") throw new Error(`not a literal: ${sql}`);
  i++;
  let value = '';
  while (i < sql.length) {
    const ch = sql[i]!;
    if (escapes && ch === '\\') {
      const next = sql[i + 1];
      if (next === undefined) throw new Error('dangling escape');
      value += next; // \\ → \, \' → '
      i += 2;
      continue;
    }
    if (ch === "'") {
      // Spark: a doubled quote ends the literal (two adjacent literals); the others read it as one quote.
      if (dialect !== 'spark' && sql[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, rest: sql.slice(i + 1) };
    }
    value += ch;
    i++;
  }
  throw new Error('unterminated literal');
}

const HOSTILE = ["O'Brien", "'; DROP TABLE customer_profile; --", 'a;b', '-- comment', 'back\\slash', "\\'", "\\\\'", '北京 "引号"', '', "''", '\n\t', '`tick`', '$p0', '?'];

describe('SQL literals (src/engine/sql/literals.ts)', () => {
  for (const dialect of SQL_DIALECTS) {
    it(`${dialect}: hostile values read back exactly, with nothing left over`, () => {
      for (const value of HOSTILE) {
        const lit = stringLiteral(dialect, value);
        expect(readLiteral(dialect, lit)).toEqual({ value, rest: '' });
      }
    });

    it(`${dialect}: any string without NUL reads back exactly (property)`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')), (value) => {
          expect(readLiteral(dialect, stringLiteral(dialect, value))).toEqual({ value, rest: '' });
        }),
        { numRuns: 500 },
      );
    });

    it(`${dialect}: NUL is refused with a clear error`, () => {
      expect(() => stringLiteral(dialect, 'a\u0000b')).toThrow(/NUL/);
    });
  }

  it('the standard literal (read_csv options, DDL, constants) doubles quotes and refuses NUL with an AppError', () => {
    for (const value of HOSTILE) expect(readLiteral('duckdb', sqlStringLiteral(value))).toEqual({ value, rest: '' });
    expect(sqlStringLiteral("C:\\data\\o'brien.csv")).toBe("'C:\\data\\o''brien.csv'");
    expect(() => sqlStringLiteral('a\u0000b')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', messageKey: 'error.SQL_VALUE_NUL' }));
  });

  it('Spark escapes backslashes and writes quotes as \\\'; PostgreSQL switches to E-strings for backslashes', () => {
    expect(stringLiteral('spark', "a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(stringLiteral('postgres', "a'b")).toBe("'a''b'");
    expect(stringLiteral('postgres', 'a\\b')).toBe("E'a\\\\b'");
    expect(stringLiteral('trino', 'a\\b')).toBe("'a\\b'");
    expect(stringLiteral('duckdb', "a'b\\")).toBe("'a''b\\'");
  });

  it('numbers, dates and timestamps are validated before they are written', () => {
    expect(numberLiteral(-30)).toBe('(-30)');
    expect(numberLiteral(1.5)).toBe('1.5e+0');
    expect(() => numberLiteral(Number.NaN)).toThrow();
    expect(dateLiteral('2024-03-31')).toBe("DATE '2024-03-31'");
    expect(() => dateLiteral("2024-03-31' OR '1'='1")).toThrow();
    expect(timestampLiteral('2024-03-31')).toBe("TIMESTAMP '2024-03-31 00:00:00'");
    expect(() => timestampLiteral('yesterday')).toThrow();
  });

  it('identifiers: double quotes doubled, Spark backticks doubled', () => {
    expect(quoteIdentFor('postgres', 'a"b')).toBe('"a""b"');
    expect(quoteIdentFor('spark', 'a`b')).toBe('`a``b`');
    expect(quoteIdentFor('trino', '客户')).toBe('"客户"');
  });
});
