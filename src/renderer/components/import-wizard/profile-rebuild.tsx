import type { Progress } from '../../../shared/protocol';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';

/**
 * The customer profile rebuilt after an import (its own job, started once the import has
 * committed, so the import never waits for it). Absent when no profile had been built.
 */
export type ProfileRebuild =
  | { state: 'running'; asOf: string; progress: Progress | null; cancelling: boolean }
  | { state: 'done'; asOf: string; customers: number; elapsedMs: number }
  | { state: 'cancelled'; asOf: string }
  | { state: 'error'; asOf: string; message: string };

/** Shown in the summary step: progress and Cancel while it runs, then the outcome. */
export function ProfileRebuildPanel({ rebuild, onCancel }: { rebuild: ProfileRebuild; onCancel: () => void }) {
  const { t, intlLocale } = useI18n();
  const fraction = rebuild.state === 'running' ? (rebuild.progress?.fraction ?? null) : null;
  return (
    <section className="import-profile-rebuild" data-testid="import-profile-rebuild" data-state={rebuild.state} data-as-of={rebuild.asOf} aria-live="polite">
      <h4>{t('import.profileRebuild.title')}</h4>
      {rebuild.state === 'running' && (
        <>
          <p>{t('import.profileRebuild.running', { asOf: rebuild.asOf })}</p>
          <progress className="import-progress" data-testid="import-profile-rebuild-progress" data-fraction={fraction ?? ''} max={1} {...(fraction !== null ? { value: fraction } : {})} />
          <p className="muted">
            {rebuild.progress === null ? t('import.profileRebuild.starting') : `${Math.round((rebuild.progress.fraction ?? 0) * 100)} %`}
          </p>
          <p className="muted">{t('import.profileRebuild.background')}</p>
          <button type="button" className="button" data-testid="import-profile-rebuild-cancel" onClick={onCancel} disabled={rebuild.cancelling}>
            {rebuild.cancelling ? t('import.profileRebuild.cancelling') : t('import.profileRebuild.cancel')}
          </button>
        </>
      )}
      {rebuild.state === 'done' && (
        <p className="ok-text" data-customers={rebuild.customers}>
          {t('import.profileRebuild.done', { asOf: rebuild.asOf, customers: formatCount(rebuild.customers, intlLocale), seconds: (rebuild.elapsedMs / 1000).toFixed(1) })}
        </p>
      )}
      {rebuild.state === 'cancelled' && <p className="import-warning-text">{t('import.profileRebuild.cancelled')}</p>}
      {rebuild.state === 'error' && (
        <p className="error-text" role="alert">
          {t('import.profileRebuild.error', { message: rebuild.message })}
        </p>
      )}
    </section>
  );
}
