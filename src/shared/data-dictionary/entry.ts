/** One data-dictionary entry: what a field means to the bank, in both languages. */
export type DictionaryLang = 'zh' | 'en';
export type DictionaryGroup = 'assets' | 'transactions' | 'payroll' | 'products' | 'channels' | 'demographics' | 'tags' | 'behaviour';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface FieldEntry {
  field: string;
  name: Bilingual;
  group: DictionaryGroup;
  unit: Bilingual;
  definition: Bilingual;
}

export const GROUP_NAMES: Record<DictionaryGroup, Bilingual> = {
  assets: { zh: '资产', en: 'Assets' },
  transactions: { zh: '交易', en: 'Transactions' },
  payroll: { zh: '代发', en: 'Payroll' },
  products: { zh: '产品', en: 'Products' },
  channels: { zh: '渠道', en: 'Channels' },
  demographics: { zh: '人口属性', en: 'Demographics' },
  tags: { zh: '标签', en: 'Tags' },
  behaviour: { zh: '行为', en: 'Behaviour' },
};

export const UNITS = {
  yuan: { zh: '元', en: 'CNY' },
  count: { zh: '笔', en: 'count' },
  months: { zh: '月', en: 'months' },
  years: { zh: '年', en: 'years' },
  days: { zh: '天', en: 'days' },
  ratio: { zh: '比例', en: 'ratio' },
  flag: { zh: '是/否', en: 'yes/no' },
  code: { zh: '代码', en: 'code' },
  date: { zh: '日期', en: 'date' },
  time: { zh: '时间', en: 'timestamp' },
  text: { zh: '文本', en: 'text' },
  score: { zh: '分（1–5）', en: 'score (1–5)' },
  number: { zh: '个', en: 'number' },
} satisfies Record<string, Bilingual>;
