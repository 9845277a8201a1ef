/**
 * Every planted parameter of the demo bank in one place. DEMO-BANK.md explains each rule; the
 * truth object (demo-truth.ts) carries these values so a test or an analyst can compare what an
 * analysis recovers with what was planted.
 */

export const AGE_BANDS = ['18-29', '30-44', '45-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const VALUE_TIERS = ['vip', 'potential', 'long_tail'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export const FUNNEL_STEPS = ['contacted', 'attended', 'inquired', 'applied', 'opened'] as const;

/** Our own bank as it appears in counterparty_bank for intra-bank transfers. */
export const OWN_BANK = '本行';

/** Other banks a customer's money can leave for (他行). */
export const OTHER_BANKS = ['工商银行', '建设银行', '农业银行', '中国银行', '招商银行', '交通银行', '邮储银行', '浦发银行', '兴业银行', '平安银行'] as const;

export const DEMO_PARAMS = {
  /** AUM tiers on the latest month's aum (yuan): vip ≥ vipMin, potential ≥ potentialMin, else long tail. */
  tiers: { vipMin: 500_000, potentialMin: 50_000 },
  /** Balance cut-off for "small" accounts (DESIGN.md: 71 % of accounts hold 0–100). */
  smallBalanceMax: 100,
  /** Fixed rate used to count USD balances in CNY AUM. */
  usdCny: 7.2,
  /** Rule windows, in months before the as-of date: ts > as_of - INTERVAL n MONTH. */
  windows: { dormantMonths: 6, invalidMonths: 12, payrollMonths: 12 },
  invalid: { maxAum: 100 },
  /** Share of customers who opened a card for a gift and never used it (开卡送礼): no activity at all. */
  zombieShare: 0.18,
  /** Share of the other non-payroll customers who go quiet at a random date (dormancy candidates). */
  quietShare: 0.14,
  /** Extra debit cards per customer ~ floor(Exp(mean)), almost all empty: the mass of 0–100 accounts. */
  extraCardsMean: 3.8,
  /**
   * Payroll (代发): who receives a monthly salary, on their employer's payday, and which share of each
   * occupation group moves ≥ 80 % of every salary to another bank within 7 days (the planted group
   * share is realised exactly, by rank within the group).
   */
  payroll: {
    eligibility: { 公务员: 0.8, 事业单位职工: 0.75, 教师: 0.75, 医生: 0.7, 企业职员: 0.55, 专业技术人员: 0.5 } as Record<string, number>,
    outflowShare: { 公务员: 0.05, 事业单位职工: 0.1, 教师: 0.1, 医生: 0.15, 企业职员: 0.3, 专业技术人员: 0.4 } as Record<string, number>,
    paydays: [5, 10, 15],
    medianSalary: { 公务员: 9_000, 事业单位职工: 8_000, 教师: 8_500, 医生: 12_000, 企业职员: 7_500, 专业技术人员: 11_000 } as Record<string, number>,
    /** An outflow customer moves this share of each salary out (uniform between the two). */
    outflowMoved: [0.85, 0.98],
    /** …within 1–5 days, one or two transfers: well inside the 7-day rule window. */
    outflowRule: { minShare: 0.8, withinDays: 7 },
  },
  /**
   * Monthly churn hazard by age band × planted value tier (the tier of the customer's pre-churn AUM).
   * A churned customer closes every account on the churn date after draining AUM over 3 months.
   */
  churnHazard: {
    vip: { '18-29': 0.006, '30-44': 0.004, '45-59': 0.003, '60+': 0.002 },
    potential: { '18-29': 0.012, '30-44': 0.008, '45-59': 0.005, '60+': 0.004 },
    long_tail: { '18-29': 0.015, '30-44': 0.01, '45-59': 0.007, '60+': 0.005 },
  } as Record<ValueTier, Record<AgeBand, number>>,
  /** AUM path of the three months before churn (share of the pre-churn level): the outflow signal. */
  churnDrain: [0.55, 0.3, 0.1],
  /**
   * Campaigns at fractions of the window; each contacts targetShare of the eligible customers and
   * holds out controlShare of them as the control arm (recorded, not contacted).
   */
  campaigns: [
    { id: 'CMP-WEALTH-01', atFraction: 0.25, product: 'wealth' },
    { id: 'CMP-WAKEUP-02', atFraction: 0.45, product: 'current' },
    { id: 'CMP-SALON-03', atFraction: 0.65, product: 'fund' },
    { id: 'CMP-PAYROLL-04', atFraction: 0.85, product: 'time_deposit' },
  ],
  targetShare: 0.25,
  controlShare: 0.2,
  /**
   * Response logit = intercept + age·(age−45)/10 + aum·log10(1+AUM) + tenure·years
   *   + (treatment only) treatment + channel[channel].
   * age = full years at the contact date, AUM = the customer's pre-churn planned AUM, tenure = years
   * since onboarding at the contact date. The control arm responds organically (no treatment/channel).
   */
  response: {
    intercept: -4.4,
    agePerDecade: -0.15,
    aumPerLog10: 0.35,
    tenurePerYear: 0.03,
    treatment: 0.8,
    channel: { sms: 0, app: 0.3, wechat: 0.45, phone: 0.7, rm_visit: 1.1 } as Record<string, number>,
  },
  /** The 5-step salon funnel of CMP-SALON-03's treatment arm: step conversion (k → k+1) by age band. */
  funnelCampaign: 'CMP-SALON-03',
  funnelConversion: {
    '18-29': [0.25, 0.3, 0.4, 0.6],
    '30-44': [0.35, 0.4, 0.5, 0.7],
    '45-59': [0.45, 0.45, 0.55, 0.75],
    '60+': [0.55, 0.35, 0.45, 0.8],
  } as Record<AgeBand, [number, number, number, number]>,
} as const;

export type DemoParams = typeof DEMO_PARAMS;
