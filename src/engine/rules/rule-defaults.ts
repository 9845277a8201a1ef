import type { RuleDefinitions, RuleId } from '../../shared/customer-types';

/** The built-in definitions (version 0): the bank practice of DESIGN.md §1, as the demo truth applies it. */
export const DEFAULT_RULES: RuleDefinitions = {
  invalid: { maxAum: 100, windowMonths: 12 },
  dormant: { windowMonths: 6 },
  value_tier: { method: 'thresholds', vipMin: 500_000, potentialMin: 50_000 },
  lifecycle: { newMonths: 3, resurrectedRecentMonths: 3, resurrectedGapMonths: 6, loyalMinTenureMonths: 36, loyalMinActiveMonths: 10 },
};

type Text = { zh: string; en: string };
const fmt = (n: number) => n.toLocaleString('en-US');

/** Each rule's definition in words (shown beside the editor), from its parameters. */
export function describeRule<K extends RuleId>(rule: K, def: RuleDefinitions[K]): { description: Text; categories: Array<{ value: string; description: Text }> } {
  switch (rule) {
    case 'invalid': {
      const d = def as RuleDefinitions['invalid'];
      return {
        description: {
          zh: `行内资产(AUM) ≤ ${fmt(d.maxAum)} 元，且近 ${d.windowMonths} 个月无存款、取款或转入交易`,
          en: `AUM ≤ ${fmt(d.maxAum)} and no deposit, withdrawal or incoming transfer in the last ${d.windowMonths} months`,
        },
        categories: [],
      };
    }
    case 'dormant': {
      const d = def as RuleDefinitions['dormant'];
      return {
        description: {
          zh: `近 ${d.windowMonths} 个月无客户主动交易（利息、费用等银行记账不计）`,
          en: `No customer-initiated transaction in the last ${d.windowMonths} months (interest and fees do not count)`,
        },
        categories: [],
      };
    }
    case 'value_tier': {
      const d = def as RuleDefinitions['value_tier'];
      const [vip, potential]: [Text, Text] =
        d.method === 'thresholds'
          ? [
              { zh: `AUM ≥ ${fmt(d.vipMin)}`, en: `AUM ≥ ${fmt(d.vipMin)}` },
              { zh: `${fmt(d.potentialMin)} ≤ AUM < ${fmt(d.vipMin)}`, en: `${fmt(d.potentialMin)} ≤ AUM < ${fmt(d.vipMin)}` },
            ]
          : [
              { zh: `AUM 最高的 ${d.vipTopShare * 100}% 客户`, en: `The top ${d.vipTopShare * 100}% of customers by AUM` },
              { zh: `AUM 前 ${d.potentialTopShare * 100}%（不含 VIP）`, en: `The top ${d.potentialTopShare * 100}% by AUM, VIP excluded` },
            ];
      return {
        description: d.method === 'thresholds' ? { zh: '按 AUM 阈值分层', en: 'Tiers by AUM thresholds' } : { zh: '按 AUM 分位数分层', en: 'Tiers by AUM quantiles' },
        categories: [
          { value: 'vip', description: vip },
          { value: 'potential', description: potential },
          { value: 'long_tail', description: { zh: '其余客户', en: 'Everybody else' } },
        ],
      };
    }
    case 'lifecycle': {
      const d = def as RuleDefinitions['lifecycle'];
      return {
        description: { zh: '按顺序判定，取第一个满足的阶段', en: 'Stages are tested in order; the first that holds is the stage' },
        categories: [
          { value: 'prospect', description: { zh: '尚未开立任何账户', en: 'No account opened yet' } },
          { value: 'churned', description: { zh: '所有账户均已销户', en: 'Every account is closed' } },
          { value: 'new', description: { zh: `开户不满 ${d.newMonths} 个月`, en: `Onboarded less than ${d.newMonths} months ago` } },
          {
            value: 'resurrected',
            description: {
              zh: `近 ${d.resurrectedRecentMonths} 个月有交易，此前连续 ${d.resurrectedGapMonths} 个月无交易，更早曾有交易`,
              en: `Active in the last ${d.resurrectedRecentMonths} months after ${d.resurrectedGapMonths} months without a transaction, and active before that`,
            },
          },
          { value: 'dormant', description: { zh: '符合休眠规则', en: 'The dormant rule holds' } },
          {
            value: 'loyal',
            description: {
              zh: `客龄 ≥ ${d.loyalMinTenureMonths} 个月，且近 12 个月中至少 ${d.loyalMinActiveMonths} 个月有交易`,
              en: `Tenure ≥ ${d.loyalMinTenureMonths} months and active in at least ${d.loyalMinActiveMonths} of the last 12 months`,
            },
          },
          { value: 'active', description: { zh: '其余有交易的客户', en: 'Everybody else' } },
        ],
      };
    }
  }
  throw new Error(`unknown rule ${String(rule)}`);
}
