import { describe, expect, it } from 'vitest';
import { CODE_VALUES, canonicalEntry, codeLabel, definition, exportHeader, fieldEntry, fieldLabel } from '../../src/shared/data-dictionary';
import { CANONICAL_MODEL } from '../../src/shared/canonical-model';
import { CAMPAIGN_CHANNELS } from '../../src/shared/campaign-types';
import { CHANNELS, PRODUCT_TYPES, TXN_TYPES, WINDOWS_MONTHS } from '../../src/engine/profile/profile-lists';
import { RULE_COLUMNS } from '../../src/engine/profile/profile-sql';

/** The engine's profile columns by the engine's own lists (customer columns, then generated ones). */
function engineProfileColumns(): string[] {
  return [
    ...CANONICAL_MODEL.customers.columns.map((c) => c.name),
    'age', 'age_band', 'onboard_date_at', 'tenure_months', 'tenure_years', 'aum_latest', 'aum_avg_3m', 'aum_avg_12m', 'aum_3m_ago', 'aum_12m_ago',
    'deposit_balance', 'wealth_balance', 'loan_balance', 'account_count', 'open_account_count', 'product_count', 'currency_count', 'holds_foreign_currency', 'first_account_date',
    ...PRODUCT_TYPES.flatMap((t) => [`holds_${t}`, `balance_${t}`]),
    ...WINDOWS_MONTHS.flatMap((n) => [`txn_count_${n}m`, `amount_in_${n}m`, `amount_out_${n}m`]),
    ...CHANNELS.map((c) => `txn_count_12m_${c}`), ...TXN_TYPES.flatMap((t) => [`txn_count_12m_${t}`, `amount_12m_${t}`]),
    'transfers_out_other_bank_12m', 'amount_out_other_bank_12m', 'activity_month_mask', 'last_activity_ts', 'last_activity_date', 'days_since_last_activity',
    'first_activity_ts', 'last_account_activity_ts', 'active_months_12m', 'quarter_end_inflow_share', 'payroll_flag', 'payroll_credits_12m', 'payroll_amount_12m',
    'payroll_monthly_amount', 'payroll_outflow_ratio', 'contact_count', 'contact_count_12m', 'response_count', 'last_contact_ts', 'last_campaign_id', 'last_response',
    'rfm_recency', 'rfm_frequency', 'rfm_monetary', ...RULE_COLUMNS.map(([name]) => name),
  ];
}

describe('data dictionary', () => {
  it('names and defines every profile column in both languages', () => {
    const missing = engineProfileColumns().filter((f) => {
      const e = fieldEntry(f);
      return !e || !e.name.zh || !e.name.en || !e.definition.zh || !e.definition.en || !e.unit.zh;
    });
    expect(missing).toEqual([]);
  });

  it('names and defines every canonical column', () => {
    const missing = Object.entries(CANONICAL_MODEL).flatMap(([table, def]) =>
      def.columns.filter((col) => { const e = canonicalEntry(table, col.name); return !e?.name.zh || !e.name.en || !e.definition.zh || !e.definition.en; }).map((col) => `${table}.${col.name}`));
    expect(missing).toEqual([]);
  });

  it('reads aum_latest as the bank does', () => {
    expect(fieldLabel('aum_latest', 'zh')).toBe('最新月末资产（AUM）');
    expect(definition('aum_latest', 'zh')).toContain('7.20');
    expect(exportHeader('aum_latest')).toBe('最新月末资产（AUM） aum_latest');
    expect(fieldLabel('not_a_field', 'en')).toBe('not_a_field');
  });

  it('names codes and tags', () => {
    expect(codeLabel('value_tier', 'long_tail', 'zh')).toBe('长尾客户');
    expect(codeLabel('tags', 'tier:long_tail', 'zh')).toBe('价值分层：长尾客户');
    expect(codeLabel('last_response', 'no_response', 'zh')).toBe('未响应');
    expect(codeLabel('is_dormant', 'true', 'zh')).toBe('是');
    expect(codeLabel('channel', 'mobile', 'en')).toBe('Mobile banking');
    for (const c of CAMPAIGN_CHANNELS) expect(CODE_VALUES.campaign_channel?.[c]?.zh).toBeTruthy();
    for (const codes of Object.values(CODE_VALUES)) for (const name of Object.values(codes)) expect(name.zh && name.en).toBeTruthy();
  });
});
