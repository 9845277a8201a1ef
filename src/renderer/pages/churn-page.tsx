import { useState } from 'react';
import type { EngineClient } from '../../shared/engine-client';
import { isCancellation, toAppError } from '../../shared/errors';
import type { ChurnRule } from '../../shared/survival-types';
import { ChurnDefinitionEditor } from '../components/churn/churn-definition-editor';
import { FlowsPanel } from '../components/churn/flows-panel';
import { LifecyclePanel } from '../components/churn/lifecycle-panel';
import { RetentionPanel } from '../components/churn/retention-panel';
import { SurvivalPanel } from '../components/churn/survival-panel';
import { WarningPanel } from '../components/churn/warning-panel';
import { useEngineQuery } from '../state/use-engine-query';
import { formatAppError } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';

/**
 * Churn and retention (流失与留存): the churn definitions with their live count, Kaplan–Meier
 * survival by group, the retention heatmap, lifecycle bars and the early-warning list — for the
 * base or one segment, as of the profile's analysis date.
 */
export function ChurnPage({ client }: { client: EngineClient }) {
  const { t } = useI18n();
  const summary = useEngineQuery(client, 'profile.summary', {});
  const hasProfile = summary.data?.asOf != null;
  const segments = useEngineQuery(client, 'segment.list', hasProfile ? {} : null);
  const columns = useEngineQuery(client, 'profile.columns', hasProfile ? {} : null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [rule, setRule] = useState<ChurnRule | null>(null);
  const [building, setBuilding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const build = () => {
    setBuilding(true);
    client
      .call('profile.build', {})
      .then(
        () => undefined,
        (reason: unknown) => !isCancellation(reason) && setError(formatAppError(t, toAppError(reason))),
      )
      .finally(() => setBuilding(false));
  };

  if (summary.data && !hasProfile) {
    return (
      <div className="page churn-page" data-testid="churn-page">
        <div className="customers-empty" data-testid="churn-no-profile">
          <p>{t('churn.noProfile')}</p>
          <button type="button" className="button primary" onClick={build} disabled={building} data-testid="churn-profile-build">
            {building ? t('churn.building') : t('customers.build')}
          </button>
          {error && <div className="banner-error">{error}</div>}
        </div>
      </div>
    );
  }
  if (!hasProfile) return <div className="page churn-page" data-testid="churn-page" />;

  return (
    <div className="page churn-page" data-testid="churn-page">
      <header className="churn-head">
        <h2>{t('churn.title')}</h2>
        <span className="churn-muted">{t('churn.asOf', { asOf: summary.data?.asOf ?? '' })}</span>
        <label className="churn-field">
          <span>{t('churn.population')}</span>
          <select value={segmentId ?? ''} onChange={(e) => setSegmentId(e.target.value || null)} data-testid="churn-population">
            <option value="">{t('churn.population.base')}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
      </header>
      <div className="churn-grid">
        <ChurnDefinitionEditor client={client} onRule={(r) => setRule(r)} />
        <SurvivalPanel
          client={client}
          rule={rule}
          segmentId={segmentId}
          segments={segments.data ?? []}
          fields={(columns.data ?? []).filter((c) => c.type === 'VARCHAR' || c.type === 'BOOLEAN').map((c) => c.name)}
        />
      </div>
      <RetentionPanel client={client} segmentId={segmentId} />
      <LifecyclePanel client={client} segmentId={segmentId} />
      <FlowsPanel client={client} segmentId={segmentId} rule={rule} />
      <WarningPanel client={client} segmentId={segmentId} />
    </div>
  );
}
