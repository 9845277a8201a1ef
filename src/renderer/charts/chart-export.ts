/**
 * Chart exports: PNG and SVG images drawn by a second ECharts instance from the export option
 * (export-option.ts: the title and the full legend drawn into the image, whatever the on-screen
 * chart shows), and the chart's own data as CSV.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { toCsv } from '../files/csv-text';
import { downloadBlob, downloadUrl } from '../files/download';
import { chartFileName } from './chart-file-name';
import type { ChartOption } from './chart-options';
import { echarts } from './echarts-setup';
import { chartSvgString } from './chart-svg';
import { exportOption } from './export-option';

const baseName = (title: string) => chartFileName(title).replace(/\.png$/, '');

export function exportChartSvg(title: string, option: ChartOption, width = 960, height = 480): void {
  downloadBlob(`${baseName(title)}.svg`, new Blob([chartSvgString(title, option, width, height)], { type: 'image/svg+xml' }));
}

/**
 * The chart as a PNG (twice the pixels, white background) drawn off screen at the on-screen size
 * plus the title and legend bands, so what is saved says what it shows.
 */
export function chartPngDataUrl(title: string, option: ChartOption, width: number, height: number): string {
  const prepared = exportOption(title, option, height, width);
  const host = document.createElement('div');
  const chart = echarts.init(host, undefined, { renderer: 'canvas', width, height: prepared.height });
  try {
    chart.setOption(prepared.option as EChartsCoreOption);
    return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  } finally {
    chart.dispose();
  }
}

export function exportChartPng(fileTitle: string, title: string, option: ChartOption, width: number, height: number): void {
  downloadUrl(chartFileName(fileTitle), chartPngDataUrl(title, option, width, height));
}

/** UTF-8 with a BOM, so Excel opens Chinese headers correctly. */
export function exportCsv(title: string, headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): void {
  downloadBlob(`${baseName(title)}.csv`, new Blob(['\ufeff', toCsv(headers, rows)], { type: 'text/csv;charset=utf-8' }));
}
