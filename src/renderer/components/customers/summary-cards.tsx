import type { ProfileSummary } from '../../../shared/customer-types';
import { formatCount } from '../../format/number-format';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-en';
import { formatShare } from './rule-editing';
import { formatAmount } from './customer-format';

type CardKey = 'customers' | 'valid' | 'dormant' | 'vipShare' | 'totalAum';

const CARDS: ReadonlyArray<{ key: CardKey; label: MessageKey; hint: MessageKey }> = [
  { key: 'customers', label: 'customers.summary.customers', hint: 'customers.summary.customersHint' },
  { key: 'valid', label: 'customers.summary.valid', hint: 'customers.summary.validHint' },
  { key: 'dormant', label: 'customers.summary.dormant', hint: 'customers.summary.dormantHint' },
  { key: 'vipShare', label: 'customers.summary.vipShare', hint: 'customers.summary.vipShareHint' },
  { key: 'totalAum', label: 'customers.summary.totalAum', hint: 'customers.summary.totalAumHint' },
];

/** The five headline figures of the profile (data-testid="summary-<key>", the number in data-value). */
export function SummaryCards({ summary }: { summary: ProfileSummary | null }) {
  const { t, intlLocale, locale } = useI18n();
  const value = (key: CardKey): { text: string; raw: number | null; sub: string | null } => {
    if (!summary) return { text: '…', raw: null, sub: null };
    const ofBase = (n: number) => t('customers.summary.ofBase', { share: formatShare(summary.customers > 0 ? n / summary.customers : 0, intlLocale) });
    switch (key) {
      case 'customers':
        return { text: formatCount(summary.customers, intlLocale), raw: summary.customers, sub: null };
      case 'valid':
        return { text: formatCount(summary.valid, intlLocale), raw: summary.valid, sub: ofBase(summary.valid) };
      case 'dormant':
        return { text: formatCount(summary.dormant, intlLocale), raw: summary.dormant, sub: ofBase(summary.dormant) };
      case 'vipShare':
        return { text: formatShare(summary.vipShare, intlLocale), raw: summary.vipShare, sub: null };
      case 'totalAum':
        return { text: formatAmount(summary.totalAum, locale, intlLocale), raw: summary.totalAum, sub: null };
    }
  };
  return (
    <div className="summary-cards">
      {CARDS.map((card) => {
        const v = value(card.key);
        return (
          <div key={card.key} className="summary-card" data-testid={`summary-${card.key}`} data-value={v.raw ?? undefined} title={t(card.hint)}>
            <div className="summary-label">{t(card.label)}</div>
            <div className="summary-value">{v.text}</div>
            {v.sub && <div className="summary-sub">{v.sub}</div>}
          </div>
        );
      })}
    </div>
  );
}
