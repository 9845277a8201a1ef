import { describe, expect, it } from 'vitest';
import { literalFilePath } from '../../src/engine/import/file-path-glob';
import { LineEndingScan, lineEndingKind } from '../../src/engine/import/line-endings';
import { detectTrailer } from '../../src/engine/import/trailer-detect';
import { centuryChoice } from '../../src/engine/import/two-digit-years';
import { decideKind, type ShapeCounts } from '../../src/engine/import/column-inference';

describe('trailer lines', () => {
  it.each([
    ['id,v\n1,a\n合计:1,024,356条\n', 1_024_356],
    ['id,v\n1,a\n共12条\r\n', 12],
    ['id|v\n1|a\nTRAILER|1024356\n', 1_024_356],
    ['id,v\n1,a\n总计,3\n\n\n', 3],
    ['id,v\n1,a\nEOF', null],
  ])('%j states %s', (text, stated) => {
    const trailer = detectTrailer(text, text.includes('|') ? '|' : ',', '"');
    expect(trailer?.statedRows).toBe(stated);
  });

  it('a data row is no trailer; the breaks after it give its line', () => {
    expect(detectTrailer('id,name\n1,张伟\n2,王芳\n', ',', '"')).toBeNull();
    expect(detectTrailer('id,v\n1,a\n合计:1条\n\n', ',', '"')?.breaksAfter).toBe(2);
  });
});

describe('line endings', () => {
  it('counts \\r\\n, \\n and \\r, also when a \\r\\n is split between chunks', () => {
    const scan = new LineEndingScan();
    for (const chunk of ['a\r', '\nb\n', 'c\r', 'd\r\n', 'e\r']) scan.update(Buffer.from(chunk));
    expect(scan.finish()).toEqual({ crlf: 2, lf: 1, cr: 2 });
    expect(lineEndingKind({ crlf: 2, lf: 0, cr: 0 })).toBe('crlf');
    expect(lineEndingKind({ crlf: 2, lf: 1, cr: 0 })).toBe('mixed');
  });
});

describe('file names with glob characters', () => {
  it('every glob character matches only itself', () => {
    expect(literalFilePath('/d/x*.csv')).toBe('/d/x[*].csv');
    expect(literalFilePath('/d/a?[1].csv')).toBe('/d/a[?][[]1].csv');
    expect(literalFilePath('/d/plain.csv')).toBe('/d/plain.csv');
  });
});

describe('two-digit years', () => {
  it('the reference is the latest full date of the sample, never after today; or the pivot', () => {
    expect(centuryChoice([['450204', '2015-03-01'], ['150302', '2024-05-31']], undefined, '2026-01-01')).toEqual({ reference: '2024-05-31', source: 'data' });
    // A maturity date in 2045 must not make 450204 a birth in 2045.
    expect(centuryChoice([['450204', '2045-12-31']], undefined, '2026-01-01')).toEqual({ reference: '2026-01-01', source: 'today' });
    expect(centuryChoice([['450204']], 30)).toEqual({ reference: '2030-12-31', source: 'user' });
  });
});

describe('the numeric threshold', () => {
  const counts = (over: Partial<ShapeCounts>): ShapeCounts => ({
    n: 0, integer: 0, leadingZero: 0, idNumber: 0, mobile: 0, amount: 0, plainDecimal: 0, ymdDash: 0, ymdSlash: 0, ymdChinese: 0, ymdCompact: 0, yymmdd: 0, dmyDot: 0,
    excelSerial: 0, timestamp: 0, monthForm: 0, direction: 0, boolean: 0, scientific: 0, longDecimals: 0, maxIntLength: 0, ...over,
  });
  it('keeps a column of numbers numeric despite a few odd values; codes stay text', () => {
    expect(decideKind(counts({ n: 3000, amount: 2998 }), false, 0.999).kind).toBe('decimal');
    expect(decideKind(counts({ n: 3000, amount: 2998 }), false, 1).kind).toBe('text');
    expect(decideKind(counts({ n: 1000, amount: 990 }), false, 0.999).kind).toBe('text');
    expect(decideKind(counts({ n: 2000, amount: 1000, scientific: 1000 }), false, 0.999).kind).toBe('double');
    expect(decideKind(counts({ n: 3000, integer: 2999, amount: 2999, mobile: 2999, maxIntLength: 11 }), false, 0.999).kind).toBe('text');
    expect(decideKind(counts({ n: 3000, integer: 2999, amount: 2999, maxIntLength: 4 }), false, 0.999).kind).toBe('integer');
  });
});
