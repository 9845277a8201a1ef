import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n/i18n-context';
import { exportChartPng } from './chart-export';
import type { ChartOption } from './chart-options';
import { echarts } from './echarts-setup';

export type { ChartOption };

/**
 * One ECharts instance in a div: follows `option` (replacing it, so removed series go away),
 * resizes with its container, and offers "export PNG": drawn again off screen with the title and
 * the full legend in the image (chart-export.ts), since on screen the title is the caption.
 * Charts receive pre-aggregated data only (DESIGN.md §3: grids page, charts aggregate).
 */
export function EChart({
  option,
  title,
  height = 220,
  testId,
  fileName,
  onClick,
  renderer = 'canvas',
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
  /** svg: text is in the DOM (small charts whose labels e2e tests read); canvas otherwise. */
  renderer?: 'canvas' | 'svg';
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
    const chart = echarts.init(host, undefined, { renderer });
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
    const host = hostRef.current;
    if (!host) return;
    exportChartPng(fileName ?? title, title, option, host.clientWidth || 960, host.clientHeight || height);
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
