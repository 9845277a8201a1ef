import { useCallback, useMemo, useRef, useState } from 'react';
import { PROFILE_TABLE, type RuleInfo, type RuleWithDefinition } from '../../shared/customer-types';
import type { EngineClient } from '../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../shared/errors';
import type { Progress } from '../../shared/protocol';
import type { TableInfo } from '../../shared/table-types';
import { CanvasGrid, type GridRowClick, type GridSource } from '../components/canvas-grid/canvas-grid';
import { AnalysisDateControl, StaleProfileBanner } from '../components/customers/analysis-date';
import { CustomerDetailPanel } from '../components/customers/customer-detail';
import { ProfileCharts, useDistribution } from '../components/customers/profile-charts';
import { RulesPanel } from '../components/customers/rules-panel';
import { SummaryCards } from '../components/customers/summary-cards';
import { TagBrowser } from '../components/customers/tag-browser';
import { tierThresholds } from '../components/customers/tier-thresholds';
import { UnmaskedBanner, UnmaskSwitch } from '../components/unmask-switch';
import { useEngineQuery } from '../components/customers/use-engine-query';
import { formatAppError } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages-en';
import { ruleWithDefinitionSchema } from '../../shared/customer-types';

type Tab = 'overview' | 'rules' | 'tags';
const TABS: ReadonlyArray<{ id: Tab; label: MessageKey }> = [
  { id: 'overview', label: 'customers.tab.overview' },
  { id: 'rules', label: 'customers.tab.rules' },
  { id: 'tags', label: 'customers.tab.tags' },
];

interface Job {
  kind: 'build' | 'save';
  progress: Progress | null;
  abort: AbortController;
}

/**
 * Customers (Customer 360): summary cards, distributions, the masked profile grid with a
 * deliberate unmask switch and a drill-down per customer; the rules with live counts; the tags.
 */
export function CustomersPage({ client, tables, reloadTables }: { client: EngineClient; tables: TableInfo[]; reloadTables: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const [tab, setTab] = useState<Tab>('overview');
  const [unmasked, setUnmasked] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  const [jobMessage, setJobMessage] = useState<{ error: AppError | null; cancelled: boolean } | null>(null);
  /** The latest date in the data, learnt from a build without a date (the engine's default). */
  const [latestAsOf, setLatestAsOf] = useState<string | null>(null);
  /** The date the user applied in this session (null: follow the latest date in the data); rebuilds keep it. */
  const [pinnedAsOf, setPinnedAsOf] = useState<string | null>(null);
  const refreshKey = String(refresh);
  // An import (seen as a change in the table list) can mark the profile stale: ask the summary again.
  const dataKey = useMemo(() => tables.map((x) => `${x.schema}.${x.name}:${x.rowCount}:${x.columns.length}`).join('|'), [tables]);

  const summary = useEngineQuery(`${refreshKey}:${dataKey}`, (signal) => client.call('profile.summary', {}, { signal, supersede: 'customers-summary' }));
  const rules = useEngineQuery<RuleInfo[]>(refreshKey, (signal) => client.call('rules.list', {}, { signal, supersede: 'customers-rules' }));
  const hasProfile = summary.data !== null && summary.data.asOf !== null;
  const aum = useDistribution(client, 'aum', true, hasProfile ? refreshKey : null);

  const profileTable = tables.find((table) => table.schema === 'main' && table.name === PROFILE_TABLE) ?? null;
  const source: GridSource | null = useMemo(
    () =>
      profileTable && hasProfile
        ? {
            key: `profile:${refreshKey}:${profileTable.rowCount}:${profileTable.columns.length}:${unmasked ? 'clear' : 'masked'}`,
            table: { schema: 'main', name: PROFILE_TABLE },
            columns: profileTable.columns,
            rowCount: profileTable.rowCount,
            unmasked,
          }
        : null,
    [profileTable, hasProfile, refreshKey, unmasked],
  );

  const savedTierThresholds = useMemo(() => {
    const info = rules.data?.find((r) => r.rule === 'value_tier');
    if (!info) return [];
    const parsed = ruleWithDefinitionSchema.safeParse({ rule: 'value_tier', definition: info.definition });
    return parsed.success ? tierThresholds(parsed.data, aum.data, t, locale) : [];
  }, [rules.data, aum.data, t, locale]);

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
        .then(
          async () => {
            await reloadTables();
            setRefresh((n) => n + 1);
          },
          (reason: unknown) => setJobMessage({ error: isCancellation(reason) ? null : toAppError(reason), cancelled: isCancellation(reason) }),
        )
        .finally(() => {
          jobRef.current = null;
          setJob(null);
        });
    },
    [reloadTables],
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
      {unmasked && <UnmaskedBanner onMask={() => setUnmasked(false)} />}
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
        <UnmaskSwitch client={client} unmasked={unmasked} onChange={setUnmasked} />
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
          <span className="muted">{fraction === null ? '' : `${Math.round(fraction * 100)} %`}</span>
          {job.progress?.message && <span className="muted">{job.progress.message}</span>}
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
      {summary.data && !hasProfile && !job && (
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
          {hasProfile && <ProfileCharts client={client} summary={summary.data} refreshKey={refreshKey} tierThresholds={savedTierThresholds} aum={aum.data} />}
          <div className="profile-grid-pane">
            {source ? (
              <CanvasGrid key={source.key} client={client} source={source} title={t('customers.gridTitle')} testId="profile-grid" onRowClick={onRowClick} />
            ) : (
              <div className="grid-empty-state">{hasProfile ? t('customers.loading') : t('customers.noProfile')}</div>
            )}
          </div>
        </div>
        {tab === 'rules' && (
          <div className="customers-main">
            <RulesPanel client={client} rules={rules.data} rulesError={rules.error} aum={aum.data} busy={job !== null} onSave={saveRule} />
          </div>
        )}
        {tab === 'tags' && (
          <div className="customers-main">
            <TagBrowser client={client} refreshKey={refreshKey} />
          </div>
        )}
        {selected && tab === 'overview' && <CustomerDetailPanel client={client} customerId={selected} unmasked={unmasked} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
