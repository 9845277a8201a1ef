import { describe, expect, it } from 'vitest';
import { histogramOption, type ChartOption } from '../../src/renderer/charts/chart-options';
import { escapeHtml, tooltipHtml } from '../../src/renderer/charts/escape-html';
import { profileCompareOption, upsetOption } from '../../src/renderer/components/segments/segment-charts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const fmt = (n: number) => String(n);

/** Every function formatter of a tooltip in the option (the option's own and its series'), called with params. */
function tooltipTexts(option: ChartOption, params: unknown): string[] {
  const formatters: unknown[] = [(option.tooltip as { formatter?: unknown } | undefined)?.formatter];
  for (const series of (option.series as Array<{ tooltip?: { formatter?: unknown } }> | undefined) ?? []) formatters.push(series.tooltip?.formatter);
  return formatters.filter((f): f is (p: unknown) => string => typeof f === 'function').map((f) => f(params));
}

function expectInert(html: string): void {
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<(?!br\/>)/);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
}

describe('chart tooltips escape the data labels they put into HTML', () => {
  it('escapes every HTML-special character, and nothing else', () => {
    expect(escapeHtml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;');
    expect(escapeHtml('客户 100%')).toBe('客户 100%');
    expect(tooltipHtml(HOSTILE, 'n: 3')).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>n: 3');
  });

  it('histogram: a hostile bucket label and axis label', () => {
    const option = histogramOption({ buckets: [{ label: HOSTILE, from: 0, to: 1, count: 3 }], logScale: false, countLabel: HOSTILE, formatCount: fmt });
    const texts = tooltipTexts(option, { dataIndex: 0 });
    expect(texts).toHaveLength(1);
    for (const text of texts) expectInert(text);
  });

  it('segment comparison: a hostile category and segment name', () => {
    const option = profileCompareOption({
      attribute: { field: 'city', buckets: [{ label: HOSTILE, segmentShare: 0.5, baseShare: 0.25 }] },
      segmentLabel: HOSTILE,
      baseLabel: 'Base',
      liftLabel: 'Lift',
    });
    const texts = tooltipTexts(option, [{ dataIndex: 0 }]);
    expect(texts).toHaveLength(1);
    for (const text of texts) expectInert(text);
  });

  it('UpSet overlap: hostile segment names', () => {
    const option = upsetOption({
      sets: [
        { key: 'a', name: HOSTILE, size: 3 },
        { key: 'b', name: 'B', size: 2 },
      ],
      intersections: [{ sets: ['a', 'b'], count: 2 }],
      countLabel: 'customers',
      formatCount: fmt,
    });
    const texts = tooltipTexts(option, { dataIndex: 0 });
    expect(texts).toHaveLength(1);
    for (const text of texts) expectInert(text);
  });
});
