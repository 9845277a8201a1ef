import type { Bilingual } from './entry';

/** Code values of the profile's and the campaigns' coded fields, by field. */
export const CODE_VALUES: Record<string, Record<string, Bilingual>> = {
  value_tier: {
    vip: { zh: '贵宾客户', en: 'VIP' },
    potential: { zh: '潜力客户', en: 'Potential' },
    long_tail: { zh: '长尾客户', en: 'Long tail' },
  },
  lifecycle_stage: {
    prospect: { zh: '潜在客户', en: 'Prospect' },
    new: { zh: '新客户', en: 'New' },
    active: { zh: '活跃客户', en: 'Active' },
    loyal: { zh: '忠诚客户', en: 'Loyal' },
    dormant: { zh: '休眠客户', en: 'Dormant' },
    churned: { zh: '流失客户', en: 'Churned' },
    resurrected: { zh: '回流客户', en: 'Resurrected' },
  },
  channel: {
    mobile: { zh: '手机银行', en: 'Mobile banking' },
    online: { zh: '网上银行', en: 'Online banking' },
    counter: { zh: '柜面', en: 'Counter' },
    atm: { zh: '自助设备（ATM）', en: 'ATM' },
    pos: { zh: 'POS 刷卡', en: 'POS' },
  },
  arm: {
    treatment: { zh: '实验组', en: 'Treatment' },
    control: { zh: '对照组', en: 'Control' },
  },
  last_response: {
    responded: { zh: '已响应', en: 'Responded' },
    no_response: { zh: '未响应', en: 'No response' },
  },
  campaign_channel: {
    sms: { zh: '短信', en: 'SMS' },
    phone: { zh: '电话外呼', en: 'Phone call' },
    app_push: { zh: '手机银行推送', en: 'App push' },
    rm_visit: { zh: '客户经理拜访', en: 'RM visit' },
    email: { zh: '电子邮件', en: 'Email' },
  },
  suppression_kind: {
    staff: { zh: '排除本行员工', en: 'Exclude staff' },
    id_list: { zh: '排除名单', en: 'Exclusion list' },
    holds_product: { zh: '排除已持有产品者', en: 'Exclude product holders' },
    segment: { zh: '排除客群', en: 'Exclude segment' },
    contact_fatigue: { zh: '触达疲劳排除', en: 'Contact fatigue' },
  },
  product_type: {
    current: { zh: '活期', en: 'Current account' },
    savings: { zh: '储蓄', en: 'Savings' },
    time_deposit: { zh: '定期存款', en: 'Time deposit' },
    wealth: { zh: '理财', en: 'Wealth management' },
    fund: { zh: '基金', en: 'Fund' },
    insurance: { zh: '保险', en: 'Insurance' },
    loan: { zh: '贷款', en: 'Loan' },
    credit_card: { zh: '信用卡', en: 'Credit card' },
  },
  txn_type: {
    payroll: { zh: '代发工资', en: 'Payroll' },
    transfer: { zh: '转账', en: 'Transfer' },
    consumption: { zh: '消费', en: 'Consumption' },
    cash: { zh: '现金', en: 'Cash' },
    fee: { zh: '手续费', en: 'Fee' },
    interest: { zh: '利息', en: 'Interest' },
  },
  direction: {
    credit: { zh: '入账', en: 'Credit' },
    debit: { zh: '出账', en: 'Debit' },
  },
    boolean: {
    true: { zh: '是', en: 'Yes' },
    false: { zh: '否', en: 'No' },
  },
};

/** Prefixes of tag codes (`tier:long_tail`) to the field whose codes they name. */
export const TAG_PREFIXES: Record<string, { field: string; name: Bilingual }> = {
  tier: { field: 'value_tier', name: { zh: '价值分层', en: 'Value tier' } },
  lifecycle: { field: 'lifecycle_stage', name: { zh: '生命周期', en: 'Lifecycle' } },
  channel: { field: 'channel', name: { zh: '渠道', en: 'Channel' } },
};
