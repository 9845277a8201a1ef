/**
 * Amounts as a bank's analysts type them: `50万`, `1.5亿`, `500,000`, `5e5`, `３０万元`, `-2.5k`.
 * One parser for every number input of the app (conditions, thresholds, campaign settings), so
 * what an input shows it understood is exactly what the rule receives.
 */
export type AmountParse =
  | { ok: true; value: number }
  /** empty: nothing typed (not an error to show); invalid: text that is not an amount. */
  | { ok: false; reason: 'empty' | 'invalid' };

/** Chinese and short Latin magnitude words, longest first so 万亿 wins over 亿. */
const MAGNITUDES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['千万', 7],
  ['百万', 6],
  ['亿', 8],
  ['万', 4],
  ['千', 3],
  ['w', 4],
  ['k', 3],
  ['m', 6],
  ['bn', 9],
  ['b', 9],
];

/** Full-width digits and signs (an IME in full-width mode types ５０万 or １，０００) as ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

// Digits with correct thousands groups (1,234,567.5) or none; an exponent only on a bare number.
const PLAIN = /^(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseAmount(text: string): AmountParse {
  let s = toHalfWidth(text).trim().replace(/[\s_']/g, '').replace(/[−–]/g, '-').toLowerCase();
  if (s === '') return { ok: false, reason: 'empty' };
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  s = s.replace(/^[¥￥]/, '').replace(/(元|rmb|cny)$/, '');
  let shift = 0;
  for (const [word, power] of MAGNITUDES) {
    if (s.endsWith(word) && s.length > word.length) {
      shift = power;
      s = s.slice(0, -word.length);
      break;
    }
  }
  let mantissa: string;
  let exponent = 0;
  if (GROUPED.test(s)) mantissa = s.replace(/,/g, '');
  else {
    const match = PLAIN.exec(s);
    if (!match) return { ok: false, reason: 'invalid' };
    mantissa = match[1]!;
    exponent = match[2] ? Number(match[2]) : 0;
  }
  // Shifting the decimal exponent (not multiplying) keeps 1.15万 exactly 11500.
  const value = sign * Number(`${mantissa}e${exponent + shift}`);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'invalid' };
}

/** The parsed number, or null for empty or invalid text. */
export function amountOrNull(text: string): number | null {
  const parsed = parseAmount(text);
  return parsed.ok ? parsed.value : null;
}
