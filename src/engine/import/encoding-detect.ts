import type { ImportEncoding } from '../../shared/import-types';

/**
 * Guesses a file's encoding from a byte sample: BOMs first, then UTF-16 without BOM (NUL bytes),
 * then UTF-8 validity, then GB18030 vs Big5 vs Latin-1 — each decoded strictly and scored by how
 * many decoded characters are common ones (mojibake decodes to rare characters, or fails).
 */
export interface EncodingGuess {
  encoding: ImportEncoding;
  confidence: number;
}

// Frequent Chinese characters, simplified and traditional, with banking vocabulary.
const COMMON_HAN = new Set(
  [
    '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音跑注格存款账户余额借贷交易日期号码客姓名证件身份手机电话性别出生网点机构经理币种类型状态渠道流水摘要对方银行金融理财基金保险贷款信用卡工资代发活期定期利息手续费转账消费现金支取存入汇款男女已婚未婚离异硕博本科专高中初小学省市县区街路号楼室元角分年月日时秒'
    + '們為這個來國說時對會過後還發經動兩現樣將與點話兒見變間關聽開長門問題學實當覺樣種應總車東萬書體電業員處場頭條記語讓認論結運達連遠進錢號碼戶帳賬餘額貸證機網點構經幣種類狀態渠道銀財險卡資費轉帳現匯離婚區縣廣州務產區臺灣與無錄單據計統幣價額歲'
  ].join(''),
);

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function strictDecode(bytes: Uint8Array, label: string): string | null {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    return new TextDecoder(label, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
}

/** Share of non-ASCII characters that are common Han characters or CJK punctuation. */
function hanScore(text: string): number {
  let nonAscii = 0;
  let good = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) continue;
    nonAscii++;
    if (COMMON_HAN.has(ch)) good++;
    else if ((code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff5e)) good += 0.5;
    else if (isHan(code)) good += 0.1;
  }
  return nonAscii === 0 ? 0 : good / nonAscii;
}

/** Latin-1 text has isolated accented letters between ASCII letters; CJK bytes come in runs. */
function latinScore(text: string): number {
  let nonAscii = 0;
  let good = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const code = chars[i]!.codePointAt(0)!;
    if (code < 0x80) continue;
    nonAscii++;
    const letter = (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7) || code === 0xa3 || code === 0xb0 || code === 0xe9;
    const prev = chars[i - 1]?.codePointAt(0) ?? 0x20;
    const next = chars[i + 1]?.codePointAt(0) ?? 0x20;
    if (letter && (prev < 0x80 || next < 0x80)) good++;
  }
  return nonAscii === 0 ? 0 : good / nonAscii;
}

/** A short sample (fewer multi-byte characters than the weighing above needs) that is still mostly UTF-8. */
function isMostlyUtf8(sample: Uint8Array): boolean {
  let broken = 0;
  let valid = 0;
  for (const ch of new TextDecoder('utf-8').decode(sample, { stream: true })) {
    if (ch === '\uFFFD') broken++;
    else if (ch.codePointAt(0)! >= 0x80) valid++;
  }
  // GBK or Latin-1 bytes read as UTF-8 give almost no valid multi-byte characters (GBK: about one in
  // fifty); a damaged UTF-8 file mostly valid ones, and a few broken.
  return valid >= 2 && broken <= 2 * valid;
}

export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8-bom', confidence: 1 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', confidence: 1 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', confidence: 1 };

  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16) return utf16;

  const utf8 = strictDecode(sample, 'utf-8');
  if (utf8 !== null) {
    const ascii = sample.every((b) => b < 0x80);
    return { encoding: 'utf-8', confidence: ascii ? 0.9 : 1 };
  }
  // One bad byte must not turn a UTF-8 file into Latin-1 (every Chinese value garbled): the whole
  // sample is weighed. Text in a double-byte encoding has about as many invalid sequences as
  // multi-byte characters when read as UTF-8; a UTF-8 file with a few bad bytes has hardly any.
  // The load then rejects exactly the rows with invalid bytes.
  const evidence = utf8Evidence(sample);
  if (evidence.multiByte >= MIN_MULTIBYTE && evidence.invalid * MAX_INVALID_SHARE_INVERSE <= evidence.multiByte) {
    return { encoding: 'utf-8', confidence: Math.max(0.5, 0.95 - evidence.invalid / evidence.multiByte) };
  }

  // Mostly UTF-8 with a few broken bytes (a cut, a stray byte): still UTF-8 — its broken records are
  // rejected — rather than Latin-1 mojibake of every Chinese character (found by the import fuzz).
  if (isMostlyUtf8(sample)) return { encoding: 'utf-8', confidence: 0.6 };

  const gb = strictDecode(sample, 'gb18030');
  const big5 = strictDecode(sample, 'big5');
  const latin = new TextDecoder('latin1').decode(sample);
  const scores: Array<{ encoding: ImportEncoding; score: number }> = [
    { encoding: 'gb18030', score: gb === null ? 0 : hanScore(gb) },
    { encoding: 'big5', score: big5 === null ? 0 : hanScore(big5) },
    { encoding: 'latin1', score: latinScore(latin) * 0.9 },
  ];
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores as [(typeof scores)[0], (typeof scores)[0]];
  if (best.score <= 0.05) return { encoding: 'gb18030', confidence: 0.2 };
  const margin = best.score - second.score;
  // Real Latin-1 text never holds a valid multi-byte UTF-8 sequence (its lead byte would be followed
  // by C1 control codes): a sample with one is damaged UTF-8, whose broken rows are rejected, not
  // Latin-1 mojibake of every Chinese character (found by the import fuzz).
  if (best.encoding === 'latin1' && evidence.multiByte > 0) return { encoding: 'utf-8', confidence: 0.4 };
  // Nor does it hold a fragment of one: a lead byte followed by a continuation byte (é then a C1
  // code or a byte Windows-1252 leaves undefined). A UTF-8 file cut or spliced inside every Chinese
  // character has no whole sequence left, only fragments (found by the import fuzz: 成都 split by
  // inserted quotes loaded as æ'ˆéƒ'½).
  if (best.encoding === 'latin1' && utf8Fragments(sample) > 0) return { encoding: 'utf-8', confidence: 0.3 };
  return { encoding: best.encoding, confidence: Math.max(0.3, Math.min(1, 0.5 + margin)) };
}

/** At least this many valid multi-byte characters before a sample with invalid bytes is read as UTF-8. */
const MIN_MULTIBYTE = 4;
/** At most one invalid sequence per this many valid multi-byte characters. */
const MAX_INVALID_SHARE_INVERSE = 10;

/**
 * Valid multi-byte UTF-8 sequences and invalid ones (a byte that cannot start a character, or a
 * sequence cut short), scanned by hand: TextDecoder only says whether all of it is valid. A
 * sequence cut by the sample's end is neither.
 */
export function utf8Evidence(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + need >= n) break;
    let ok = true;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      multiByte++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { multiByte, invalid };
}

/** Lead bytes of a multi-byte UTF-8 sequence directly followed by a continuation byte. */
function utf8Fragments(bytes: Uint8Array): number {
  let fragments = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0xc2 && b <= 0xf4 && (bytes[i + 1]! & 0xc0) === 0x80) fragments++;
  }
  return fragments;
}

function guessUtf16WithoutBom(sample: Uint8Array): EncodingGuess | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return { encoding: 'utf-16le', confidence: 0.8 };
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return { encoding: 'utf-16be', confidence: 0.8 };
  return null;
}

/** The WHATWG label for TextDecoder. */
export function decoderLabel(encoding: ImportEncoding): string {
  switch (encoding) {
    case 'utf-8-bom':
      return 'utf-8';
    case 'gbk':
      return 'gbk';
    default:
      return encoding;
  }
}

/** Files DuckDB reads as they are; everything else is transcoded to UTF-8 first. */
export function isUtf8(encoding: ImportEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}
