import type { EChartsCoreOption } from 'echarts/core';
import type { ChartOption } from './chart-options';
import { echarts } from './echarts-setup';
import { exportOption } from './export-option';

/**
 * A chart as an SVG document with its title and legend drawn in (export-option.ts), by ECharts'
 * server-side rendering: no DOM needed, so the SVG export and its test share this code.
 */
export function chartSvgString(title: string, option: ChartOption, width = 960, height = 480): string {
  const prepared = exportOption(title, option, height, width);
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height: prepared.height });
  try {
    chart.setOption(prepared.option as EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
