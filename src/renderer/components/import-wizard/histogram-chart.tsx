import { useEffect, useRef, useState } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ProfileResult } from '../../../shared/import-types';
import { useI18n } from '../../i18n/i18n-context';
import { downloadUrl } from '../../files/download';
import { chartFileName, histogramOption } from './histogram-option';

// Only the parts the histograms use: keeps the bundle small (ECharts tree-shakes per component).
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const WIDTH = 280;
const HEIGHT = 120;

/** One column's histogram (pre-aggregated bins from import.profile), exportable as a PNG. */
export function HistogramChart({ table, column }: { table: string; column: ProfileResult['columns'][number] }) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    if (!host.current) return;
    const instance = echarts.init(host.current, undefined, { renderer: 'canvas', width: WIDTH, height: HEIGHT });
    instance.setOption(histogramOption(column));
    chart.current = instance;
    setRendered(true);
    return () => {
      instance.dispose();
      chart.current = null;
    };
  }, [column]);

  const exportPng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) downloadUrl(chartFileName(table, column.name), url);
  };

  return (
    <div className="import-histogram">
      <div
        ref={host}
        className="import-histogram-canvas"
        role="img"
        aria-label={t('import.profile.chartLabel', { column: column.name })}
        data-testid={`import-profile-chart-${column.name}`}
        data-rendered={rendered}
      />
      <button type="button" className="link-button import-png" data-testid={`import-profile-png-${column.name}`} title={t('import.profile.pngTitle', { column: column.name })} onClick={exportPng}>
        {t('import.profile.png')}
      </button>
    </div>
  );
}
