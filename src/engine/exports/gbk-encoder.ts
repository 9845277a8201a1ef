/**
 * A GBK encoder without a dependency: Node (ICU) decodes GBK but does not encode it, and no
 * extension may be downloaded. The table is the decoder's inverse, built once over the whole
 * two-byte code space (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F): what Node decodes a pair to,
 * that pair encodes. Where two pairs decode to one character the first (the standard's) is kept.
 *
 * Banks' older systems and Excel on a Chinese Windows open GBK CSV without a BOM; characters GBK
 * does not have (emoji, rare CJK extension characters) become '?' and are counted so the export can
 * say how many it replaced.
 */
let table: Uint16Array | null = null;

function encodeTable(): Uint16Array {
  if (table !== null) return table;
  const built = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gbk', { fatal: true });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let text: string;
      try {
        text = decoder.decode(pair);
      } catch {
        continue;
      }
      if (text.length !== 1) continue;
      const unit = text.charCodeAt(0);
      if (built[unit] === 0) built[unit] = (lead << 8) | trail;
    }
  }
  // The euro sign: WHATWG's GBK decodes the single byte 0x80 to it; the two-byte form is GB18030's.
  table = built;
  return built;
}

export const GBK_REPLACEMENT = 0x3f;

/** Encodes text to GBK; `replaced` counts characters GBK has no code for. */
export class GbkEncoder {
  replaced = 0;
  private readonly table = encodeTable();

  encode(text: string): Buffer {
    const out = Buffer.allocUnsafe(text.length * 2);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        out[n++] = unit;
        continue;
      }
      const code = this.table[unit] ?? 0;
      if (code !== 0) {
        out[n++] = code >> 8;
        out[n++] = code & 0xff;
        continue;
      }
      // A surrogate pair is one character: one '?'.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      out[n++] = GBK_REPLACEMENT;
      this.replaced++;
    }
    return out.subarray(0, n);
  }
}
