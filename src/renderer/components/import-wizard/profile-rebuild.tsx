import { AppError } from '../../../shared/errors';
import type { ProfileRebuild } from '../../../shared/import-types';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';

/**
 * The customer profile rebuilt after the import: import.run does it itself, in the same queued
 * write, when the import made a built profile stale (its progress shows in the run step). Shown in
 * the summary step: how it went; absent when there was nothing to rebuild.
 */
export function ProfileRebuildPanel({ rebuild }: { rebuild: ProfileRebuild }) {
  const { t, intlLocale } = useI18n();
  const error = rebuild.error ? AppError.fromPayload(rebuild.error) : null;
  const state = rebuild.rebuilt ? 'done' : error?.code === 'CANCELLED' ? 'cancelled' : 'error';
  return (
    <section className="import-profile-rebuild" data-testid="import-profile-rebuild" data-state={state} data-as-of={rebuild.asOf ?? ''}>
      <h4>{t('import.profileRebuild.title')}</h4>
      {state === 'done' && (
        <p className="ok-text" data-customers={rebuild.customers ?? ''}>
          {t('import.profileRebuild.done', {
            asOf: rebuild.asOf ?? '',
            customers: formatCount(rebuild.customers ?? 0, intlLocale),
            seconds: (rebuild.elapsedMs / 1000).toFixed(1),
          })}
        </p>
      )}
      {state === 'cancelled' && <p className="import-warning-text">{t('import.profileRebuild.cancelled')}</p>}
      {state === 'error' && (
        <p className="error-text" role="alert">
          {t('import.profileRebuild.error', { message: error ? formatAppError(t, error) : '' })}
        </p>
      )}
    </section>
  );
}
