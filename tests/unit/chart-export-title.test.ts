import { describe, expect, it } from 'vitest';
import { chartSvgString } from '../../src/renderer/charts/chart-svg';
import { categoryBarOption, histogramOption } from '../../src/renderer/charts/chart-options';
import { exportOption, EXPORT_LEGEND_HEIGHT, EXPORT_TITLE_HEIGHT, legendRows } from '../../src/renderer/charts/export-option';
import { waterfallOption } from '../../src/renderer/components/segments/segment-charts';

/**
 * Exported charts keep their title and legend: the export option draws them into the image, and
 * the SVG ECharts renders from it (server-side, the same option the PNG export draws) holds the
 * title text and every legend entry.
 */
const fmt = (n: number) => n.toLocaleString('en-US');

describe('chart export keeps title and legend', () => {
  it('adds the title, shows the legend in full and moves the plot down to make room', () => {
    const onScreen = { legend: { top: 0, type: 'scroll' }, grid: { left: 10, top: 28, bottom: 20 }, series: [{ type: 'line', name: 'A', data: [1] }] };
    const { option, height } = exportOption('客群重叠', onScreen, 200);
    expect(option.title).toMatchObject({ text: '客群重叠' });
    expect(option.legend).toEqual([expect.objectContaining({ show: true, type: 'plain', top: EXPORT_TITLE_HEIGHT })]);
    expect(option.grid).toMatchObject({ top: 28 + EXPORT_TITLE_HEIGHT, bottom: 20 });
    expect(height).toBe(200 + EXPORT_TITLE_HEIGHT);
    // Percentages are of the on-screen height.
    const split = exportOption('x', { grid: [{ top: 30, height: '40%' }, { top: '60%', bottom: 10 }] }, 300);
    expect(split.option.grid).toEqual([
      { top: 30 + EXPORT_TITLE_HEIGHT, height: 120 },
      { top: 180 + EXPORT_TITLE_HEIGHT, bottom: 10 },
    ]);
  });

  it('makes room for a full legend that wraps onto more rows, and leaves a bottom legend at the bottom', () => {
    const names = Array.from({ length: 12 }, (_, i) => `客群分组 ${i + 1}`);
    const rows = legendRows(names, 600);
    expect(rows).toBeGreaterThan(1);
    const { option, height } = exportOption('t', { legend: { top: 0, type: 'scroll', data: names }, grid: { top: 40 } }, 300, 600);
    expect(height).toBe(300 + EXPORT_TITLE_HEIGHT + (rows - 1) * EXPORT_LEGEND_HEIGHT);
    expect(option.grid).toMatchObject({ top: 40 + EXPORT_TITLE_HEIGHT + (rows - 1) * EXPORT_LEGEND_HEIGHT });
    const bottom = exportOption('t', { legend: { bottom: 0 }, grid: { top: 20 }, series: [{ type: 'bar', name: 'a', data: [1] }] }, 200);
    expect(bottom.option.legend).toEqual([{ bottom: 0, show: true, type: 'plain' }]);
    expect(bottom.height).toBe(200 + EXPORT_TITLE_HEIGHT);
  });

  it('gives a chart with named series but no legend one in the image', () => {
    const { option, height } = exportOption('t', { series: [{ type: 'bar', name: 'remain', data: [1] }] }, 100);
    expect(option.legend).toEqual([expect.objectContaining({ show: true })]);
    expect(height).toBeGreaterThan(100 + EXPORT_TITLE_HEIGHT);
  });

  it('renders the title and legend entries into the exported image', () => {
    const waterfall = waterfallOption({
      steps: [{ label: 'Base', remaining: 3000 }, { label: '1. age ≥ 30', remaining: 2400 }],
      remainLabel: 'remain',
      removedLabel: 'removed by the condition',
      formatCount: fmt,
    });
    const svg = chartSvgString('Customers remaining after each condition', waterfall, 800, 320);
    expect(svg).toContain('Customers remaining after each condition');
    expect(svg).toContain('remain');
    expect(svg).toContain('removed by the condition');
    expect(svg).toContain('2,400');

    const histogram = histogramOption({ buckets: [{ label: '0', from: 0, to: 1, count: 5 }], logScale: false, countLabel: 'Customers', formatCount: fmt, valueLabel: 'years' });
    expect(chartSvgString('客户关系时长（年）', histogram, 400, 220)).toContain('客户关系时长（年）');
    const tiers = categoryBarOption({ categories: [{ label: 'VIP', count: 3 }], countLabel: 'Customers', formatCount: fmt });
    expect(chartSvgString('Value tiers', tiers, 400, 220)).toContain('Value tiers');
  });
});
