import { useMemo } from 'react';
import type { EngineClient } from '../../../shared/engine-client';
import { OUTFLOW_BUCKETS, type ChurnRule } from '../../../shared/survival-types';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import { useEngineQuery } from '../../state/use-engine-query';
import { aumFlowOption, payrollFlowOption } from './churn-chart-options';
import { ChartWithExports } from './chart-with-exports';

/** Payroll (代发) per month with stopped payroll and salary outflow, and the AUM flows waterfall. */
export function FlowsPanel({ client, segmentId, rule }: { client: EngineClient; segmentId: string | null; rule: ChurnRule | null }) {
  const { t } = useI18n();
  const population = segmentId ? { segmentId } : {};
  // Stopped payroll follows the definition being edited when it is a payroll-stopped one.
  const churn = rule?.kind === 'payroll_stopped' ? { rule } : { id: 'payroll_stopped_3m' };
  const payrollParams = { months: 24, population, churn };
  const payroll = useEngineQuery(client, 'flows.payroll', payrollParams);
  const aum = useEngineQuery(client, 'flows.aum', { months: 24, population });
  const payrollOption = useMemo(
    () => (payroll.data ? payrollFlowOption(payroll.data, { customers: t('churn.flows.payrollCustomers'), stopped: t('churn.flows.stopped'), outflow: t('churn.flows.outflow') }) : null),
    [payroll.data, t],
  );
  const aumOption = useMemo(
    () =>
      aum.data
        ? aumFlowOption(aum.data, { newMoney: t('churn.flows.newMoney'), growth: t('churn.flows.growth'), decline: t('churn.flows.decline'), churned: t('churn.flows.churned'), net: t('churn.flows.net') })
        : null,
    [aum.data, t],
  );
  return (
    <section className="churn-card" data-testid="flows-panel">
      <h3>{t('churn.flows.title')}</h3>
      {(payroll.error ?? aum.error) && <div className="banner-error" role="alert">{formatAppError(t, (payroll.error ?? aum.error)!)}</div>}
      {payroll.data && payrollOption && (
        <ChartWithExports
          title={t('churn.flows.payrollTitle')}
          option={payrollOption}
          testId="flows-payroll-chart"
          data={{
            headers: ['month', 'customers', 'amount', 'stopped', ...OUTFLOW_BUCKETS.map((b) => `outflow_${b}`), 'median_outflow_ratio'],
            rows: payroll.data.rows.map((r) => [r.month, r.customers, r.amount, r.stopped, ...r.outflow, r.medianOutflowRatio]),
          }}
        />
      )}
      {aum.data && aumOption && (
        <ChartWithExports
          title={t('churn.flows.aumTitle')}
          option={aumOption}
          testId="flows-aum-chart"
          data={{ headers: ['month', 'aum', 'new_money', 'growth', 'decline', 'churned', 'net'], rows: aum.data.rows.map((r) => [r.month, r.aum, r.newMoney, r.growth, r.decline, r.churned, r.net]) }}
        />
      )}
    </section>
  );
}
