import { describe, expect, it } from 'vitest';
import {
  definitionKey,
  draftFromDefinition,
  draftToDefinition,
  formatShare,
  parseNumber,
  ruleFields,
  topShareThreshold,
} from '../../src/renderer/components/customers/rule-editing';
import { bucketPosition, compactAmount, histogramOption, shortBucketLabel, type Bucket } from '../../src/renderer/charts/chart-options';
import { chartFileName } from '../../src/renderer/charts/chart-file-name';

/** Log-scale AUM buckets like the engine's: a zero bucket, then powers of ten. */
const LOG_BUCKETS: Bucket[] = [
  { label: '0–1', from: 0, to: 1, count: 100 },
  { label: '1–10', from: 1, to: 10, count: 50 },
  { label: '10–100', from: 10, to: 100, count: 50 },
  { label: '100–1K', from: 100, to: 1_000, count: 100 },
  { label: '1K–10K', from: 1_000, to: 10_000, count: 300 },
  { label: '10K–100K', from: 10_000, to: 100_000, count: 300 },
  { label: '100K–1M', from: 100_000, to: 1_000_000, count: 90 },
  { label: '1M–10M', from: 1_000_000, to: 10_000_000, count: 10 },
  { label: 'NULL', from: null, to: null, count: 7 },
];

describe('rule drafts', () => {
  it('round-trips each rule definition through the editable text', () => {
    const cases = [
      { rule: 'invalid', definition: { maxAum: 100, windowMonths: 12 } },
      { rule: 'dormant', definition: { windowMonths: 6 } },
      { rule: 'value_tier', definition: { method: 'thresholds', vipMin: 500_000, potentialMin: 50_000 } },
      { rule: 'value_tier', definition: { method: 'quantiles', vipTopShare: 0.02, potentialTopShare: 0.15 } },
      { rule: 'lifecycle', definition: { newMonths: 3, resurrectedRecentMonths: 3, resurrectedGapMonths: 6, loyalMinTenureMonths: 36, loyalMinActiveMonths: 10 } },
    ] as const;
    for (const c of cases) {
      const draft = draftFromDefinition(c.rule, c.definition);
      const back = draftToDefinition(c.rule, draft);
      expect(back, c.rule).toEqual({ ok: true, value: { rule: c.rule, definition: c.definition } });
    }
  });

  it('shows quantile shares in percent and reads them back as fractions', () => {
    const draft = draftFromDefinition('value_tier', { method: 'quantiles', vipTopShare: 0.02, potentialTopShare: 0.15 });
    expect(draft).toEqual({ method: 'quantiles', values: { vipTopShare: '2', potentialTopShare: '15' } });
    expect(ruleFields('value_tier', 'quantiles').map((f) => f.unit)).toEqual(['percent', 'percent']);
  });

  it('accepts thousands separators and reports each bad field', () => {
    expect(parseNumber('500,000')).toBe(500_000);
    expect(parseNumber('50万')).toBe(500_000);
    expect(parseNumber('1.5亿')).toBe(150_000_000);
    expect(parseNumber(' 1 000 ')).toBe(1000);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(draftToDefinition('invalid', { values: { maxAum: '1,000', windowMonths: '12' } })).toEqual({ ok: true, value: { rule: 'invalid', definition: { maxAum: 1000, windowMonths: 12 } } });
    expect(draftToDefinition('invalid', { values: { maxAum: 'x', windowMonths: '' } })).toEqual({ ok: false, problems: { maxAum: 'notNumber', windowMonths: 'required' } });
    expect(draftToDefinition('dormant', { values: { windowMonths: '6.5' } })).toEqual({ ok: false, problems: { windowMonths: 'notWhole' } });
    expect(draftToDefinition('dormant', { values: { windowMonths: '-1' } })).toEqual({ ok: false, problems: { windowMonths: 'outOfRange' } });
    // The shared schema's bound (1–120 months) applies too.
    expect(draftToDefinition('dormant', { values: { windowMonths: '0' } })).toEqual({ ok: false, problems: { windowMonths: 'outOfRange' } });
    expect(draftToDefinition('dormant', { values: { windowMonths: '500' } })).toEqual({ ok: false, problems: { windowMonths: 'outOfRange' } });
  });

  it('refuses a VIP bar below the potential bar', () => {
    expect(draftToDefinition('value_tier', { method: 'thresholds', values: { vipMin: '10000', potentialMin: '50000' } })).toEqual({ ok: false, problems: { vipMin: 'order' } });
    expect(draftToDefinition('value_tier', { method: 'quantiles', values: { vipTopShare: '20', potentialTopShare: '10' } })).toEqual({ ok: false, problems: { vipTopShare: 'order' } });
    expect(draftToDefinition('value_tier', { method: 'quantiles', values: { vipTopShare: '0', potentialTopShare: '10' } })).toEqual({ ok: false, problems: { vipTopShare: 'outOfRange' } });
  });

  it('keys a definition independently of its key order', () => {
    expect(definitionKey({ rule: 'invalid', definition: { maxAum: 100, windowMonths: 12 } })).toBe(
      definitionKey({ rule: 'invalid', definition: { windowMonths: 12, maxAum: 100 } }),
    );
    expect(definitionKey({ rule: 'dormant', definition: { windowMonths: 6 } })).not.toBe(definitionKey({ rule: 'dormant', definition: { windowMonths: 7 } }));
  });

  it('formats shares', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.0004)).toBe('< 0.1%');
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatShare(1)).toBe('100%');
  });
});

describe('value-tier thresholds on the AUM distribution', () => {
  it('places a threshold inside its bucket, logarithmically on a log scale', () => {
    expect(bucketPosition(LOG_BUCKETS, 10_000, true)).toBe(5);
    expect(bucketPosition(LOG_BUCKETS, 50_000, true)).toBeCloseTo(5 + Math.log10(5), 10);
    expect(bucketPosition(LOG_BUCKETS, 500_000, true)).toBeCloseTo(6 + Math.log10(5), 10);
    expect(bucketPosition(LOG_BUCKETS, 0.5, true)).toBeCloseTo(0.5, 10); // the zero bucket is linear
    expect(bucketPosition(LOG_BUCKETS, 10_000_000, true)).toBe(8); // the top edge of the last numeric bucket
    expect(bucketPosition(LOG_BUCKETS, 1e9, true)).toBeNull();
    expect(bucketPosition([{ label: '0–10', from: 0, to: 10, count: 1 }, { label: '10–20', from: 10, to: 20, count: 1 }], 15, false)).toBe(1.5);
  });

  it('estimates the AUM where a top share begins', () => {
    // 1,000 numeric customers; the richest 10 (1 %) are exactly the 1M–10M bucket.
    expect(topShareThreshold(LOG_BUCKETS, 0.01, true)).toBeCloseTo(1_000_000, 6);
    // The top 10 % = that bucket and all 90 of 100K–1M.
    expect(topShareThreshold(LOG_BUCKETS, 0.1, true)).toBeCloseTo(100_000, 6);
    // Half of the 100K–1M bucket from its top, on a log scale: 10^(6 − 0.5) ≈ 316,228.
    expect(topShareThreshold(LOG_BUCKETS, 0.055, true)).toBeCloseTo(10 ** 5.5, 3);
    expect(topShareThreshold([], 0.1, true)).toBeNull();
    expect(topShareThreshold(LOG_BUCKETS, 0, true)).toBeNull();
  });

  it('draws thresholds as markLines on a value axis of bucket positions', () => {
    const option = histogramOption({
      buckets: LOG_BUCKETS,
      logScale: true,
      thresholds: [
        { value: 50_000, label: 'potential' },
        { value: 500_000, label: 'vip' },
        { value: 1e12, label: 'off the chart' },
      ],
      countLabel: 'Customers',
      formatCount: String,
    }) as { series: Array<{ data: number[][]; markLine?: { data: Array<{ name: string; xAxis: number }> } }>; xAxis: { max: number } };
    expect(option.xAxis.max).toBe(LOG_BUCKETS.length);
    expect(option.series[0]!.data[0]).toEqual([0.5, 100]);
    const marks = option.series[0]!.markLine!.data;
    expect(marks.map((m) => m.name)).toEqual(['potential', 'vip']);
    expect(marks[1]!.xAxis).toBeCloseTo(6.69897, 4);
  });

  it('shortens labels and amounts for axes, and names exported files safely', () => {
    expect(shortBucketLabel({ label: '1万–10万', from: 1e4, to: 1e5, count: 0 })).toBe('1万');
    expect(shortBucketLabel({ label: 'NULL', from: null, to: null, count: 0 })).toBe('NULL');
    expect(compactAmount(123_456_789, 'zh')).toBe('1.2亿');
    expect(compactAmount(350_000, 'zh')).toBe('35万');
    expect(compactAmount(350_000, 'en')).toBe('350K');
    expect(compactAmount(950, 'en')).toBe('950');
    expect(chartFileName('AUM (log scale)')).toBe('AUM-log-scale.png');
    expect(chartFileName('价值分层')).toBe('价值分层.png');
    expect(chartFileName('../..')).toBe('chart.png');
  });
});
