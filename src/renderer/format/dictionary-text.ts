import { codeLabel, columnEntry, type DictionaryLang } from '../../shared/data-dictionary';

type CellValue = string | number | boolean | bigint | null | undefined;

/** A value as the reader reads it: a code by its name (long_tail → 长尾客户, true → 是), anything else as it is. */
export function codedText(field: string, value: CellValue, lang: DictionaryLang): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean' || typeof value === 'string') return codeLabel(field, String(value), lang);
  return String(value);
}

/** A column's header: its business name, and for the hover its technical name and definition. */
export function columnHeading(table: string | null, column: string, lang: DictionaryLang): { label: string; title: string } {
  const entry = columnEntry(table, column);
  return entry ? { label: entry.name[lang], title: `${column} — ${entry.definition[lang]}` } : { label: column, title: column };
}
