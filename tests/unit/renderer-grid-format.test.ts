import { describe, expect, it } from 'vitest';
import { fitText, formatCell, isNumericType } from '../../src/renderer/components/canvas-grid/cell-format';
import { layoutColumns, totalWidth, visibleColumns } from '../../src/renderer/components/canvas-grid/column-layout';
import { applyColumnFilter, nextSort } from '../../src/renderer/components/canvas-grid/grid-query';
import { formatCount, formatElapsed } from '../../src/renderer/format/number-format';

describe('cell formatting', () => {
  it('keeps BIGINT and DECIMAL exact and shows NULL', () => {
    expect(formatCell(9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(formatCell('12345678901234567.89')).toBe('12345678901234567.89');
    expect(formatCell(null)).toBe('NULL');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatCell(true)).toBe('true');
    expect(formatCell('2024-01-31 09:15:00.123456')).toBe('2024-01-31 09:15:00.123456');
    expect(formatCell('两行\n文本')).toBe('两行 文本');
  });

  it('right-aligns numeric DuckDB types only', () => {
    for (const type of ['BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,2)', 'HUGEINT', 'UBIGINT', 'FLOAT']) expect(isNumericType(type), type).toBe(true);
    for (const type of ['VARCHAR', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'INTERVAL', 'BIGINT[]'.replace('BIGINT', 'X')]) expect(isNumericType(type), type).toBe(false);
  });

  it('fits text with an ellipsis', () => {
    const measure = (text: string) => text.length * 10;
    expect(fitText('hello', 50, measure)).toBe('hello');
    expect(fitText('hello world', 50, measure)).toBe('hell…');
    expect(fitText('hello', 5, measure)).toBe('');
  });

  it('formats counts with thousands separators in both languages', () => {
    expect(formatCount(5_000_000)).toBe('5,000,000');
    expect(formatCount(5_000_000, 'zh-CN')).toBe('5,000,000');
    expect(formatCount(12n)).toBe('12');
    expect(formatElapsed(1234)).toBe('1.2 s');
    expect(formatElapsed(125_000)).toBe('2:05');
  });
});

describe('columns and queries', () => {
  it('lays out columns side by side and finds the visible ones', () => {
    const layout = layoutColumns([
      { name: 'customer_id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'aum', type: 'DECIMAL(18,2)' },
    ]);
    expect(layout[0]!.x).toBe(0);
    expect(layout[1]!.x).toBe(layout[0]!.width);
    expect(layout[2]!.numeric).toBe(true);
    expect(totalWidth(layout)).toBe(layout[2]!.x + layout[2]!.width);
    expect(visibleColumns(layout, 0, 10)).toEqual([0, 1]);
    expect(visibleColumns(layout, layout[1]!.x, totalWidth(layout))).toEqual([1, 3]);
  });

  it('cycles sort none → asc → desc → none', () => {
    const asc = nextSort(null, 'aum');
    expect(asc).toEqual({ column: 'aum', descending: false });
    const desc = nextSort(asc, 'aum');
    expect(desc).toEqual({ column: 'aum', descending: true });
    expect(nextSort(desc, 'aum')).toBeNull();
    expect(nextSort(desc, 'name')).toEqual({ column: 'name', descending: false });
  });

  it('applies one column filter at a time', () => {
    let filters = applyColumnFilter([], 'city', 'contains', '上海');
    expect(filters).toEqual([{ column: 'city', op: 'contains', value: '上海' }]);
    filters = applyColumnFilter(filters, 'aum', '>', '100');
    filters = applyColumnFilter(filters, 'city', '=', '北京');
    expect(filters).toEqual([
      { column: 'aum', op: '>', value: '100' },
      { column: 'city', op: '=', value: '北京' },
    ]);
    expect(applyColumnFilter(filters, 'aum', '>', '  ')).toEqual([{ column: 'city', op: '=', value: '北京' }]);
    expect(applyColumnFilter([], 'phone', 'is_null', 'ignored')).toEqual([{ column: 'phone', op: 'is_null', value: null }]);
  });
});
