import { useEffect, useRef, useState } from 'react';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n-context';
import { chartFileName } from './chart-file-name';
import type { ChartOption } from './chart-options';
import { downloadUrl } from '../files/download';

// Tree-shaken: only the chart types and components the workbench draws are bundled.
echarts.use([BarChart, LineChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

export type { ChartOption };

/**
 * One ECharts instance in a div: follows `option` (replacing it, so removed series go away),
 * resizes with its container, and offers "export PNG" (getDataURL, white background).
 * Charts receive pre-aggregated data only (DESIGN.md §3: grids page, charts aggregate).
 */
export function EChart({
  option,
  title,
  height = 220,
  testId,
  fileName,
  onClick,
}: {
  option: ChartOption;
  /** Shown above the chart, used as the export file name. */
  title: string;
  height?: number;
  /** `testId` on the figure (with data-rendered once drawn) and `${testId}-export` on its PNG button. */
  testId?: string;
  /** The exported image's name (without .png) when the title does not make a good one. */
  fileName?: string;
  onClick?: (params: { name: string; dataIndex: number; seriesIndex: number }) => void;
}) {
  const { t } = useI18n();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = echarts.init(host, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => {
      const p = params as { name?: string; dataIndex?: number; seriesIndex?: number };
      clickRef.current?.({ name: String(p.name ?? ''), dataIndex: p.dataIndex ?? -1, seriesIndex: p.seriesIndex ?? 0 });
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.setOption({ animation: false, ...option } as EChartsCoreOption, { notMerge: true });
    setRendered(true);
  }, [option]);

  const exportPng = () => {
    const chart = chartRef.current;
    if (!chart) return;
    downloadUrl(chartFileName(fileName ?? title), chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
  };

  return (
    <figure className="echart" data-testid={testId} data-rendered={rendered ? 'true' : 'false'}>
      <figcaption className="echart-head">
        <span className="echart-title">{title}</span>
        <button type="button" className="link-button echart-export" onClick={exportPng} title={t('chart.exportPng')} data-testid={testId ? `${testId}-export` : undefined}>
          {t('chart.exportPngShort')}
        </button>
      </figcaption>
      <div className="echart-canvas" ref={hostRef} style={{ height }} role="img" aria-label={title} />
    </figure>
  );
}
