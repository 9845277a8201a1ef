import { GROUP_NAMES, definition, fieldEntry, fieldLabel, type DictionaryGroup, type DictionaryLang } from '../../../shared/data-dictionary';

/**
 * The field picker's choices and its search: every choice carries its business names in both
 * languages, its group and its one-line definition from the data dictionary, so typing 资产 or aum
 * (or a word of the definition) finds it whatever the screen's language.
 */
export type PickerGroup = DictionaryGroup | 'segments' | 'other';

export interface PickerOption {
  /** What the picker reports: field:<name>, tag:<id>, segment:<id>, kind:<behaviour>. */
  value: string;
  /** The name in the screen's language (the business name of a field). */
  label: string;
  /** Technical name (or id), shown small and searched. */
  secondary: string;
  /** The business name in the other language (fields the dictionary names), shown and searched. */
  alternate: string;
  group: PickerGroup;
  definition: string;
  /** The profile field whose distribution the option's sparkline draws (fields only). */
  field?: string;
  /** Further text the search looks in (the other language's name and definition). */
  keywords: string;
}

export interface OptionGroup {
  group: PickerGroup;
  options: PickerOption[];
}

/** Dictionary order (资产 / 交易 / 代发 / 产品 / 渠道 / 人口属性 / 标签 / 行为), then segments and fields the dictionary lacks. */
export const GROUP_ORDER: readonly PickerGroup[] = ['assets', 'transactions', 'payroll', 'products', 'channels', 'demographics', 'tags', 'behaviour', 'segments', 'other'];

const other = (lang: DictionaryLang): DictionaryLang => (lang === 'zh' ? 'en' : 'zh');

/** A profile field as a choice: its dictionary names, group and definition. */
export function fieldOption(name: string, lang: DictionaryLang): PickerOption {
  const entry = fieldEntry(name);
  const alt = other(lang);
  return {
    value: `field:${name}`,
    label: fieldLabel(name, lang),
    secondary: name,
    alternate: entry ? fieldLabel(name, alt) : '',
    group: entry?.group ?? 'other',
    definition: definition(name, lang) ?? '',
    field: name,
    keywords: definition(name, alt) ?? '',
  };
}

/** Anything else (a tag, a segment, a behavioural condition) as a choice. */
export function plainOption(value: string, group: PickerGroup, label: string, extra: { secondary?: string; definition?: string; keywords?: string } = {}): PickerOption {
  return { value, label, group, secondary: extra.secondary ?? '', alternate: '', definition: extra.definition ?? '', keywords: extra.keywords ?? '' };
}

export function groupName(group: PickerGroup, lang: DictionaryLang, fallback: { segments: string; other: string }): string {
  if (group === 'segments' || group === 'other') return fallback[group];
  return GROUP_NAMES[group][lang];
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * How well an option matches one search word: 0 its name starts with it, 1 its name contains it,
 * 2 its group does, 3 its definition or other-language text does; null no match.
 */
function wordRank(option: PickerOption, word: string): number | null {
  const names = [option.label, option.secondary, option.alternate].map(normalize);
  if (names.some((n) => n.startsWith(word) || n.split(/[_\s（(]/).some((part) => part.startsWith(word)))) return 0;
  if (names.some((n) => n.includes(word))) return 1;
  const group = option.group === 'segments' || option.group === 'other' ? '' : `${GROUP_NAMES[option.group].zh} ${GROUP_NAMES[option.group].en}`;
  if (normalize(group).includes(word)) return 2;
  if (normalize(`${option.definition} ${option.keywords}`).includes(word)) return 3;
  return null;
}

/**
 * The options matching every word of the query, grouped in GROUP_ORDER, best matches first
 * inside a group (ties keep the given order). An empty query lists everything.
 */
export function matchOptions(options: readonly PickerOption[], query: string): OptionGroup[] {
  const words = normalize(query).split(/\s+/).filter((w) => w !== '');
  const ranked: Array<{ option: PickerOption; rank: number; index: number }> = [];
  options.forEach((option, index) => {
    let rank = 0;
    for (const word of words) {
      const r = wordRank(option, word);
      if (r === null) return;
      rank = Math.max(rank, r);
    }
    ranked.push({ option, rank, index });
  });
  return GROUP_ORDER.map((group) => ({
    group,
    options: ranked
      .filter((r) => r.option.group === group)
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((r) => r.option),
  })).filter((g) => g.options.length > 0);
}

/** The groups' options in display order: what the arrow keys walk through. */
export function flatOptions(groups: readonly OptionGroup[]): PickerOption[] {
  return groups.flatMap((g) => g.options);
}
