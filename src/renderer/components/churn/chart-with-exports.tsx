import type { ReactNode } from 'react';
import { exportChartSvg, exportCsv } from '../../charts/chart-export';
import { EChart, type ChartOption } from '../../charts/echart';
import { useI18n } from '../../i18n/i18n-context';

export interface ChartData {
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

/** An EChart (with its PNG export) plus SVG and CSV exports of the same chart and its data. */
export function ChartWithExports({ title, option, data, height, testId, note, onClick }: {
  title: string;
  option: ChartOption;
  data: ChartData;
  height?: number;
  testId: string;
  note?: ReactNode;
  onClick?: (params: { name: string; dataIndex: number; seriesIndex: number }) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="churn-chart">
      <EChart title={title} option={option} height={height} testId={testId} {...(onClick ? { onClick } : {})} />
      <div className="churn-chart-tools">
        {note && <span className="churn-chart-note">{note}</span>}
        <button type="button" className="link-button" onClick={() => exportChartSvg(title, option)} data-testid={`${testId}-svg`}>
          {t('churn.export.svg')}
        </button>
        <button type="button" className="link-button" onClick={() => exportCsv(title, data.headers, data.rows)} data-testid={`${testId}-csv`}>
          {t('churn.export.csv')}
        </button>
      </div>
    </div>
  );
}
