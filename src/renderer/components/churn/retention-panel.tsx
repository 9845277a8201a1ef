import { useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import type { Activity, Period, RetentionParams } from '../../../shared/survival-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { retentionCurvesOption, retentionOption } from './churn-chart-options';
import { ChartWithExports } from './chart-with-exports';

type Cohort = NonNullable<RetentionParams['cohort']>;
type Mode = NonNullable<RetentionParams['mode']>;
const COHORTS: Cohort[] = ['onboarding', 'first_payroll', 'first_purchase'];
const EVENTS: Array<Activity['kind']> = ['transaction', 'payroll', 'holding', 'event'];

/** The cohort × period retention heatmap: cohort, return event, "on" or "on or after", weekly or monthly. */
export function RetentionPanel({ client, segmentId }: { client: EngineClient; segmentId: string | null }) {
  const { t } = useI18n();
  const [cohort, setCohort] = useState<Cohort>('onboarding');
  const [event, setEvent] = useState<Activity['kind']>('transaction');
  const [mode, setMode] = useState<Mode>('on');
  const [period, setPeriod] = useState<Period>('month');
  const params: RetentionParams = { cohort, returnEvent: { kind: event } as Activity, mode, period, cohorts: 12, periods: 12, population: segmentId ? { segmentId } : {} };
  const query = useEngineQuery(client, 'retention.run', params);
  const result = query.data;
  const option = useMemo(() => (result ? retentionOption(result, { period: t(period === 'month' ? 'churn.retention.monthK' : 'churn.retention.weekK'), cohort: t('churn.retention.cohort') }) : null), [result, t, period]);
  const curves = useMemo(() => (result ? retentionCurvesOption(result, { period: t(period === 'month' ? 'churn.retention.monthK' : 'churn.retention.weekK') }) : null), [result, t, period]);
  const select = <T extends string>(value: T, values: readonly T[], set: (v: T) => void, prefix: string, testId: string) => (
    <select value={value} onChange={(e) => set(e.target.value as T)} data-testid={testId}>
      {values.map((v) => (
        <option key={v} value={v}>{t(`${prefix}.${v}` as never)}</option>
      ))}
    </select>
  );
  return (
    <section className="churn-card" data-testid="retention-panel" data-pending={query.pending ? 'true' : 'false'}>
      <h3>{t('churn.retention.title')}</h3>
      <div className="churn-row">
        <label className="churn-field"><span>{t('churn.retention.cohortBy')}</span>{select(cohort, COHORTS, setCohort, 'churn.retention.cohortKind', 'retention-cohort')}</label>
        <label className="churn-field"><span>{t('churn.retention.returnEvent')}</span>{select(event, EVENTS, setEvent, 'churn.activity', 'retention-event')}</label>
        <label className="churn-field"><span>{t('churn.retention.mode')}</span>{select(mode, ['on', 'on_or_after'] as const, setMode, 'churn.retention.modeKind', 'retention-mode')}</label>
        <label className="churn-field"><span>{t('churn.retention.period')}</span>{select(period, ['month', 'week'] as const, setPeriod, 'churn.period', 'retention-period')}</label>
      </div>
      {query.error && <div className="banner-error" role="alert">{formatAppError(t, query.error)}</div>}
      {result && option && (
        <ChartWithExports
          title={t('churn.retention.title')}
          option={option}
          height={360}
          testId="retention-chart"
          data={{
            headers: ['cohort', 'size', ...(result.rows[0]?.retained ?? []).map((_, k) => `k${k}`)],
            rows: result.rows.map((r) => [r.cohort, r.size, ...r.rates]),
          }}
        />
      )}
      {result && curves && (
        <ChartWithExports
          title={t('churn.retention.curves')}
          option={curves}
          height={260}
          testId="retention-curves"
          data={{
            headers: ['cohort', 'size', ...(result.rows[0]?.retained ?? []).map((_, k) => `k${k}`)],
            rows: result.rows.map((r) => [r.cohort, r.size, ...r.rates]),
          }}
        />
      )}
    </section>
  );
}
