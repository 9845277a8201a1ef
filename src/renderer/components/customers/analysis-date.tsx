import { useEffect, useState } from 'react';
import type { ProfileSummary } from '../../../shared/customer-types';
import { useI18n } from '../../i18n/i18n-context';
import { messagesEn, type MessageKey } from '../../../shared/i18n/messages-en';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The analysis date (as-of) of the customer profile, on the Customers page header. It shows the
 * as-of date of the built profile; the user picks another date (or "latest in data") and applies
 * it, which rebuilds the profile as a job. Nothing here ever reads the wall clock: "latest" is
 * sent as no date at all, and the engine takes the latest date in the data.
 *
 * `latest` is the latest date in the data when this session has learnt it (from a build without
 * a date), else null.
 */
export function AnalysisDateControl({
  asOf,
  builtAt,
  latest,
  busy,
  onApply,
}: {
  asOf: string | null;
  /** When the shown profile was built: any new build resets the draft. */
  builtAt: string | null;
  latest: string | null;
  busy: boolean;
  /** A YYYY-MM-DD date, or null for the latest date in the data. */
  onApply: (asOf: string | null) => void;
}) {
  const { t } = useI18n();
  // undefined: untouched (the input shows the profile's as-of); null: latest in data; else a date.
  const [draft, setDraft] = useState<string | null | undefined>(undefined);
  // A new build (whatever its date) resets the draft to what was built.
  useEffect(() => setDraft(undefined), [asOf, builtAt]);

  const shown = draft === undefined ? (asOf ?? '') : draft === null ? (latest ?? '') : draft;
  const valid = draft === null || (draft !== undefined && ISO_DATE.test(draft));
  const canApply = !busy && draft !== undefined && valid;
  const onLatest = asOf !== null && latest !== null && asOf === latest;

  return (
    <span className="analysis-date customers-asof" data-testid="customers-asof" data-as-of={asOf ?? undefined} title={asOf ? t('customers.asOf', { date: asOf }) : undefined} data-draft={draft === undefined ? 'none' : (draft ?? 'latest')}>
      <label className="analysis-date-label">
        <span className="muted">{t('customers.analysisDate.label')}</span>
        <input
          type="date"
          className="analysis-date-input"
          value={shown}
          max={latest ?? undefined}
          disabled={busy}
          onChange={(event) => setDraft(event.target.value === '' ? null : event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && canApply) onApply(draft ?? null);
          }}
          title={t('customers.analysisDate.hint')}
          aria-label={t('customers.analysisDate.label')}
          data-testid="analysis-date"
        />
      </label>
      {draft === null && latest === null && <span className="muted analysis-date-note">{t('customers.analysisDate.latestPending')}</span>}
      {draft === undefined && onLatest && <span className="chip analysis-date-note">{t('customers.analysisDate.isLatest')}</span>}
      <button
        type="button"
        className="button"
        onClick={() => setDraft(null)}
        disabled={busy || draft === null}
        title={t('customers.analysisDate.latestHint')}
        data-testid="analysis-date-latest"
      >
        {t('customers.analysisDate.latest')}
      </button>
      <button type="button" className="button primary" onClick={() => canApply && onApply(draft ?? null)} disabled={!canApply} data-testid="analysis-date-apply">
        {t('customers.analysisDate.apply')}
      </button>
    </span>
  );
}

function tableLabel(t: (key: MessageKey) => string, name: string): string {
  const key = `import.table.${name}`;
  return key in messagesEn ? `${t(key as MessageKey)} (${name})` : name;
}

/** "Data imported since the profile was built" with a rebuild button (shown while the summary says stale). */
export function StaleProfileBanner({ stale, busy, onRebuild }: { stale: NonNullable<ProfileSummary['stale']>; busy: boolean; onRebuild: () => void }) {
  const { t } = useI18n();
  const tables = stale.tables.map((name) => tableLabel(t, name)).join(', ');
  return (
    <div className="banner-warn profile-stale" role="status" data-testid="profile-stale" data-tables={stale.tables.join(',')}>
      <span>{t('customers.stale.message', { tables, since: stale.since.replace('T', ' ') })}</span>
      <button type="button" className="button primary" onClick={onRebuild} disabled={busy} data-testid="profile-stale-rebuild">
        {t('customers.stale.rebuild')}
      </button>
    </div>
  );
}
