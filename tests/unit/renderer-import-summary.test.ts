import { describe, expect, it } from 'vitest';
import { chartFileName } from '../../src/renderer/charts/chart-file-name';
import { hasHistogram, histogramFileName, histogramOption, shortBinLabel } from '../../src/renderer/charts/histogram-option';
import { estimateProgress, formatBytes, formatDuration } from '../../src/renderer/components/import-wizard/progress-estimate';
import { csvField, importTime, rejectsFileName, rejectsToCsv } from '../../src/renderer/components/data-quality/rejects-csv';

describe('import wizard: progress', () => {
  it('turns the engine fraction into bytes, speed and time left', () => {
    const e = estimateProgress({ elapsedMs: 10_000, fraction: 0.25, rows: 500_000 }, 1_000_000_000);
    expect(e.bytesDone).toBe(250_000_000);
    expect(e.bytesPerSecond).toBe(25_000_000);
    expect(e.rowsPerSecond).toBe(50_000);
    expect(e.remainingMs).toBe(30_000);
  });

  it('says nothing about speed before there is enough to measure', () => {
    expect(estimateProgress({ elapsedMs: 100, fraction: 0.5, rows: null }, 100)).toMatchObject({ bytesPerSecond: null, remainingMs: null, rows: null });
    expect(estimateProgress({ elapsedMs: 5000, fraction: null, rows: null }, 100)).toMatchObject({ fraction: null, bytesDone: null, remainingMs: null });
    expect(estimateProgress({ elapsedMs: 5000, fraction: 1, rows: null }, 100).remainingMs).toBe(0);
    expect(estimateProgress({ elapsedMs: 5000, fraction: 1.2, rows: null }, 100).fraction).toBe(1);
  });

  it('formats bytes and durations', () => {
    expect([formatBytes(0), formatBytes(950), formatBytes(1536), formatBytes(250 * 1024 ** 2), formatBytes(3.02 * 1024 ** 3)]).toEqual(['0 B', '950 B', '1.50 KB', '250 MB', '3.02 GB']);
    expect([formatDuration(8_000), formatDuration(125_000), formatDuration(3_780_000)]).toEqual(['8 s', '2 min 05 s', '1 h 03 min']);
  });
});

describe('import wizard: rejected rows as CSV', () => {
  it('writes a BOM, a header, CRLF lines and quotes what needs it', () => {
    const csv = rejectsToCsv([
      { file: '/d/broken.csv', line: 6, column: '交易日期', code: 'cannotConvert', params: { value: '2024-02-30', expected: 'date' }, reason: 'not a date: "2024-02-30"', raw: 'B05,6222000000000001,2024-02-30,50.00' },
      { file: '/d/broken.csv', line: null, column: null, code: 'other', params: {}, reason: '=HYPERLINK("x")', raw: null },
    ]);
    expect(csv.startsWith('\uFEFFfile,line,column,reason,raw\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('/d/broken.csv,6,交易日期,"not a date: ""2024-02-30""","B05,6222000000000001,2024-02-30,50.00"');
    // A reason that Excel would run as a formula is neutralised.
    expect(lines[2]).toBe(`/d/broken.csv,,,"'=HYPERLINK(""x"")",`);
    expect(lines[3]).toBe('');
  });

  it('leaves negative amounts alone and neutralises formula-like text', () => {
    expect(rejectsToCsv([{ file: 'f', line: 1, column: null, code: 'other', params: {}, reason: 'r', raw: '-1234.50' }]).split('\r\n')[1]).toBe('f,1,,r,-1234.50');
    expect(rejectsToCsv([{ file: 'f', line: 1, column: null, code: 'other', params: {}, reason: 'r', raw: '-cmd' }]).split('\r\n')[1]).toBe("f,1,,r,'-cmd");
    expect(csvField(' padded')).toBe('" padded"');
    expect(rejectsFileName('transactions', new Date(2024, 1, 1, 9, 5))).toBe('import-rejects-transactions-20240201-0905.csv');
    // The history names a download after the import's own time.
    expect(rejectsFileName('transactions', importTime('2024-07-01 09:30:12')!)).toBe('import-rejects-transactions-20240701-0930.csv');
    expect(importTime('yesterday')).toBeNull();
  });
});

describe('import wizard: histograms', () => {
  const column = {
    name: 'balance',
    histogram: [
      { from: '0', to: '50000', count: 7 },
      { from: '50000', to: '1250000.5', count: 0 },
      { from: '1250000.5', to: '2000000', count: 2 },
    ],
  };
  it('draws one bar per bin with short labels and exact ranges in the tooltip', () => {
    const option = histogramOption(column);
    expect(option.xAxis.data).toEqual(['0', '50K', '1.25M']);
    expect(option.series[0]!.data).toEqual([
      { value: 7, name: '0 – 50000' },
      { value: 0, name: '50000 – 1250000.5' },
      { value: 2, name: '1250000.5 – 2000000' },
    ]);
    expect(option.animation).toBe(false);
  });

  it('labels dates and knows when there is nothing to draw', () => {
    expect(shortBinLabel('2024-01-31 00:00:00')).toBe('2024-01-31');
    expect(shortBinLabel('-2500000000')).toBe('-2.5B');
    expect(hasHistogram({ histogram: [] })).toBe(false);
    expect(hasHistogram({ histogram: [{ from: 'a', to: 'b', count: 0 }] })).toBe(false);
    expect(hasHistogram(column)).toBe(true);
    expect(chartFileName(histogramFileName('customers', 'birth_date'))).toBe('profile-customers-birth_date.png');
    expect(chartFileName(histogramFileName('客户', 'birth date/x'))).toBe('profile-客户-birth-date-x.png');
  });
});
