import { useEffect, useState } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import type { QualityCheck, QualityResult } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { formatAppError, hasMessage } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';

type State = { status: 'loading' } | { status: 'ready'; result: QualityResult } | { status: 'error'; error: AppError };

/** An example row as the analyst reads it: customer_id=000101, balance=-5.00. */
export function formatExample(example: QualityCheck['examples'][number]): string {
  return Object.entries(example)
    .map(([key, value]) => `${key}=${value === null ? '∅' : String(value)}`)
    .join(', ');
}

/**
 * Data-quality checks across the canonical tables after an import (duplicate keys, orphans,
 * impossible dates, negative balances): each with its offending count and a few example rows.
 */
export function QualityResults({ client, refreshKey }: { client: EngineClient; refreshKey: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    const controller = new AbortController();
    setState({ status: 'loading' });
    client.call('data.quality', { examples: 3 }, { signal: controller.signal }).then(
      (result) => current && setState({ status: 'ready', result }),
      (reason: unknown) => current && !isCancellation(reason) && setState({ status: 'error', error: toAppError(reason) }),
    );
    return () => {
      current = false;
      controller.abort();
    };
  }, [client, refreshKey]);

  return (
    <section className="import-quality" data-testid="data-quality" data-state={state.status}>
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
          <QualityTable checks={state.result.checks.filter((c) => c.count > 0)} />
          {state.result.checks.some((c) => c.count === 0) && (
            <details className="import-quality-passed">
              <summary className="ok-text">{t('import.quality.passedCount', { count: state.result.checks.filter((c) => c.count === 0).length })}</summary>
              <QualityTable checks={state.result.checks.filter((c) => c.count === 0)} />
            </details>
          )}
        </>
      )}
    </section>
  );
}

function QualityTable({ checks }: { checks: QualityCheck[] }) {
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
            <tr key={i} data-testid={`data-quality-${check.id}-${check.table}${check.column ? `-${check.column}` : ''}`} data-count={check.count} className={failed ? `failed ${check.severity}` : 'passed'}>
              <td>{label}</td>
              <td className={failed ? (check.severity === 'error' ? 'error-text' : 'import-warning-text') : 'ok-text'}>
                {failed ? t('import.quality.failed', { count: formatCount(check.count, intlLocale) }) : t('import.quality.passed')}
              </td>
              <td className="muted import-quality-examples">{check.examples.length > 0 ? t('import.quality.examples', { examples: check.examples.map(formatExample).join(' | ') }) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
