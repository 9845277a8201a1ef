import { UNITS, type Bilingual, type FieldEntry } from './entry';
import { PROFILE_FIELDS } from './profile-fields';

/** Source-table columns (other than the customers table, whose columns are profile fields), keyed `table.column`. */
const c = (field: string, group: FieldEntry['group'], unit: Bilingual, zh: string, en: string, defZh: string, defEn: string): FieldEntry =>
  ({ field, group, unit, name: { zh, en }, definition: { zh: defZh, en: defEn } });

const SOURCE_COLUMNS: FieldEntry[] = [
  c('accounts.account_id', 'products', UNITS.code, '账号', 'Account ID', '账户唯一编号', 'Unique account number'),
  c('accounts.customer_id', 'products', UNITS.code, '客户号', 'Customer ID', '账户所属客户', 'Customer owning the account'),
  c('accounts.product_type', 'products', UNITS.code, '产品类型', 'Product type', '活期、储蓄、定期、理财、基金、保险、贷款、信用卡之一', 'One of current, savings, time deposit, wealth, fund, insurance, loan, credit card'),
  c('accounts.open_date', 'products', UNITS.date, '开立日期', 'Open date', '账户开立日期', 'Date the account was opened'),
  c('accounts.close_date', 'products', UNITS.date, '销户日期', 'Close date', '账户销户日期，未销户为空', 'Date the account was closed; empty while open'),
  c('accounts.status', 'products', UNITS.code, '账户状态', 'Status', '账户状态；closed 视为已销户', 'Account status; closed means closed'),
  c('accounts.currency', 'products', UNITS.code, '币种', 'Currency', '账户币种，空为人民币', 'Account currency; empty means CNY'),
  c('accounts.balance', 'assets', UNITS.yuan, '账户余额', 'Balance', '账户当前余额（原币）', 'Current balance in the account currency'),
  c('transactions.txn_id', 'transactions', UNITS.code, '交易流水号', 'Transaction ID', '交易唯一编号', 'Unique transaction number'),
  c('transactions.account_id', 'transactions', UNITS.code, '账号', 'Account ID', '交易所属账户', 'Account of the transaction'),
  c('transactions.customer_id', 'transactions', UNITS.code, '客户号', 'Customer ID', '交易所属客户', 'Customer of the transaction'),
  c('transactions.ts', 'transactions', UNITS.time, '交易时间', 'Time', '交易发生时间', 'When the transaction happened'),
  c('transactions.amount', 'transactions', UNITS.yuan, '交易金额', 'Amount', '交易金额（正数）', 'Transaction amount (positive)'),
  c('transactions.direction', 'transactions', UNITS.code, '借贷方向', 'Direction', 'credit 入账，debit 出账', 'credit in, debit out'),
  c('transactions.txn_type', 'transactions', UNITS.code, '交易类型', 'Type', '代发、转账、消费、现金、手续费、利息之一', 'One of payroll, transfer, consumption, cash, fee, interest'),
  c('transactions.channel', 'channels', UNITS.code, '交易渠道', 'Channel', '手机银行、网银、柜面、ATM、POS 之一', 'One of mobile, online, counter, ATM, POS'),
  c('transactions.counterparty_bank', 'transactions', UNITS.text, '对手行', 'Counterparty bank', '转账对方银行；本行之外为他行', 'Bank of the other party; other than this bank means another bank'),
  c('balances.customer_id', 'assets', UNITS.code, '客户号', 'Customer ID', '月末资产所属客户', 'Customer of the month-end assets'),
  c('balances.month', 'assets', UNITS.date, '月份', 'Month', '资产所属月份（月初日期）', 'Month of the assets (its first day)'),
  c('balances.aum', 'assets', UNITS.yuan, '月末资产', 'Month-end AUM', '该月月末总资产：存款 + 理财，外币按 7.20 折算', 'Month-end total assets: deposits + wealth, foreign currency at 7.20'),
  c('holdings.customer_id', 'products', UNITS.code, '客户号', 'Customer ID', '持仓所属客户', 'Customer of the holding'),
  c('holdings.product_code', 'products', UNITS.code, '产品代码', 'Product code', '持有产品的代码', 'Code of the product held'),
  c('holdings.product_type', 'products', UNITS.code, '产品类型', 'Product type', '持有产品的类型', 'Type of the product held'),
  c('holdings.start_date', 'products', UNITS.date, '起始日期', 'Start date', '持有开始日期', 'Date the holding started'),
  c('holdings.end_date', 'products', UNITS.date, '到期日期', 'End date', '持有结束日期，持有中为空', 'Date the holding ended; empty while held'),
  c('holdings.amount', 'assets', UNITS.yuan, '持有金额', 'Amount', '持有金额', 'Amount held'),
  c('contacts.campaign_id', 'behaviour', UNITS.code, '活动编号', 'Campaign ID', '营销活动编号', 'Campaign identifier'),
  c('contacts.customer_id', 'behaviour', UNITS.code, '客户号', 'Customer ID', '被触达客户', 'Customer contacted'),
  c('contacts.contact_ts', 'behaviour', UNITS.time, '触达时间', 'Contact time', '营销触达时间', 'When the customer was contacted'),
  c('contacts.channel', 'channels', UNITS.code, '触达渠道', 'Contact channel', '营销触达渠道', 'Channel of the contact'),
  c('contacts.arm', 'behaviour', UNITS.code, '实验分组', 'Arm', 'treatment 实验组，control 对照组（不触达）', 'treatment or control (not contacted)'),
  c('contacts.responded', 'behaviour', UNITS.flag, '是否响应', 'Responded', '客户是否响应', 'Whether the customer responded'),
  c('contacts.response_ts', 'behaviour', UNITS.time, '响应时间', 'Response time', '客户响应时间', 'When the customer responded'),
  c('contacts.outcome', 'behaviour', UNITS.code, '响应结果', 'Outcome', '响应后的结果', 'Outcome of the response'),
  c('events.customer_id', 'behaviour', UNITS.code, '客户号', 'Customer ID', '事件所属客户', 'Customer of the event'),
  c('events.ts', 'behaviour', UNITS.time, '事件时间', 'Event time', '事件发生时间', 'When the event happened'),
  c('events.event_name', 'behaviour', UNITS.code, '事件名称', 'Event name', '行为事件名称（如登录、浏览）', 'Name of the behaviour event (e.g. login, view)'),
  c('events.properties', 'behaviour', UNITS.text, '事件属性', 'Properties', '事件附带的 JSON 属性', 'JSON properties of the event'),
];

const BY_KEY = new Map(SOURCE_COLUMNS.map((e) => [e.field, e]));
const PROFILE = new Map(PROFILE_FIELDS.map((e) => [e.field, e]));

/** The source tables' own columns (the customers table's are the profile fields). */
export function canonicalSourceEntries(): readonly FieldEntry[] {
  return SOURCE_COLUMNS;
}

/** A canonical column's entry; the customers table's columns are the profile's own. */
export function canonicalEntry(table: string, column: string): FieldEntry | undefined {
  return table === 'customers' ? PROFILE.get(column) : BY_KEY.get(`${table}.${column}`);
}
