import type { ColumnInfo } from '../../shared/table-types';
import { quoteIdent } from '../sql/identifiers';

/**
 * Personal data is masked in the engine, in the SELECT that feeds the renderer, so an unmasked ID
 * number or mobile number never crosses the protocol unless the caller asked for it explicitly.
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

const ID_SHAPE = "'[0-9]{17}[0-9Xx]'";
const MOBILE_SHAPE = "'1[3-9][0-9]{9}'";

const isText = (type: string) => type === 'VARCHAR' || type.startsWith('VARCHAR(');

function keepEnds(v: string, head: number, stars: string, tail: number): string {
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN length(${v}) > ${head + tail} THEN left(${v}, ${head}) || '${stars}' || right(${v}, ${tail}) ELSE repeat('*', length(${v})) END`;
}

/** The masked expression of one column (its own name as alias), or the plain column. */
export function maskedColumnSql(column: ColumnInfo): string {
  const ident = quoteIdent(column.name);
  const lower = column.name.toLowerCase();
  const personal = ID_NUMBER_COLUMNS.has(lower) || PHONE_COLUMNS.has(lower);
  // A number-typed phone or ID column still carries the personal value: it is masked as text.
  if (!isText(column.type) && !personal) return ident;
  const v = isText(column.type) ? ident : `CAST(${ident} AS VARCHAR)`;
  if (NAME_COLUMNS.has(lower)) {
    return `CASE WHEN ${v} IS NULL OR length(${v}) = 0 THEN ${v} ELSE left(${v}, 1) || '*' END AS ${ident}`;
  }
  if (ID_NUMBER_COLUMNS.has(lower)) return `${keepEnds(v, 3, '***********', 4)} AS ${ident}`;
  if (PHONE_COLUMNS.has(lower)) return `${keepEnds(v, 3, '****', 4)} AS ${ident}`;
  return `CASE WHEN regexp_full_match(${v}, ${ID_SHAPE}) THEN left(${v}, 3) || '***********' || right(${v}, 4)
    WHEN regexp_full_match(${v}, ${MOBILE_SHAPE}) THEN left(${v}, 3) || '****' || right(${v}, 4) ELSE ${v} END AS ${ident}`;
}

/** A SELECT list that masks personal data (or `*` when unmasked). */
export function maskedSelectList(columns: ColumnInfo[], unmasked: boolean): string {
  if (unmasked || !columns.some((c) => isText(c.type) || PHONE_COLUMNS.has(c.name.toLowerCase()) || ID_NUMBER_COLUMNS.has(c.name.toLowerCase()))) return '*';
  return columns.map(maskedColumnSql).join(', ');
}
