/**
 * SVG and CSV exports beside EChart's PNG: the SVG is drawn by a second, server-side-rendering
 * ECharts instance with the SVG renderer (the on-screen one is canvas), the CSV is the chart's own
 * data. Also registers the chart types only the churn page draws (heatmap).
 */
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { toCsv } from '../files/csv-text';
import { downloadBlob } from '../files/download';
import { chartFileName } from './chart-file-name';
import type { ChartOption } from './chart-options';

echarts.use([HeatmapChart, VisualMapComponent, SVGRenderer]);

const baseName = (title: string) => chartFileName(title).replace(/\.png$/, '');

export function exportChartSvg(title: string, option: ChartOption, width = 960, height = 480): void {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option } as EChartsCoreOption);
    downloadBlob(`${baseName(title)}.svg`, new Blob([chart.renderToSVGString()], { type: 'image/svg+xml' }));
  } finally {
    chart.dispose();
  }
}

/** UTF-8 with a BOM, so Excel opens Chinese headers correctly. */
export function exportCsv(title: string, headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): void {
  downloadBlob(`${baseName(title)}.csv`, new Blob(['\ufeff', toCsv(headers, rows)], { type: 'text/csv;charset=utf-8' }));
}
