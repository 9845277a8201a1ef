import { canonicalEntry } from './canonical-columns';
import { CODE_VALUES, TAG_PREFIXES } from './code-values';
import { GROUP_NAMES, type DictionaryLang, type FieldEntry } from './entry';
import { PROFILE_FIELDS } from './profile-fields';

const BY_FIELD = new Map<string, FieldEntry>(PROFILE_FIELDS.map((e) => [e.field, e]));

export function fieldEntry(field: string): FieldEntry | undefined {
  return BY_FIELD.get(field);
}

/** The business name, or the technical name where the dictionary has none. */
export function fieldLabel(field: string, lang: DictionaryLang): string {
  return BY_FIELD.get(field)?.name[lang] ?? field;
}

export function definition(field: string, lang: DictionaryLang): string | undefined {
  return BY_FIELD.get(field)?.definition[lang];
}

export function unit(field: string, lang: DictionaryLang): string | undefined {
  return BY_FIELD.get(field)?.unit[lang];
}

export function group(field: string, lang: DictionaryLang): string | undefined {
  const entry = BY_FIELD.get(field);
  return entry ? GROUP_NAMES[entry.group][lang] : undefined;
}

/** A code's name (`long_tail` → 长尾客户); a tag `tier:long_tail` reads 价值分层：长尾客户. */
export function codeLabel(field: string, code: string, lang: DictionaryLang): string {
  const [prefix, rest] = code.includes(':') ? [code.slice(0, code.indexOf(':')), code.slice(code.indexOf(':') + 1)] : [undefined, code];
  const tag = prefix ? TAG_PREFIXES[prefix] : undefined;
  if (tag) return `${tag.name[lang]}${lang === 'zh' ? '：' : ': '}${codeLabel(tag.field, rest, lang)}`;
  const named = CODE_VALUES[field]?.[code] ?? (code === 'true' || code === 'false' ? CODE_VALUES.boolean?.[code] : undefined);
  return named?.[lang] ?? code;
}

/**
 * The entry of a column as a grid or an export shows it: a source table's own column
 * (`accounts.balance`) first, else the profile field of that name (results, segment members and
 * campaign lists carry profile columns under their own names).
 */
export function columnEntry(table: string | null, column: string): FieldEntry | undefined {
  return (table === null ? undefined : canonicalEntry(table, column)) ?? BY_FIELD.get(column);
}

/** Export header text: the zh business name then the technical name ("最新月末资产 aum_latest"). */
export function exportHeader(field: string, table: string | null = null): string {
  const entry = columnEntry(table, field);
  return entry ? `${entry.name.zh} ${field}` : field;
}
