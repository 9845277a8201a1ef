import type { ImportReject, ProfileResult, QualityCheck, QualityResult } from '../../shared/import-types';
import { maskRuleFor, maskText } from './mask-values';

/**
 * Masking of the import reports — column profiles, data-quality example rows and rejected rows —
 * with the rules of mask-values.ts, before they leave the engine (unless the caller asked for clear
 * values). The grid masks a window of typed column values; these reports carry values as text:
 *
 * - a profile: a column's min, max and most frequent values, by the column's name and type (a
 *   phone or ID column stored as a number also loses its histogram, whose bins would show it);
 * - an example row of a check: each value by its column's name, and text by its shape;
 * - a rejected row: its raw text is a line of the file, whose columns have no names here (the
 *   header is not kept). Each field (split at any delimiter the importer reads: , ; | tab) is masked
 *   by shape: an 18-character ID and an 11-digit mobile, also inside longer text, and a field of
 *   2–4 Chinese characters (or a longer one with a middle dot, 买买提·艾力), which is how a Chinese personal name
 *   looks — a short Chinese word such as 活期 is masked too: on this screen, one too many is better
 *   than one too few. The reason quotes the value it could not read: that value is masked the same way.
 */

const ID_IN_TEXT = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;
const HAN_NAME = /^\p{Script=Han}(?:\p{Script=Han}|·){1,9}$/u;
const DELIMITED = /([,;|\t])/;

/** A piece of free text: IDs and mobiles inside it masked, and the whole of it if it looks like a Chinese name. */
export function maskLooseText(text: string): string {
  const trimmed = text.trim();
  const han = [...trimmed.replace(/·/g, '')].length;
  if (HAN_NAME.test(trimmed) && han <= (trimmed.includes('·') ? 8 : 4)) {
    return text.replace(trimmed, maskText('name', trimmed));
  }
  return text.replace(ID_IN_TEXT, (id) => maskText('id_number', id)).replace(MOBILE_IN_TEXT, (m) => maskText('phone', m));
}

/** A raw line of a file: each field masked by shape (quotes and spacing around a field kept). */
export function maskRawLine(raw: string): string {
  return raw
    .split(DELIMITED)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a delimiter
      const m = /^(\s*["']?)(.*?)(["']?\s*)$/s.exec(part);
      return m ? `${m[1]}${maskLooseText(m[2]!)}${m[3]}` : maskLooseText(part);
    })
    .join('');
}

export function maskReject(reject: ImportReject): ImportReject {
  return {
    ...reject,
    raw: reject.raw === null ? null : maskRawLine(reject.raw),
    // 'cannot read "13800138000" as integer': the quoted value, and any ID or mobile elsewhere.
    reason: maskLooseText(reject.reason.replace(/"([^"]*)"/g, (_whole, value: string) => `"${maskLooseText(value)}"`)),
  };
}

type Cell = QualityCheck['examples'][number][string];

function maskCell(column: string, value: Cell): Cell {
  if (value === null || typeof value === 'boolean') return value;
  const rule = maskRuleFor({ name: column, type: typeof value === 'string' ? 'VARCHAR' : 'DOUBLE' });
  return rule === 'none' ? value : maskText(rule, String(value));
}

export function maskQualityResult(result: QualityResult): QualityResult {
  return {
    ...result,
    checks: result.checks.map((check) => ({
      ...check,
      examples: check.examples.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, maskCell(column, value)]))),
    })),
  };
}

export function maskProfile(profile: ProfileResult): ProfileResult {
  return {
    ...profile,
    columns: profile.columns.map((column) => {
      const rule = maskRuleFor({ name: column.name, type: column.type });
      if (rule === 'none') return column;
      const mask = (value: string | null) => (value === null ? null : maskText(rule, value));
      return {
        ...column,
        min: mask(column.min),
        max: mask(column.max),
        top: column.top.map((top) => ({ ...top, value: mask(top.value) })),
        histogram: rule === 'id_number' || rule === 'phone' ? [] : column.histogram,
      };
    }),
  };
}
