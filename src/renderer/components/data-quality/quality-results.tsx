import type { EngineClient } from '../../../shared/engine-client';
import type { AppError } from '../../../shared/errors';
import type { QualityCheck, QualityResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { formatAppError, hasMessage } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { useRerun } from '../../state/use-rerun';

type State = { status: 'loading' } | { status: 'ready'; result: QualityResult } | { status: 'error'; error: AppError };

/** An example row as the analyst reads it: customer_id=000101, balance=-5.00. */
export function formatExample(example: QualityCheck['examples'][number]): string {
  return Object.entries(example)
    .map(([key, value]) => `${key}=${value === null ? '∅' : String(value)}`)
    .join(', ');
}

/** The test hook of a check's row: data-quality-duplicate_key-customers-customer_id. */
export function checkTestId(prefix: string, check: Pick<QualityCheck, 'id' | 'table' | 'column'>): string {
  return `${prefix}-${check.id}-${check.table}${check.column ? `-${check.column}` : ''}`;
}

/**
 * Data-quality checks across the canonical tables (duplicate keys, orphans, impossible dates,
 * negative balances): each with its severity, offending count and a few example rows (masked by
 * the engine unless `unmasked`). Runs again when tables change (query-topics.ts) and when `rerun`
 * counts up (the analyst asked). Shown after an import and on
 * the Data page's quality view; `testId` prefixes every test hook (both may be in the page).
 */
export function QualityResults({
  client,
  rerun = 0,
  active = true,
  unmasked = false,
  examples = 3,
  testId = 'data-quality',
}: {
  client: EngineClient;
  rerun?: number;
  /** false while the view is hidden: nothing is asked until it is shown again. */
  active?: boolean;
  unmasked?: boolean;
  examples?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  const query = useEngineQuery(client, 'data.quality', { examples, unmasked }, { supersede: testId, active });
  useRerun(rerun, query.reload);
  const state: State = !query.upToDate ? { status: 'loading' } : query.error ? { status: 'error', error: query.error } : query.data ? { status: 'ready', result: query.data } : { status: 'loading' };

  const failed = state.status === 'ready' ? state.result.checks.filter((c) => c.count > 0) : [];
  const passed = state.status === 'ready' ? state.result.checks.filter((c) => c.count === 0) : [];
  return (
    <section className="import-quality" data-testid={testId} data-state={state.status} data-failed={state.status === 'ready' ? failed.length : undefined}>
      <h4>
        {t('import.quality')}
        {state.status === 'ready' && state.result.asOf && <span className="muted"> · {t('import.quality.asOf', { date: state.result.asOf })}</span>}
      </h4>
      {state.status === 'loading' && <p className="muted">{t('import.quality.loading')}</p>}
      {state.status === 'error' && (
        <p className="error-text" role="alert">
          {formatAppError(t, state.error)}
        </p>
      )}
      {state.status === 'ready' && state.result.checks.length === 0 && <p className="muted">{t('import.quality.none')}</p>}
      {state.status === 'ready' && state.result.checks.length > 0 && (
        <>
          <QualityTable checks={failed} testId={testId} />
          {passed.length > 0 && (
            <details className="import-quality-passed">
              <summary className="ok-text">{t('import.quality.passedCount', { count: passed.length })}</summary>
              <QualityTable checks={passed} testId={testId} />
            </details>
          )}
        </>
      )}
    </section>
  );
}

function QualityTable({ checks, testId }: { checks: QualityCheck[]; testId: string }) {
  const { t, intlLocale } = useI18n();
  if (checks.length === 0) return null;
  return (
    <table className="import-table-plain">
      <tbody>
        {checks.map((check, i) => {
          const params = { table: check.table, column: check.column ?? '', count: check.count };
          const label = hasMessage(check.descriptionKey) ? t(check.descriptionKey, params) : `${check.id} (${check.table}${check.column ? `.${check.column}` : ''})`;
          const failed = check.count > 0;
          return (
            <tr key={i} data-testid={checkTestId(testId, check)} data-count={check.count} data-severity={check.severity} className={failed ? `failed ${check.severity}` : 'passed'}>
              <td>
                {failed && <span className={`quality-severity ${check.severity}`}>{t(check.severity === 'error' ? 'quality.severity.error' : 'quality.severity.warning')}</span>}
                {label}
              </td>
              <td className={failed ? (check.severity === 'error' ? 'error-text' : 'import-warning-text') : 'ok-text'}>
                {failed ? t('import.quality.failed', { count: formatCount(check.count, intlLocale) }) : t('import.quality.passed')}
              </td>
              <td className="muted import-quality-examples" title={check.examples.map(formatExample).join('\n')}>
                {/* One example row a line: "e.g." before the first. */}
                {check.examples.map((example, k) => (
                  <div key={k} className={k === 0 ? undefined : 'import-quality-example-more'}>
                    {k === 0 ? t('import.quality.examples', { examples: formatExample(example) }) : formatExample(example)}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
