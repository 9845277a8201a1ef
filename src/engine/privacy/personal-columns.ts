import type { ColumnInfo } from '../../shared/table-types';
import { ID_NUMBER_COLUMNS, NAME_COLUMNS, PHONE_COLUMNS, maskRuleFor, type MaskRule } from './mask-values';

/**
 * Which columns hold personal data, by what they hold rather than what they are called:
 *
 * - the customers' own personal columns (customers.name, id_number, phone — what the import
 *   mapped onto those canonical names, whatever the file's header said), and what is built from
 *   them: customer_profile copies them;
 * - a table the user made (an import into a table of her own, a console CREATE TABLE AS): every
 *   column the import would map onto a personal canonical name (name, 客户姓名, 身份证号, 手机号…),
 *   since its values came from outside and nothing else says what they are;
 * - the app's own `_sw_*` tables hold the app's metadata (segment and rule names, versions,
 *   hashes): a saved segment called 高价值客户 is not a person. The exception is the import's
 *   rejected rows (`_sw_import_rejects`), whose raw lines and reasons are the file's text.
 *
 * Every other text column is still masked by shape where it leaves the engine (an 18-character ID,
 * an 11-digit mobile), whatever table it is in.
 */
export type PersonalRule = Extract<MaskRule, 'name' | 'id_number' | 'phone'> | 'loose';

const CANONICAL_PERSONAL: Record<string, PersonalRule> = { name: 'name', id_number: 'id_number', phone: 'phone' };
const DERIVED_FROM_CUSTOMERS = new Set(['customers', 'customer_profile']);
const REJECTS_TABLE = '_sw_import_rejects';

export function isAppTable(table: string): boolean {
  return table.startsWith('_sw_');
}

function ruleByHeader(column: string): PersonalRule | null {
  const lower = column.toLowerCase();
  if (NAME_COLUMNS.has(lower)) return 'name';
  if (ID_NUMBER_COLUMNS.has(lower)) return 'id_number';
  if (PHONE_COLUMNS.has(lower)) return 'phone';
  return null;
}

/** The personal rule of a column of a workspace table (main schema), or null. */
export function personalRule(table: string, column: ColumnInfo): PersonalRule | null {
  if (DERIVED_FROM_CUSTOMERS.has(table)) return CANONICAL_PERSONAL[column.name] ?? null;
  if (table === REJECTS_TABLE) return column.name === 'raw' || column.name === 'reason' ? 'loose' : null;
  if (isAppTable(table)) return null;
  const rule = ruleByHeader(column.name);
  // A name is text: a numeric column called `name` is not a person's name (as maskRuleFor).
  return rule === 'name' && maskRuleFor(column) !== 'name' ? null : rule;
}

