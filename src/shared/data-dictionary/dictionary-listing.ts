import { CODE_VALUES, TAG_PREFIXES } from './code-values';
import { canonicalSourceEntries } from './canonical-columns';
import { GROUP_NAMES, UNITS, type Bilingual, type DictionaryGroup, type DictionaryLang } from './entry';
import { PROFILE_FIELDS } from './profile-fields';

/**
 * The whole dictionary as one list, as the Data dictionary view shows it and its Excel export
 * writes it: profile fields, source-table columns, tag prefixes and code values, each with both
 * names, its group, unit and definition.
 */
export type DictionaryKind = 'field' | 'column' | 'tag' | 'code';

export interface DictionaryRow {
  kind: DictionaryKind;
  /** The technical name: `aum_latest`, `accounts.balance`, `tier:`, `value_tier = long_tail`. */
  technical: string;
  name: Bilingual;
  group: DictionaryGroup;
  unit: Bilingual;
  definition: Bilingual;
}

export const KIND_NAMES: Record<DictionaryKind, Bilingual> = {
  field: { zh: '画像字段', en: 'Profile field' },
  column: { zh: '源表字段', en: 'Source column' },
  tag: { zh: '标签前缀', en: 'Tag prefix' },
  code: { zh: '代码值', en: 'Code value' },
};

/** Which group a coded field's values belong to (the field's own group where it is a profile field). */
const CODE_GROUP: Record<string, DictionaryGroup> = { product_type: 'products', txn_type: 'transactions', direction: 'transactions', campaign_channel: 'channels', suppression_kind: 'behaviour', arm: 'behaviour', boolean: 'tags', channel: 'channels', last_response: 'behaviour' };

function codeRows(): DictionaryRow[] {
  const profileGroup = new Map(PROFILE_FIELDS.map((e) => [e.field, e.group]));
  return Object.entries(CODE_VALUES).flatMap(([field, codes]) =>
    Object.entries(codes).map(([code, name]) => ({
      kind: 'code' as const,
      technical: `${field} = ${code}`,
      name,
      group: CODE_GROUP[field] ?? profileGroup.get(field) ?? 'tags',
      unit: UNITS.code,
      definition: { zh: `字段 ${field} 的代码 ${code}`, en: `Code ${code} of ${field}` },
    })),
  );
}

function tagRows(): DictionaryRow[] {
  return Object.entries(TAG_PREFIXES).map(([prefix, tag]) => ({
    kind: 'tag' as const,
    technical: `${prefix}:`,
    name: tag.name,
    group: 'tags' as const,
    unit: UNITS.code,
    definition: { zh: `标签 ${prefix}:<代码>，代码取自 ${tag.field}`, en: `Tag ${prefix}:<code>, the code one of ${tag.field}` },
  }));
}

export function dictionaryRows(): DictionaryRow[] {
  return [
    ...PROFILE_FIELDS.map((e) => ({ kind: 'field' as const, technical: e.field, name: e.name, group: e.group, unit: e.unit, definition: e.definition })),
    ...canonicalSourceEntries().map((e) => ({ kind: 'column' as const, technical: e.field, name: e.name, group: e.group, unit: e.unit, definition: e.definition })),
    ...tagRows(),
    ...codeRows(),
  ];
}

/** Whether a row matches a search: either name, the technical name or either definition, case-insensitively. */
export function matchesSearch(row: DictionaryRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [row.technical, row.name.zh, row.name.en, row.definition.zh, row.definition.en].some((text) => text.toLowerCase().includes(q));
}

export const GROUP_ORDER = Object.keys(GROUP_NAMES) as DictionaryGroup[];

/** Rows by group, in the dictionary's group order; groups with no row are left out. */
export function groupRows(rows: readonly DictionaryRow[]): Array<{ group: DictionaryGroup; rows: DictionaryRow[] }> {
  return GROUP_ORDER.map((group) => ({ group, rows: rows.filter((r) => r.group === group) })).filter((g) => g.rows.length > 0);
}

export function groupName(group: DictionaryGroup, lang: DictionaryLang): string {
  return GROUP_NAMES[group][lang];
}
