import { useMemo, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { toAppError } from '../../../shared/errors';
import type { LifecycleCategory, LifecycleParams } from '../../../shared/survival-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { lifecycleOption } from './churn-chart-options';
import { ChartWithExports } from './chart-with-exports';

const CATEGORIES: LifecycleCategory[] = ['new', 'returning', 'resurrecting', 'dormant'];

/** Lifecycle bars per month (dormant below the axis); a click on a bar offers its customers as a segment. */
export function LifecyclePanel({ client, segmentId }: { client: EngineClient; segmentId: string | null }) {
  const { t } = useI18n();
  const params: LifecycleParams = { periods: 24, population: segmentId ? { segmentId } : {} };
  const query = useEngineQuery(client, 'lifecycle.run', params);
  const [picked, setPicked] = useState<{ period: string; category: LifecycleCategory } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const names = useMemo(() => Object.fromEntries(CATEGORIES.map((c) => [c, t(`churn.lifecycle.${c}`)])) as Record<LifecycleCategory, string>, [t]);
  const result = query.data;
  const option = useMemo(() => (result ? lifecycleOption(result, names) : null), [result, names]);
  const save = () => {
    if (!picked) return;
    const name = `${names[picked.category]} ${picked.period.slice(0, 7)}`;
    client.call('lifecycle.segment', { ...params, periodStart: picked.period, category: picked.category, name }).then(
      (segment) => setMessage(t('churn.savedSegment', { name: segment.name, count: segment.static?.members ?? 0 })),
      (reason: unknown) => setMessage(formatAppError(t, toAppError(reason))),
    );
  };
  return (
    <section className="churn-card" data-testid="lifecycle-panel">
      <h3>{t('churn.lifecycle.title')}</h3>
      {query.error && <div className="banner-error" role="alert">{formatAppError(t, query.error)}</div>}
      {result && option && (
        <ChartWithExports
          title={t('churn.lifecycle.title')}
          option={option}
          height={300}
          testId="lifecycle-chart"
          note={t('churn.lifecycle.note')}
          onClick={({ dataIndex, seriesIndex }) => {
            const row = result.rows[dataIndex];
            const category = CATEGORIES[seriesIndex];
            if (row && category) setPicked({ period: row.period, category });
          }}
          data={{ headers: ['period', ...CATEGORIES], rows: result.rows.map((r) => [r.period, r.new, r.returning, r.resurrecting, r.dormant]) }}
        />
      )}
      {picked && (
        <div className="churn-row">
          <span>{t('churn.lifecycle.picked', { category: names[picked.category], period: picked.period.slice(0, 7) })}</span>
          <button type="button" className="button" onClick={save} data-testid="lifecycle-save-segment">{t('churn.saveAsSegment')}</button>
        </div>
      )}
      {message && <p className="churn-muted" data-testid="lifecycle-saved">{message}</p>}
    </section>
  );
}
