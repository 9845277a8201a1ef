import { useEffect, useMemo, useState } from 'react';
import type { CustomerDetail, Row } from '../../../shared/customer-types';
import type { EngineClient } from '../../../shared/engine-client';
import { isCancellation, toAppError, type AppError } from '../../../shared/errors';
import { lineOption } from '../../charts/chart-options';
import { EChart } from '../../charts/echart';
import { codedText, columnHeading } from '../../format/dictionary-text';
import { axisAmountLabel, formatCount } from '../../format/number-format';
import { codeLabel } from '../../../shared/data-dictionary';
import { useEngineQuery } from '../../state/use-engine-query';
import { formatAppError } from '../../../shared/i18n/i18n';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { tableColumns } from './table-columns';
import { balancePoints, cellText, formatAmount, formatMoney, groupByDay, pick } from './customer-format';

const TXN_PAGE = 100;

const ACCOUNT_COLUMNS = ['account_id', 'product_type', 'status', 'currency', 'balance', 'open_date', 'close_date'];
const CONTACT_COLUMNS = ['campaign_id', 'contact_ts', 'channel', 'arm', 'responded', 'response_ts', 'outcome'];

/**
 * A source table's rows under their business names (technical name and definition on hover),
 * codes by their names; `codeFields` says which dictionary codes a column holds where its name
 * alone does not (a contact's channel is a campaign channel).
 */
function RowsTable({ rows, columns, table, testId, money = [], codeFields = {} }: { rows: readonly Row[]; columns: string[]; table: string; testId: string; money?: string[]; codeFields?: Record<string, string> }) {
  const { t, intlLocale, locale } = useI18n();
  if (rows.length === 0) return <p className="muted">{t('customers.detail.none')}</p>;
  return (
    <div className="detail-table-wrap">
      <table className="detail-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} title={columnHeading(table, c, locale).title} data-column={c}>
                {columnHeading(table, c, locale).label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className={money.includes(c) ? 'num' : undefined}>
                  {money.includes(c) ? formatMoney(row[c], intlLocale) : codedText(codeFields[c] ?? c, row[c], locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A customer's drill-down: profile fields, accounts, the balance history chart, the transaction
 * timeline (paged, newest first) and the campaign contact history. Masked unless `unmasked`.
 */
export function CustomerDetailPanel({ client, customerId, unmasked, onClose }: { client: EngineClient; customerId: string; unmasked: boolean; onClose: () => void }) {
  const { t, intlLocale, locale } = useI18n();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [moreLoading, setMoreLoading] = useState(false);
  const [section, setSection] = useState<'profile' | 'accounts' | 'transactions' | 'contacts'>('profile');

  useEffect(() => {
    const abort = new AbortController();
    setDetail(null);
    setError(null);
    client
      .call('customer.detail', { customerId, unmasked, transactionsOffset: 0, transactionsLimit: TXN_PAGE }, { signal: abort.signal, supersede: 'customers-detail' })
      .then(setDetail, (reason: unknown) => {
        if (!isCancellation(reason)) setError(toAppError(reason));
      });
    return () => abort.abort();
  }, [client, customerId, unmasked]);

  const loadMore = () => {
    if (!detail) return;
    setMoreLoading(true);
    client
      .call('customer.detail', { customerId, unmasked, transactionsOffset: detail.transactions.length, transactionsLimit: TXN_PAGE })
      .then((next) => setDetail((current) => (current && current.customerId === next.customerId ? { ...current, transactions: [...current.transactions, ...next.transactions] } : current)))
      .catch((reason: unknown) => {
        if (!isCancellation(reason)) setError(toAppError(reason));
      })
      .finally(() => setMoreLoading(false));
  };

  const balanceOption = useMemo(
    () => lineOption({ points: balancePoints(detail?.balances ?? []), valueLabel: t('customers.detail.aum'), formatValue: (v) => formatAmount(v, locale, intlLocale), formatAxis: (v) => axisAmountLabel(v, locale, intlLocale) }),
    [detail, t, locale, intlLocale],
  );
  const days = useMemo(() => groupByDay(detail?.transactions ?? []), [detail]);
  // Tags by their names in the reader's language (the library's), else as the dictionary names a tag code.
  const tagList = useEngineQuery(client, 'tags.list', {});
  const tagName = (id: string) => {
    const tag = tagList.data?.find((x) => x.id === id);
    return tag ? (locale === 'zh' ? tag.nameZh : tag.nameEn) : codeLabel('tags', id, locale);
  };

  const name = detail ? cellText(pick(detail.profile, 'name')) : '';
  const sections: Array<{ id: typeof section; label: MessageKey; count?: number }> = [
    { id: 'profile', label: 'customers.detail.profile' },
    { id: 'accounts', label: 'customers.detail.accounts', count: detail?.accounts.length },
    { id: 'transactions', label: 'customers.detail.transactions', count: detail?.transactionsTotal },
    { id: 'contacts', label: 'customers.detail.contacts', count: detail?.contacts.length },
  ];

  return (
    <aside className="customer-detail" data-testid="customer-detail" data-customer-id={customerId} data-loaded={detail ? 'true' : 'false'} aria-label={t('customers.detail.title', { id: customerId })}>
      <header className="detail-head">
        <div>
          <h3>
            {name} <span className="muted">{customerId}</span>
          </h3>
          {detail && (
            <div className="detail-sub">
              <span data-testid="detail-id-number">{cellText(pick(detail.profile, 'id_number'))}</span>
              <span data-testid="detail-phone">{cellText(pick(detail.profile, 'phone'))}</span>
              {detail.masked ? <span className="chip">{t('customers.detail.masked')}</span> : <span className="chip danger">{t('customers.unmask.on')}</span>}
            </div>
          )}
          {detail && detail.tags.length > 0 && (
            <div className="detail-tags">
              {detail.tags.map((tag) => (
                <span key={tag} className="tag-chip" title={tag}>
                  {tagName(tag)}
                </span>
              ))}
            </div>
          )}
        </div>
        <button type="button" className="link-button" onClick={onClose} aria-label={t('customers.detail.close')} data-testid="customer-detail-close">
          ✕
        </button>
      </header>
      {error && (
        <div className="error-text" role="alert">
          {formatAppError(t, error)}
        </div>
      )}
      {!detail && !error && <p className="muted">{t('customers.loading')}</p>}
      {detail && (
        <>
          <EChart option={balanceOption} title={t('customers.detail.balanceHistory')} height={180} testId="detail-balance-chart" />
          <div className="detail-tabs" role="tablist">
            {sections.map((s) => (
              <button key={s.id} type="button" role="tab" aria-selected={section === s.id} className={section === s.id ? 'tab active' : 'tab'} data-testid={`detail-tab-${s.id}`} onClick={() => setSection(s.id)}>
                {t(s.label)}
                {s.count !== undefined && <span className="tab-count">{formatCount(s.count, intlLocale)}</span>}
              </button>
            ))}
          </div>
          <div className="detail-body">
            {section === 'profile' && (
              <dl className="detail-fields" data-testid="detail-profile">
                {Object.entries(detail.profile).map(([key, value]) => (
                  <div key={key} className="detail-field">
                    <dt title={columnHeading('customers', key, locale).title} data-field={key}>
                      {columnHeading('customers', key, locale).label}
                    </dt>
                    <dd>{codedText(key, value, locale)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {section === 'accounts' && <RowsTable rows={detail.accounts} columns={tableColumns(detail.accounts, ACCOUNT_COLUMNS)} table="accounts" testId="detail-accounts" money={['balance']} />}
            {section === 'transactions' && (
              <div className="timeline" data-testid="detail-transactions">
                {days.length === 0 && <p className="muted">{t('customers.detail.none')}</p>}
                {days.map(({ day, rows }) => (
                  <div key={day} className="timeline-day">
                    <div className="timeline-date">{day}</div>
                    <ul>
                      {rows.map((row, i) => {
                        const credit = pick(row, 'direction') === 'credit';
                        const amount = pick(row, 'amount');
                        return (
                          <li key={i} className={credit ? 'timeline-item credit' : 'timeline-item debit'}>
                            <span className="timeline-time">{String(pick(row, 'ts') ?? '').slice(11, 16)}</span>
                            <span className="timeline-amount">
                              {credit ? '+' : '−'}
                              {formatMoney(amount, intlLocale)}
                            </span>
                            <span className="timeline-type">{codedText('txn_type', pick(row, 'txn_type'), locale)}</span>
                            <span className="muted">{codedText('channel', pick(row, 'channel'), locale)}</span>
                            {pick(row, 'counterparty_bank') ? <span className="muted">{cellText(pick(row, 'counterparty_bank'))}</span> : null}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                ))}
                {detail.transactions.length < detail.transactionsTotal && (
                  <button type="button" className="button" onClick={loadMore} disabled={moreLoading}>
                    {t('customers.detail.moreTransactions', { shown: formatCount(detail.transactions.length, intlLocale), total: formatCount(detail.transactionsTotal, intlLocale) })}
                  </button>
                )}
              </div>
            )}
            {section === 'contacts' && <RowsTable rows={detail.contacts} columns={tableColumns(detail.contacts, CONTACT_COLUMNS)} table="contacts" testId="detail-contacts" codeFields={{ channel: 'campaign_channel', responded: 'boolean' }} />}
          </div>
        </>
      )}
    </aside>
  );
}
