import type { DetectResult, ImportReject, ProfileResult, QualityCheck, QualityResult } from '../../shared/import-types';
import { maskRuleFor, maskText } from './mask-values';

/**
 * Masking of the import reports — column profiles, data-quality example rows and rejected rows —
 * with the rules of mask-values.ts, before they leave the engine (unless the caller asked for clear
 * values). The grid masks a window of typed column values; these reports carry values as text:
 *
 * - a profile: a column's min, max and most frequent values, by the column's name and type (a
 *   phone or ID column stored as a number also loses its histogram, whose bins would show it);
 * - an example row of a check: each value by its column's name, and text by its shape;
 * - a rejected row: its raw text is a line of the file. The import records how its lines split
 *   (delimiter, quote) and which column each field went to, so each field is masked by its
 *   column's rule, as the grid would (a name in a `name` or 客户姓名 column, Latin or Chinese), and
 *   text in other columns by shape only (an 18-character ID, an 11-digit mobile, also inside longer
 *   text). A field past the header's width, or a line of an import that recorded no layout, is
 *   masked by shape at any delimiter the importer reads (, ; | tab), where a field of 2–4 Chinese
 *   characters (or a longer one with a middle dot, 买买提·艾力), which is how a Chinese personal
 *   name looks, is masked too — a short Chinese word such as 活期 with it: on this screen, one too
 *   many is better than one too few. The reason quotes the value it could not read: that value is
 *   masked by shape.
 */

const ID_IN_TEXT = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;
const HAN_NAME = /^\p{Script=Han}(?:\p{Script=Han}|·){1,9}$/u;
const DELIMITED = /([,;|\t])/;

/** IDs and mobiles inside a piece of text masked. */
function maskShapesInText(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskText('id_number', id)).replace(MOBILE_IN_TEXT, (m) => maskText('phone', m));
}

/** A piece of free text: IDs and mobiles inside it masked, and the whole of it if it looks like a Chinese name. */
export function maskLooseText(text: string): string {
  const trimmed = text.trim();
  const han = [...trimmed.replace(/·/g, '')].length;
  if (HAN_NAME.test(trimmed) && han <= (trimmed.includes('·') ? 8 : 4)) {
    return text.replace(trimmed, maskText('name', trimmed));
  }
  return maskShapesInText(text);
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

/** How the lines of an imported file split, and the column each field went to (recorded by the import). */
export interface RawLineLayout {
  delimiter: string;
  quote: string;
  columns: readonly string[];
}

/** A line's fields as written (quotes kept), split at the delimiters outside quotes. */
function splitFields(raw: string, { delimiter, quote }: RawLineLayout): string[] {
  const fields: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (quote !== '' && raw.startsWith(quote, i)) quoted = !quoted; // a doubled quote toggles twice
    else if (!quoted && raw.startsWith(delimiter, i)) {
      fields.push(raw.slice(start, i));
      start = i + delimiter.length;
      i = start - 1;
    }
  }
  fields.push(raw.slice(start));
  return fields;
}

/** One field by its column's rule; a field no column is known for, by shape. */
function maskField(value: string, column: string | undefined): string {
  if (column === undefined) return maskLooseText(value);
  const rule = maskRuleFor({ name: column, type: 'VARCHAR' });
  return rule === 'name' || rule === 'id_number' || rule === 'phone' ? maskText(rule, value) : maskShapesInText(value);
}

/** A value that did not convert: by its column's rule when that is a personal column, else as loosely as the reason (a short Chinese word counts as a name). */
function maskRejectedValue(value: string, column: string | null): string {
  const rule = column === null ? 'none' : maskRuleFor({ name: column, type: 'VARCHAR' });
  return rule === 'name' || rule === 'id_number' || rule === 'phone' ? maskText(rule, value) : maskLooseText(value);
}

/** A raw line of a file whose layout the import recorded: each field by its column (spacing and quotes kept). */
export function maskRawFields(raw: string, layout: RawLineLayout): string {
  return splitFields(raw, layout)
    .map((field, i) => {
      const lead = field.length - field.trimStart().length;
      const trail = field.length - field.trimEnd().length;
      let body = field.slice(lead, field.length - trail);
      const q = layout.quote !== '' && body.length >= 2 * layout.quote.length && body.startsWith(layout.quote) && body.endsWith(layout.quote) ? layout.quote : '';
      if (q) body = body.slice(q.length, -q.length);
      return `${field.slice(0, lead)}${q}${body === '' ? body : maskField(body, layout.columns[i])}${q}${field.slice(field.length - trail)}`;
    })
    .join(layout.delimiter);
}

/** `layout`: how the row's file split into columns, where its import recorded it. */
export function maskReject(reject: ImportReject, layout: RawLineLayout | null = null): ImportReject {
  return {
    ...reject,
    raw: reject.raw === null ? null : layout ? maskRawFields(reject.raw, layout) : maskRawLine(reject.raw),
    // 'cannot read "13800138000" as integer': the quoted value, and any ID or mobile elsewhere.
    reason: maskLooseText(reject.reason.replace(/"([^"]*)"/g, (_whole, value: string) => `"${maskLooseText(value)}"`)),
    // The value that did not convert: masked as its column's values are (else by shape).
    params: typeof reject.params.value === 'string' ? { ...reject.params, value: maskRejectedValue(reject.params.value, reject.column) } : reject.params,
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

const PERSONAL_TARGETS: Readonly<Record<string, 'name' | 'id_number' | 'phone'>> = { name: 'name', id_number: 'id_number', phone: 'phone' };

/**
 * The detection shown by the import wizard (preview rows, near-numeric examples, title lines):
 * a column the mapping sends to a personal canonical column (customers.name, id_number, phone —
 * whatever its header says) is masked by that column's rule; any other column by its header's rule,
 * else by shape, as a rejected row's fields are. Title lines are free text: IDs and mobiles masked.
 */
export function maskDetectResult(result: DetectResult): DetectResult {
  const columnOf = (i: number): { source: string | undefined; target: string | null } => {
    const column = result.columns.find((c) => c.index === i);
    return { source: column?.source ?? result.headers[i], target: column?.target ?? null };
  };
  const maskAt = (value: string, source: string | undefined, target: string | null): string => {
    if (value === '') return value;
    const personal = target === null ? undefined : PERSONAL_TARGETS[target];
    return personal ? maskText(personal, value) : maskField(value, source);
  };
  const bySource = new Map(result.columns.map((c) => [c.source, c.target]));
  return {
    ...result,
    titleLines: result.titleLines.map(maskShapesInText),
    preview: result.preview.map((row) => row.map((value, i) => {
      const { source, target } = columnOf(i);
      return maskAt(value, source, target);
    })),
    nearNumeric: result.nearNumeric.map((n) => ({ ...n, examples: n.examples.map((e) => maskAt(e, n.column, bySource.get(n.column) ?? null)) })),
    trailer: result.trailer === null ? null : { ...result.trailer, text: maskShapesInText(result.trailer.text) },
  };
}
