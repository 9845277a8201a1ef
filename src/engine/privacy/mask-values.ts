import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo } from '../../shared/table-types';

/**
 * Personal data is masked in the engine, on the values of the window about to be sent, so an
 * unmasked ID number or mobile number never crosses the protocol unless the caller asked for it.
 * (Masking in the SELECT cost ~10 ms per 200-row page — DuckDB binding a CASE per text column —
 * while masking the window's few thousand values here costs well under a millisecond.)
 *
 * Two nets:
 * - by column name (the canonical names and their usual aliases): a name keeps its first character
 *   (张三 → 张*), an ID number its first 3 and last 4 (110***********1234), a phone number its first
 *   3 and last 4 (138****5678), whatever the value looks like;
 * - by value shape, for every text column of any table (so `SELECT id_number AS x` in the SQL
 *   console is masked too): an 18-character resident ID (17 digits + digit or X) and an 11-digit
 *   mainland mobile number (1[3-9]…) are masked the same way.
 * A name cannot be recognised by its shape, so a renamed name column is masked only if its new name
 * is one of NAME_COLUMNS.
 */
export const NAME_COLUMNS = new Set(['name', 'customer_name', 'cust_name', 'full_name', '姓名', '客户姓名', '客户名称', '户名']);
export const ID_NUMBER_COLUMNS = new Set(['id_number', 'id_no', 'id_card', 'cert_no', 'certificate_number', '身份证号', '身份证号码', '证件号码', '证件号']);
export const PHONE_COLUMNS = new Set(['phone', 'mobile', 'mobile_phone', 'phone_number', 'tel', '手机号', '手机号码', '联系电话', '电话']);

const ID_SHAPE = /^[0-9]{17}[0-9Xx]$/;
const MOBILE_SHAPE = /^1[3-9][0-9]{9}$/;

export type MaskRule = 'name' | 'id_number' | 'phone' | 'shape' | 'none';

const isText = (type: string) => type === 'VARCHAR' || type.startsWith('VARCHAR(');

export function maskRuleFor(column: ColumnInfo): MaskRule {
  const lower = column.name.toLowerCase();
  if (NAME_COLUMNS.has(lower) && isText(column.type)) return 'name';
  // A number-typed phone or ID column still carries the personal value: it is masked as text.
  if (ID_NUMBER_COLUMNS.has(lower)) return 'id_number';
  if (PHONE_COLUMNS.has(lower)) return 'phone';
  return isText(column.type) ? 'shape' : 'none';
}

function keepEnds(text: string, head: number, stars: string, tail: number): string {
  const chars = [...text];
  return chars.length > head + tail ? chars.slice(0, head).join('') + stars + chars.slice(-tail).join('') : '*'.repeat(chars.length);
}

export function maskText(rule: MaskRule, text: string): string {
  switch (rule) {
    case 'name':
      return text.length === 0 ? text : `${[...text][0]}*`;
    case 'id_number':
      return keepEnds(text, 3, '***********', 4);
    case 'phone':
      return keepEnds(text, 3, '****', 4);
    case 'shape':
      if (text.length === 18 && ID_SHAPE.test(text)) return keepEnds(text, 3, '***********', 4);
      if (text.length === 11 && MOBILE_SHAPE.test(text)) return keepEnds(text, 3, '****', 4);
      return text;
    case 'none':
      return text;
  }
}

/** The column's values as they may leave the engine: masked text where the rule says so. */
export function maskColumnValues(column: ColumnInfo, values: readonly DuckDBValue[], ruleOverride?: MaskRule): { values: readonly DuckDBValue[]; asText: boolean } {
  const rule = ruleOverride ?? maskRuleFor(column);
  if (rule === 'none') return { values, asText: false };
  return { values: values.map((v) => (v === null ? null : maskText(rule, typeof v === 'string' ? v : String(v)))), asText: !isText(column.type) };
}
