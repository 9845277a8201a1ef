import { useMemo } from 'react';
import { codeLabel } from '../../../shared/data-dictionary';
import type { EngineClient } from '../../../shared/engine-client';
import type { ProfileDistribution, ProfileSummary } from '../../../shared/customer-types';
import { amountBuckets, categoryBarOption, histogramOption, type Threshold } from '../../charts/chart-options';
import { EChart } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';

/** A numeric distribution of the profile, fetched pre-aggregated (never rows). */
export function useDistribution(client: EngineClient, field: string, logScale: boolean, enabled: boolean) {
  return useEngineQuery(client, 'profile.distribution', enabled ? { field, bins: 20, logScale } : null, { supersede: `customers-distribution-${field}` });
}

/** The AUM histogram (log scale) with the value-tier thresholds drawn on it. */
export function AumChart({ distribution, thresholds, height = 240, testId = 'chart-aum' }: { distribution: ProfileDistribution | null; thresholds: readonly Threshold[]; height?: number; testId?: string }) {
  const { t, locale, intlLocale } = useI18n();
  const option = useMemo(
    () =>
      histogramOption({
        buckets: amountBuckets(distribution?.buckets ?? [], locale),
        logScale: distribution?.logScale ?? true,
        thresholds,
        countLabel: t('customers.chart.customersAxis'),
        formatCount: (v) => formatCount(v, intlLocale),
      }),
    [distribution, thresholds, t, locale, intlLocale],
  );
  return <EChart option={option} title={t('customers.chart.aum')} height={height} testId={testId} />;
}

/** Distributions of the profile: AUM (log), age, tenure, tiers and lifecycle stages. */
export function ProfileCharts({
  client,
  summary,
  tierThresholds,
  aum,
}: {
  client: EngineClient;
  summary: ProfileSummary | null;
  tierThresholds: readonly Threshold[];
  /** Fetched by the page: the rules panel draws on it too. */
  aum: ProfileDistribution | null;
}) {
  const { t, intlLocale, locale } = useI18n();
  const age = useDistribution(client, 'age', false, true);
  // In full years, as the chart's title says (the profile keeps months too: tenure_months).
  const tenure = useDistribution(client, 'tenure_years', false, true);
  const fmt = (v: number) => formatCount(v, intlLocale);

  const histogram = (d: ProfileDistribution | null, valueLabel?: string) =>
    histogramOption({ buckets: d?.buckets ?? [], logScale: d?.logScale ?? false, countLabel: t('customers.chart.customersAxis'), formatCount: fmt, ...(valueLabel ? { valueLabel } : {}) });
  const ageOption = useMemo(() => histogram(age.data), [age.data, t, intlLocale]);
  const tenureOption = useMemo(() => histogram(tenure.data, t('customers.chart.yearsAxis')), [tenure.data, t, intlLocale]);
  const tierOption = useMemo(
    () =>
      categoryBarOption({
        categories: (summary?.byTier ?? []).map((g) => ({ label: codeLabel('value_tier', g.value, locale), count: g.count })),
        countLabel: t('customers.chart.customersAxis'),
        formatCount: fmt,
      }),
    [summary, t, intlLocale, locale],
  );
  const lifecycleOption = useMemo(
    () =>
      categoryBarOption({
        categories: (summary?.byLifecycle ?? []).map((g) => ({ label: codeLabel('lifecycle_stage', g.value, locale), count: g.count })),
        countLabel: t('customers.chart.customersAxis'),
        formatCount: fmt,
        horizontal: true,
      }),
    [summary, t, intlLocale, locale],
  );
  const error = age.error ?? tenure.error;

  return (
    <section className="profile-charts" aria-label={t('customers.chart.section')}>
      {error && (
        <div className="error-text" role="alert">
          {formatAppError(t, error)}
        </div>
      )}
      <div className="chart-grid">
        <AumChart distribution={aum} thresholds={tierThresholds} />
        <EChart option={ageOption} title={t('customers.chart.age')} testId="chart-age" />
        <div data-testid="chart-tenure-data" data-field={tenure.data?.field} data-buckets={(tenure.data?.buckets ?? []).map((b) => b.label).join('|')}>
          <EChart option={tenureOption} title={t('customers.chart.tenure')} testId="chart-tenure" />
        </div>
        <EChart option={tierOption} title={t('customers.chart.tiers')} testId="chart-tiers" />
        <EChart option={lifecycleOption} title={t('customers.chart.lifecycle')} testId="chart-lifecycle" />
      </div>
    </section>
  );
}
