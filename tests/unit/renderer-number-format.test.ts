import { describe, expect, it } from 'vitest';
import { amountBuckets } from '../../src/renderer/charts/chart-options';
import { shortBinLabel } from '../../src/renderer/charts/histogram-option';
import { axisAmountLabel, compactAmount, formatCount, formatMoney, formatPercent, formatUnderstood } from '../../src/renderer/format/number-format';

describe('banking number formats', () => {
  it('writes large amounts in 万 and 亿 (K / M / B in English)', () => {
    expect(compactAmount(500_000, 'zh')).toBe('50万');
    expect(compactAmount(150_000_000, 'zh')).toBe('1.5亿');
    expect(compactAmount(12_345, 'zh')).toBe('1.2万');
    expect(compactAmount(950, 'zh')).toBe('950');
    expect(compactAmount(-2_500_000, 'zh')).toBe('-250万');
    expect(compactAmount(500_000, 'en')).toBe('500K');
    expect(compactAmount(150_000_000, 'en')).toBe('150M');
    expect(compactAmount(2_000_000_000, 'en')).toBe('2B');
  });

  it('labels axis ticks short from 10,000 up and with separators below', () => {
    expect(axisAmountLabel(2_000_000, 'zh')).toBe('200万');
    expect(axisAmountLabel(300_000_000, 'zh')).toBe('3亿');
    expect(axisAmountLabel(5_000, 'zh')).toBe('5,000');
    expect(axisAmountLabel(2_000_000, 'en')).toBe('2M');
    expect(axisAmountLabel(0, 'en')).toBe('0');
    expect(axisAmountLabel(Number.NaN, 'en')).toBe('');
  });

  it('writes money with two decimals and percentages with one and no space', () => {
    expect(formatMoney(1_234_567.5)).toBe('1,234,567.50');
    expect(formatMoney(0, 'zh-CN')).toBe('0.00');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.5, 'zh-CN')).toBe('50.0%');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatCount(5_000_000, 'zh-CN')).toBe('5,000,000');
  });

  it('echoes what an amount input understood with every decimal', () => {
    expect(formatUnderstood(500_000)).toBe('500,000');
    expect(formatUnderstood(1_234.56)).toBe('1,234.56');
    expect(formatUnderstood(150_000_000, 'zh-CN')).toBe('150,000,000');
  });

  it('labels import-profile bins in 万 / 亿 for Chinese readers', () => {
    expect(shortBinLabel('1234567.8', 'zh')).toBe('123万');
    expect(shortBinLabel('250000000', 'zh')).toBe('2.5亿');
    expect(shortBinLabel('1234567.8')).toBe('1.23M');
  });

  it('relabels amount buckets (the AUM chart) in 万 / 亿 and keeps counts and edges', () => {
    const buckets = [
      { label: '< 1', from: null, to: 1, count: 3 },
      { label: '10,000–100,000', from: 10_000, to: 100_000, count: 7 },
      { label: '10,000,000–100,000,000', from: 1e7, to: 1e8, count: 1 },
      { label: 'unknown', from: null, to: null, count: 2 },
    ];
    expect(amountBuckets(buckets, 'zh').map((b) => b.label)).toEqual(['< 1', '1万–10万', '1000万–1亿', 'unknown']);
    expect(amountBuckets(buckets, 'en').map((b) => b.label)).toEqual(['< 1', '10K–100K', '10M–100M', 'unknown']);
    expect(amountBuckets(buckets, 'zh').map((b) => b.count)).toEqual([3, 7, 1, 2]);
  });
});
