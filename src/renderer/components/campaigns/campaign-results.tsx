import { useMemo } from 'react';
import { codeLabel } from '../../../shared/data-dictionary';
import type { CampaignBuild } from '../../../shared/campaign-types';
import { EChart, type ChartOption } from '../../charts/echart';
import { formatCount } from '../../format/number-format';
import type { Locale } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';

type Translate = ReturnType<typeof useI18n>['t'];

/** Steps whose name is the analyst's data (segment names, a product code): shown beside the kind. */
const NAMED_BY_DATA = new Set(['selection', 'segment', 'id_list', 'staff', 'holds_product']);

/** The step's detail in the reader's language; the engine's own wording of the other steps is what the form shows already. */
function stepDetail(t: Translate, lang: Locale, kind: string, name: string): string | null {
  if (NAMED_BY_DATA.has(kind)) return name || null;
  if (kind === 'minors') {
    const age = /(\d+)/.exec(name)?.[1];
    return age ? t('campaigns.detail.under', { age }) : null;
  }
  if (kind === 'channel_eligibility') {
    return name
      .split(/\s*([/+])\s*/)
      .map((part) => (part === '/' || part === '+' ? ` ${part} ` : codeLabel('campaign_channel', part, lang)))
      .join('');
  }
  return null;
}

/** A step's name in the reader's words: the kind's business name, then its detail where it adds something. */
export function stepLabel(t: Translate, lang: Locale, kind: string, name: string): string {
  const key = `campaigns.step.${kind}` as MessageKey;
  const label = t(key);
  const kindLabel = label === key ? kind : label;
  const detail = stepDetail(t, lang, kind, name);
  return detail ? `${kindLabel} · ${detail}` : kindLabel;
}

/** Remaining customers after each step, every bar labelled with its count (log scale: a step that removes 12 of 40,000 still shows). */
function waterfallOption(build: CampaignBuild, t: Translate, lang: Locale, count: (n: number) => string): ChartOption {
  const labels = build.waterfall.map((s) => stepLabel(t, lang, s.kind, s.name));
  return {
    grid: { left: 200, right: 80, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'log', name: t('campaigns.customers'), nameLocation: 'middle', nameGap: 22, min: 1 },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 190, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: t('campaigns.remaining'),
        data: build.waterfall.map((s) => Math.max(s.remaining, 0.9)),
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => count(build.waterfall[p.dataIndex]?.remaining ?? 0) },
        itemStyle: { color: '#2563eb' },
      },
    ],
  };
}

function rmLoadOption(build: CampaignBuild, t: Translate): ChartOption {
  const rows = [...build.rmLoad].sort((a, b) => b.assigned - a.assigned).slice(0, 40);
  return {
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.rmId), axisLabel: { rotate: 60 } },
    yAxis: { type: 'value', name: t('campaigns.customers') },
    series: [
      { type: 'bar', name: t('campaigns.rm.assigned'), data: rows.map((r) => r.assigned), itemStyle: { color: '#2563eb' } },
      { type: 'line', name: t('campaigns.rm.capacity'), data: rows.map((r) => r.capacity), itemStyle: { color: '#dc2626' }, lineStyle: { type: 'dashed' } },
    ],
  };
}

export function CampaignResults({ build }: { build: CampaignBuild }) {
  const { t, intlLocale, locale } = useI18n();
  const count = (n: number) => formatCount(n, intlLocale);
  const money = (n: number) => new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }).format(n);
  const mean = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n));
  const waterfall = useMemo(() => waterfallOption(build, t, locale, count), [build, t, locale, intlLocale]);
  const rmLoad = useMemo(() => (build.rmLoad.length > 0 ? rmLoadOption(build, t) : null), [build, t]);
  return (
    <div className="campaign-results" data-testid="campaign-results" data-members={build.members}>
      <p className="campaign-headline" data-testid="campaign-members">
        {t('campaigns.headline', { members: count(build.members), date: build.contactDate, asOf: build.asOf })}
      </p>
      <EChart option={waterfall} title={t('campaigns.waterfall')} height={Math.max(160, 28 * build.waterfall.length + 40)} testId="campaign-waterfall-chart" />
      <table className="funnel-table" data-testid="campaign-waterfall">
        <thead>
          <tr>
            <th>{t('campaigns.step')}</th>
            <th>{t('campaigns.removed')}</th>
            <th>{t('campaigns.remaining')}</th>
            <th>{t('campaigns.aumRemaining')}</th>
          </tr>
        </thead>
        <tbody>
          {build.waterfall.map((s, i) => (
            <tr key={i} data-testid={`campaign-step-${i}`} data-kind={s.kind} data-remaining={s.remaining} data-removed={s.removed}>
              <td>{stepLabel(t, locale, s.kind, s.name)}</td>
              <td className="num">{i === 0 ? '' : `−${count(s.removed)}`}</td>
              <td className="num">{count(s.remaining)}</td>
              <td className="num">{money(s.aumRemaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4>{t('campaigns.arms')}</h4>
      <table className="funnel-table" data-testid="campaign-arms">
        <thead>
          <tr>
            <th>{t('campaigns.arm')}</th>
            <th>{t('campaigns.control.cell')}</th>
            <th>{t('campaigns.field.channels')}</th>
            <th>{t('campaigns.customers')}</th>
            <th>AUM</th>
          </tr>
        </thead>
        <tbody>
          {build.arms.map((a, i) => (
            <tr key={i} data-testid={`campaign-arm-${a.arm}`} data-customers={a.customers}>
              <td>{t(`campaigns.arm.${a.arm}` as MessageKey)}</td>
              <td>{a.cell ?? '—'}</td>
              <td>{a.channel ? codeLabel('campaign_channel', a.channel, locale) : '—'}</td>
              <td className="num">{count(a.customers)}</td>
              <td className="num">{money(a.aum)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {build.balance.some((b) => b.smd !== null) && (
        <>
          <h4>{t('campaigns.balance')}</h4>
          <p className="muted">{t('campaigns.balanceHelp')}</p>
          <table className="funnel-table" data-testid="campaign-balance">
            <thead>
              <tr>
                <th>{t('campaigns.balanceField')}</th>
                <th>{t('campaigns.arm.treatment')}</th>
                <th>{t('campaigns.arm.control')}</th>
                <th>SMD</th>
              </tr>
            </thead>
            <tbody>
              {build.balance.map((b) => (
                <tr key={b.field} className={b.smd !== null && Math.abs(b.smd) >= 0.1 ? 'imbalanced' : undefined}>
                  <td>{b.field}</td>
                  <td className="num">{mean(b.treatmentMean)}</td>
                  <td className="num">{mean(b.controlMean)}</td>
                  <td className="num">{b.smd === null ? '—' : `${b.smd.toFixed(3)}${Math.abs(b.smd) >= 0.1 ? ' ⚠' : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {rmLoad && (
        <>
          <EChart option={rmLoad} title={t('campaigns.rm.load')} height={260} testId="campaign-rm-chart" />
          {build.unassigned.map((u) => (
            <p key={u.reason} className="muted" data-testid={`campaign-unassigned-${u.reason}`}>
              {t('campaigns.rm.unassigned', { reason: t(`campaigns.rm.reason.${u.reason}` as MessageKey), customers: count(u.customers) })}
            </p>
          ))}
        </>
      )}
      {build.warnings.map((w, i) => (
        <p key={i} className="muted">
          {w}
        </p>
      ))}
    </div>
  );
}
