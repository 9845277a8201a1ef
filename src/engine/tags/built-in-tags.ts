import { LIFECYCLE_STAGES, VALUE_TIERS } from '../../shared/customer-types';
import { CODE_VALUES } from '../../shared/data-dictionary';
import { rule, type RuleNode } from '../../shared/rule-language';
import { PRODUCT_TYPES } from '../profile/profile-lists';

export interface TagDef {
  id: string;
  nameZh: string;
  nameEn: string;
  description: string;
  category: string;
  definition: RuleNode;
}

/** Tier, stage and product names are the data dictionary's (one name for each code everywhere). */
const codeName = (field: string, code: string) => CODE_VALUES[field]?.[code] ?? { zh: code, en: code };
/** Occupations that run a business (个体工商户 …); the seasonal-merchant tag looks at them. */
export const MERCHANT_OCCUPATIONS = ['个体工商户', '私营企业主', '企业主', '商户'];

/**
 * The built-in tags: the rules, each product held, life stage from age and children, payroll, and
 * merchants with seasonal cash flow. Each is a rule tree over profile fields like a user tag; one
 * whose fields the profile lacks (no `children` column, say) is listed without a count.
 */
export const BUILT_IN_TAGS: TagDef[] = [
  { id: 'rule:invalid', nameZh: '无效客户', nameEn: 'Invalid customer', description: 'rules.invalid', category: 'rule', definition: rule.eq('is_invalid', true) },
  { id: 'rule:valid', nameZh: '有效客户', nameEn: 'Valid customer', description: 'rules.invalid', category: 'rule', definition: rule.eq('is_invalid', false) },
  { id: 'rule:dormant', nameZh: '休眠客户', nameEn: 'Dormant customer', description: 'rules.dormant', category: 'rule', definition: rule.eq('is_dormant', true) },
  ...VALUE_TIERS.map((tier) => ({
    id: `tier:${tier}`, nameZh: codeName('value_tier', tier).zh, nameEn: codeName('value_tier', tier).en, description: 'rules.value_tier', category: 'value_tier', definition: rule.eq('value_tier', tier),
  })),
  ...LIFECYCLE_STAGES.map((stage) => ({
    id: `lifecycle:${stage}`, nameZh: `生命周期：${codeName('lifecycle_stage', stage).zh}`, nameEn: `Lifecycle: ${codeName('lifecycle_stage', stage).en}`, description: 'rules.lifecycle', category: 'lifecycle', definition: rule.eq('lifecycle_stage', stage),
  })),
  ...PRODUCT_TYPES.map((type) => ({
    id: `product:${type}`, nameZh: `持有${codeName('product_type', type).zh}`, nameEn: `Holds ${codeName('product_type', type).en.toLowerCase()}`, description: `An open ${type} account at the as-of date`, category: 'product', definition: rule.eq(`holds_${type}`, true),
  })),
  { id: 'product:multi', nameZh: '多产品客户', nameEn: 'Three or more products', description: 'Holds at least three product types', category: 'product', definition: rule.cmp('product_count', '>=', 3) },
  { id: 'life:young_single', nameZh: '单身青年', nameEn: 'Young single', description: 'Age 18–34, not married, no children', category: 'life_stage',
    definition: rule.and(rule.between('age', 18, 34), rule.eq('marital_status', '未婚'), rule.or(rule.eq('children', 0), { kind: 'field', field: 'children', op: 'is_empty' })) },
  { id: 'life:young_family', nameZh: '有未成年子女家庭', nameEn: 'Family with children under 18', description: 'Married with at least one child under 18', category: 'life_stage',
    definition: rule.and(rule.eq('marital_status', '已婚'), rule.cmp('children', '>', 0), rule.cmp('youngest_child_age', '<', 18)) },
  { id: 'life:empty_nest', nameZh: '空巢家庭', nameEn: 'Empty nest', description: 'Age 45–64 with children, the youngest 18 or older', category: 'life_stage',
    definition: rule.and(rule.between('age', 45, 64), rule.cmp('children', '>', 0), rule.cmp('youngest_child_age', '>=', 18)) },
  { id: 'life:retired', nameZh: '退休人群', nameEn: 'Retirement age', description: 'Age 60 or older', category: 'life_stage', definition: rule.cmp('age', '>=', 60) },
  { id: 'payroll', nameZh: '代发客户', nameEn: 'Payroll customer', description: 'A salary credited in the last 12 months', category: 'behaviour', definition: rule.eq('payroll_flag', true) },
  { id: 'payroll:outflow', nameZh: '代发资金流出', nameEn: 'Payroll outflow', description: '≥ 80 % of salary credits moved to another bank within 7 days', category: 'behaviour',
    definition: rule.and(rule.eq('payroll_flag', true), rule.cmp('payroll_outflow_ratio', '>=', 0.8)) },
  { id: 'merchant:seasonal', nameZh: '季末资金商户', nameEn: 'Merchant, seasonal cash flow', description: 'A merchant whose inflows (12 months, salary excluded) are ≥ 60 % in quarter-end months', category: 'behaviour',
    definition: rule.and(rule.in('occupation', MERCHANT_OCCUPATIONS), rule.cmp('quarter_end_inflow_share', '>=', 0.6), rule.cmp('txn_count_12m', '>=', 4)) },
];
