import { useMemo } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { ProfileResult } from '../../../shared/import-types';
import { EChart } from '../../charts/echart';
import { hasHistogram, histogramFileName, histogramOption } from '../../charts/histogram-option';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { useRerun } from '../../state/use-rerun';

type State = { status: 'loading' } | { status: 'ready'; profile: ProfileResult } | { status: 'error'; error: AppError };
type Column = ProfileResult['columns'][number];

/**
 * A table's columns: empties, distinct values, range, most frequent values, histogram (import.profile).
 * Shown in the import wizard's summary and on the Data page's quality view; personal data comes
 * masked from the engine unless `unmasked`. `testId` prefixes every test hook (two may be on screen).
 */
export function ColumnProfile({
  client,
  table,
  unmasked = false,
  rerun = 0,
  active = true,
  testId = 'import-profile',
}: {
  client: EngineClient;
  table: string;
  unmasked?: boolean;
  /** Profiles again when it counts up (the analyst asked); a change of the tables does by itself. */
  rerun?: number;
  /** false while the view is hidden: nothing is asked until it is shown again. */
  active?: boolean;
  testId?: string;
}) {
  const { t, intlLocale } = useI18n();
  const query = useEngineQuery(client, 'import.profile', { table, unmasked }, { supersede: testId, active });
  useRerun(rerun, query.reload);
  const state: State = !query.upToDate ? { status: 'loading' } : query.error ? { status: 'error', error: query.error } : query.data ? { status: 'ready', profile: query.data } : { status: 'loading' };

  const count = (n: number) => formatCount(n, intlLocale);
  return (
    <section className="import-profile" data-testid={testId} data-state={state.status} data-table={table}>
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
                <article key={column.name} className="import-profile-card empty" data-testid={`${testId}-col-${column.name}`}>
                  <strong>{column.name}</strong> <span className="muted">{column.type} · {t('import.profile.allEmpty')}</span>
                </article>
              );
            }
            return (
              <article key={column.name} className="import-profile-card" data-testid={`${testId}-col-${column.name}`}>
                <header>
                  <strong>{column.name}</strong> <span className="muted">{column.type}</span>
                </header>
                <dl>
                  <dt>{t('import.profile.nulls')}</dt>
                  <dd data-testid={`${testId}-nulls-${column.name}`} data-value={column.nulls}>
                    {count(column.nulls)}
                    {column.rows > 0 && <span className="muted"> ({((100 * column.nulls) / column.rows).toFixed(1)}%)</span>}
                  </dd>
                  <dt>{t('import.profile.distinct')}</dt>
                  <dd data-testid={`${testId}-distinct-${column.name}`} data-value={column.distinct}>
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
                    <ol data-testid={`${testId}-top-${column.name}`}>
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
                {hasHistogram(column) && <ProfileHistogram table={table} column={column} testId={`${testId}-chart-${column.name}`} />}
              </article>
            );
          })}
        </div>
      )}
    </section>
  );
}

/** One column's histogram in the workbench's chart component (exportable as PNG like every chart). */
function ProfileHistogram({ table, column, testId }: { table: string; column: Column; testId: string }) {
  const { t, locale } = useI18n();
  const option = useMemo(() => histogramOption(column, undefined, locale), [column, locale]);
  return <EChart option={option} title={t('import.profile.chartLabel', { column: column.name })} height={120} testId={testId} fileName={histogramFileName(table, column.name)} />;
}
