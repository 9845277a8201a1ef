import { useCallback, useMemo, useRef, useState } from 'react';
import { PROFILE_TABLE, type RuleWithDefinition } from '../../shared/customer-types';
import { isCancellation, toAppError, type AppError } from '../../shared/errors';
import type { Progress } from '../../shared/protocol';
import { CanvasGrid, type GridRowClick, type GridSource } from '../components/canvas-grid/canvas-grid';
import { AnalysisDateControl, StaleProfileBanner } from '../components/customers/analysis-date';
import { CustomerDetailPanel } from '../components/customers/customer-detail';
import { ProfileCharts, useDistribution } from '../components/customers/profile-charts';
import { RulesPanel } from '../components/customers/rules-panel';
import { SummaryCards } from '../components/customers/summary-cards';
import { TagBrowser } from '../components/customers/tag-browser';
import { tierThresholds } from '../components/customers/tier-thresholds';
import { formatAppError, formatProgress } from '../../shared/i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { usePrivacy } from '../state/privacy-state';
import type { MessageKey } from '../../shared/i18n/messages-en';
import { ruleWithDefinitionSchema } from '../../shared/customer-types';
import { useEngineQuery } from '../state/use-engine-query';
import { useTopicVersion } from '../state/use-topic-version';
import type { PageProps } from './page-props';

type Tab = 'overview' | 'rules' | 'tags';
const TABS: ReadonlyArray<{ id: Tab; label: MessageKey }> = [
  { id: 'overview', label: 'customers.tab.overview' },
  { id: 'rules', label: 'customers.tab.rules' },
  { id: 'tags', label: 'customers.tab.tags' },
];

const PROFILE_TOPICS = ['profile.rebuilt', 'rules.changed'] as const;

interface Job {
  kind: 'build' | 'save';
  progress: Progress | null;
  abort: AbortController;
}

/**
 * Customers (Customer 360): summary cards, distributions, the masked profile grid with a
 * deliberate unmask switch and a drill-down per customer; the rules with live counts; the tags.
 */
export function CustomersPage({ client }: PageProps) {
  const { t, locale } = useI18n();
  const [tab, setTab] = useState<Tab>('overview');
  const { unmasked } = usePrivacy();
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [jobMessage, setJobMessage] = useState<{ error: AppError | null; cancelled: boolean } | null>(null);
  /** The latest date in the data, learnt from a build without a date (the engine's default). */
  const [latestAsOf, setLatestAsOf] = useState<string | null>(null);
  /** The date the user applied in this session (null: follow the latest date in the data); rebuilds keep it. */
  const [pinnedAsOf, setPinnedAsOf] = useState<string | null>(null);
  // Imports (from here, another window or the CLI), rebuilds and saved rules re-run these by
  // themselves: the engine notifies a topic, the query cache re-asks what declared it.
  const tables = useEngineQuery(client, 'tables.list', {});
  const summary = useEngineQuery(client, 'profile.summary', {}, { supersede: 'customers-summary' });
  const rules = useEngineQuery(client, 'rules.list', {}, { supersede: 'customers-rules' });
  const hasProfile = summary.data !== null && summary.data.asOf !== null;
  const aum = useDistribution(client, 'aum', true, hasProfile);

  const profileTable = tables.data?.find((table) => table.schema === 'main' && table.name === PROFILE_TABLE) ?? null;
  // A rebuild or a re-applied rule rewrites the profile table: the grid starts over on it.
  const profileVersion = useTopicVersion(client, PROFILE_TOPICS);
  const source: GridSource | null = useMemo(
    () =>
      profileTable && hasProfile
        ? {
            key: `profile:${profileVersion}:${profileTable.rowCount}:${profileTable.columns.length}:${unmasked ? 'clear' : 'masked'}`,
            table: { schema: 'main', name: PROFILE_TABLE },
            columns: profileTable.columns,
            rowCount: profileTable.rowCount,
            unmasked,
          }
        : null,
    [profileTable, hasProfile, profileVersion, unmasked],
  );

  const savedTierThresholds = useMemo(() => {
    const info = rules.data?.find((r) => r.rule === 'value_tier');
    if (!info) return [];
    const parsed = ruleWithDefinitionSchema.safeParse({ rule: 'value_tier', definition: info.definition });
    return parsed.success ? tierThresholds(parsed.data, aum.data, locale) : [];
  }, [rules.data, aum.data, locale]);

  const jobRef = useRef<Job | null>(null);
  const runJob = useCallback(
    (kind: Job['kind'], start: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<unknown>) => {
      if (jobRef.current) return;
      const abort = new AbortController();
      const next: Job = { kind, progress: null, abort };
      jobRef.current = next;
      setJob(next);
      setJobMessage(null);
      start({ signal: abort.signal, onProgress: (progress) => setJob((current) => (current === null ? null : { ...current, progress })) })
        // Success needs nothing here: the engine notifies, and the page's queries follow.
        .catch((reason: unknown) => setJobMessage({ error: isCancellation(reason) ? null : toAppError(reason), cancelled: isCancellation(reason) }))
        .finally(() => {
          jobRef.current = null;
          setJob(null);
        });
    },
    [],
  );

  /** Builds the profile as of `asOf` (null: the latest date in the data, never the wall clock). */
  const buildAsOf = (asOf: string | null) =>
    runJob('build', async (options) => {
      const result = await client.call('profile.build', asOf === null ? {} : { asOf }, options);
      if (asOf === null) setLatestAsOf(result.asOf);
      setPinnedAsOf(asOf);
      return result;
    });
  const build = () => buildAsOf(pinnedAsOf);
  const saveRule = (value: RuleWithDefinition) => runJob('save', (options) => client.call('rules.save', value, options));

  const onRowClick = useCallback(
    (click: GridRowClick) => {
      const index = source?.columns.findIndex((c) => c.name === 'customer_id') ?? -1;
      const id = index >= 0 ? click.values[index] : null;
      if (id !== null && id !== undefined) setSelected(String(id));
    },
    [source],
  );

  const fraction = job?.progress?.fraction ?? null;

  return (
    <div className="page customers-page" data-testid="customers-page" data-unmasked={unmasked ? 'true' : 'false'}>
      <div className="customers-toolbar">
        <div className="tabs" role="tablist">
          {TABS.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'tab active' : 'tab'} onClick={() => setTab(x.id)} data-testid={`customers-tab-${x.id}`}>
              {t(x.label)}
            </button>
          ))}
        </div>
        {hasProfile && <AnalysisDateControl asOf={summary.data?.asOf ?? null} builtAt={summary.data?.builtAt ?? null} latest={latestAsOf} busy={job !== null} onApply={buildAsOf} />}
        <span className="grid-toolbar-spacer" />
        <button type="button" className="button" onClick={build} disabled={job !== null} data-testid="profile-build">
          {t(hasProfile ? 'customers.rebuild' : 'customers.build')}
        </button>
      </div>
      {job && (
        <div className="job-bar" data-testid="rebuild-progress" data-kind={job.kind} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
          <span>{t(job.kind === 'build' ? 'customers.job.building' : 'customers.job.saving')}</span>
          <span className="job-track">
            <span className={fraction === null ? 'job-fill indeterminate' : 'job-fill'} style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
          </span>
          <span className="muted">{fraction === null ? '' : `${Math.round(fraction * 100)}%`}</span>
          {job.progress?.message && <span className="muted">{formatProgress(t, job.progress.message)}</span>}
          <button type="button" className="button" onClick={() => job.abort.abort()} data-testid="rebuild-cancel">
            {t('customers.job.cancel')}
          </button>
        </div>
      )}
      {jobMessage && (jobMessage.error || jobMessage.cancelled) && (
        <div className={jobMessage.error ? 'banner-error' : 'banner-info'} role="alert" data-testid="job-message">
          {jobMessage.error ? formatAppError(t, jobMessage.error) : t('customers.job.cancelled')}
        </div>
      )}
      {hasProfile && summary.data?.stale && <StaleProfileBanner stale={summary.data.stale} busy={job !== null} onRebuild={build} />}
      {summary.error && (
        <div className="banner-error" role="alert">
          {formatAppError(t, summary.error)}
        </div>
      )}
      {/* Only once the summary is current: right after a build it is being asked again, and the
          empty state must not flash back (the job bar is the one place a build shows its progress). */}
      {summary.data && !hasProfile && !job && summary.upToDate && (
        <div className="customers-empty" data-testid="customers-no-profile">
          <p>{t('customers.noProfile')}</p>
          <button type="button" className="button primary" onClick={build} data-testid="profile-build-empty">
            {t('customers.build')}
          </button>
        </div>
      )}
      <div className="customers-body">
        <div className="customers-main" hidden={tab !== 'overview'}>
          <SummaryCards summary={hasProfile ? summary.data : null} />
          {hasProfile && <ProfileCharts client={client} summary={summary.data} tierThresholds={savedTierThresholds} aum={aum.data} />}
          {hasProfile && (
            <div className="profile-grid-pane">
              {source ? (
                <CanvasGrid key={source.key} client={client} source={source} title={t('customers.gridTitle')} testId="profile-grid" onRowClick={onRowClick} onOpenCustomer={setSelected} />
              ) : (
                <div className="grid-empty-state">{t('customers.loading')}</div>
              )}
            </div>
          )}
        </div>
        {tab === 'rules' && (
          <div className="customers-main">
            <RulesPanel client={client} rules={rules.data} rulesError={rules.error} aum={aum.data} busy={job !== null} onSave={saveRule} />
          </div>
        )}
        {tab === 'tags' && (
          <div className="customers-main">
            <TagBrowser client={client} />
          </div>
        )}
        {selected && tab === 'overview' && <CustomerDetailPanel client={client} customerId={selected} unmasked={unmasked} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
