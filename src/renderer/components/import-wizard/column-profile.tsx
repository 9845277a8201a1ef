import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { ProfileResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { HistogramChart } from './histogram-chart';
import { hasHistogram } from './histogram-option';

type State = { status: 'loading' } | { status: 'ready'; profile: ProfileResult } | { status: 'error'; error: AppError };

/** The loaded table's columns: empties, distinct values, range, most frequent values, histogram. */
export function ColumnProfile({ client, table }: { client: EngineClient; table: string }) {
  const { t, intlLocale } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    const controller = new AbortController();
    setState({ status: 'loading' });
    client.call('import.profile', { table }, { signal: controller.signal }).then(
      (profile) => current && setState({ status: 'ready', profile }),
      (reason: unknown) => current && !isCancellation(reason) && setState({ status: 'error', error: toAppError(reason) }),
    );
    return () => {
      current = false;
      controller.abort();
    };
  }, [client, table]);

  const count = (n: number) => formatCount(n, intlLocale);
  return (
    <section className="import-profile" data-testid="import-profile" data-state={state.status}>
      <h4>
        {t('import.profile', { table })}
        {state.status === 'ready' && <span className="muted"> · {t('import.profile.rows', { rows: count(state.profile.rows) })}</span>}
      </h4>
      {state.status === 'loading' && <p className="muted">{t('import.profile.loading')}</p>}
      {state.status === 'error' && (
        <p className="error-text" role="alert">
          {formatAppError(t, state.error)}
        </p>
      )}
      {state.status === 'ready' && (
        <div className="import-profile-grid">
          {state.profile.columns.map((column) => {
            const empty = column.rows > 0 && column.nulls === column.rows;
            if (empty) {
              // A canonical column the file did not fill: one line, not a card of dashes.
              return (
                <article key={column.name} className="import-profile-card empty" data-testid={`import-profile-col-${column.name}`}>
                  <strong>{column.name}</strong> <span className="muted">{column.type} · {t('import.profile.allEmpty')}</span>
                </article>
              );
            }
            return (
            <article key={column.name} className="import-profile-card" data-testid={`import-profile-col-${column.name}`}>
              <header>
                <strong>{column.name}</strong> <span className="muted">{column.type}</span>
              </header>
              <dl>
                <dt>{t('import.profile.nulls')}</dt>
                <dd data-testid={`import-profile-nulls-${column.name}`} data-value={column.nulls}>
                  {count(column.nulls)}
                  {column.rows > 0 && <span className="muted"> ({((100 * column.nulls) / column.rows).toFixed(1)} %)</span>}
                </dd>
                <dt>{t('import.profile.distinct')}</dt>
                <dd data-testid={`import-profile-distinct-${column.name}`} data-value={column.distinct}>
                  {count(column.distinct)}
                </dd>
                <dt>{t('import.profile.min')}</dt>
                <dd title={column.min ?? ''}>{column.min ?? '—'}</dd>
                <dt>{t('import.profile.max')}</dt>
                <dd title={column.max ?? ''}>{column.max ?? '—'}</dd>
              </dl>
              {column.top.length > 0 && (
                <div className="import-top">
                  <div className="import-subtitle">{t('import.profile.top')}</div>
                  <ol>
                    {column.top.map((top, i) => (
                      <li key={i}>
                        <span className="import-top-value" title={top.value ?? ''}>
                          {top.value === null ? t('import.profile.empty') : top.value}
                        </span>
                        <span className="muted">{count(top.count)}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              {hasHistogram(column) && <HistogramChart table={table} column={column} />}
            </article>
            );
          })}
        </div>
      )}
    </section>
  );
}
