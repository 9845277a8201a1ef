import fs from 'node:fs';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';

/**
 * Encoders for the two-byte Chinese encodings (GBK, GB18030, Big5). Node decodes them
 * (TextDecoder, full ICU) but cannot encode them: TextEncoder is UTF-8 only. The table is built
 * once per encoding by decoding every two-byte sequence (lead 0x81–0xFE, trail 0x40–0xFE): the
 * first sequence that decodes to a character is the one that character encodes to. GB18030's
 * four-byte form is written for the supplementary planes only (a linear range from 0x90308130).
 *
 * Encoding is streaming: `encode(chunk, { stream: true })` keeps a high surrogate cut at the end
 * of a chunk for the next one, and `encodeUtf8FileTo` transcodes a UTF-8 file one chunk at a
 * time, never holding the whole file.
 */
export type MultiByteEncoding = 'gbk' | 'gb18030' | 'big5';

interface EncoderTable {
  /** BMP code unit → (lead << 8) | trail; 0 where the encoding has no two-byte form. */
  bmp: Uint16Array;
  /** Supplementary code points reached by a two-byte sequence (Big5-HKSCS). */
  astral: Map<number, number>;
}

const tables = new Map<MultiByteEncoding, EncoderTable>();

function buildTable(label: MultiByteEncoding): EncoderTable {
  const bmp = new Uint16Array(0x10000);
  const astral = new Map<number, number>();
  const decoder = new TextDecoder(label, { fatal: true });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      pair[0] = lead;
      pair[1] = trail;
      let text: string;
      try {
        text = decoder.decode(pair);
      } catch {
        continue; // not a character in this encoding
      }
      const cp = text.codePointAt(0);
      if (cp === undefined) continue;
      const single = cp >= 0x10000 ? text.length === 2 : text.length === 1;
      if (!single) continue; // Big5 sequences that decode to two characters are never produced by encoding one
      const code = (lead << 8) | trail;
      if (cp >= 0x10000) {
        if (!astral.has(cp)) astral.set(cp, code);
      } else if (bmp[cp] === 0) bmp[cp] = code;
    }
  }
  return { bmp, astral };
}

function tableFor(label: MultiByteEncoding): EncoderTable {
  let table = tables.get(label);
  if (!table) tables.set(label, (table = buildTable(label)));
  return table;
}

export class UnencodableCharacterError extends Error {
  constructor(
    readonly character: string,
    readonly encoding: MultiByteEncoding,
  ) {
    super(`${character} (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not encodable in ${encoding}`);
  }
}

export interface MultiByteEncoderOptions {
  /** A character the encoding lacks: throw (default), or write this ASCII replacement instead. */
  replacement?: string;
}

export class MultiByteEncoder {
  private readonly table: EncoderTable;
  private readonly replacement: number | null;
  /** A high surrogate cut at the end of the previous chunk. */
  private pending = '';
  /** Characters written as the replacement so far (an export reports how many). */
  replaced = 0;

  constructor(
    readonly encoding: MultiByteEncoding,
    options: MultiByteEncoderOptions = {},
  ) {
    this.table = tableFor(encoding);
    const r = options.replacement;
    if (r !== undefined && (r.length !== 1 || r.charCodeAt(0) >= 0x80)) throw new Error('the replacement must be one ASCII character');
    this.replacement = r === undefined ? null : r.charCodeAt(0);
  }

  /** Encodes text; with `stream: true` a trailing high surrogate waits for the next chunk. */
  encode(chunk: string, options: { stream?: boolean } = {}): Buffer {
    let text = this.pending + chunk;
    this.pending = '';
    if (options.stream && text.length > 0) {
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.pending = text.slice(-1);
        text = text.slice(0, -1);
      }
    }
    // At most 4 bytes per UTF-16 code unit pair, 2 per BMP code unit.
    const out = Buffer.allocUnsafe(text.length * 2);
    const { bmp, astral } = this.table;
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        out[n++] = unit;
        continue;
      }
      const isHigh = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length;
      const next = isHigh ? text.charCodeAt(i + 1) : 0;
      if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        i++;
        const code = astral.get(cp);
        if (code !== undefined) {
          out[n++] = code >> 8;
          out[n++] = code & 0xff;
        } else if (this.encoding === 'gb18030') {
          let k = cp - 0x10000;
          const b4 = 0x30 + (k % 10);
          k = Math.floor(k / 10);
          const b3 = 0x81 + (k % 126);
          k = Math.floor(k / 126);
          const b2 = 0x30 + (k % 10);
          k = Math.floor(k / 10);
          out[n++] = 0x90 + k;
          out[n++] = b2;
          out[n++] = b3;
          out[n++] = b4;
        } else n = this.unencodable(String.fromCodePoint(cp), out, n);
        continue;
      }
      const code = bmp[unit]!;
      if (code !== 0) {
        out[n++] = code >> 8;
        out[n++] = code & 0xff;
      } else n = this.unencodable(String.fromCharCode(unit), out, n);
    }
    return out.subarray(0, n);
  }

  private unencodable(character: string, out: Buffer, n: number): number {
    if (this.replacement === null) throw new UnencodableCharacterError(character, this.encoding);
    out[n] = this.replacement;
    this.replaced++;
    return n + 1;
  }
}

/** Encodes a whole string (small texts: fixtures, a header line). */
export function encodeMultiByte(text: string, encoding: MultiByteEncoding, options: MultiByteEncoderOptions = {}): Buffer {
  return new MultiByteEncoder(encoding, options).encode(text);
}

export function encodeGbk(text: string, options: MultiByteEncoderOptions = {}): Buffer {
  return encodeMultiByte(text, 'gbk', options);
}

/**
 * Transcodes a UTF-8 file into the encoding, one chunk at a time (never the whole file in
 * memory); a UTF-8 BOM at the start is dropped. `beforeChunk` may throw to stop (cancellation).
 * Returns the bytes written.
 */
export async function encodeUtf8FileTo(
  source: string,
  target: string,
  encoding: MultiByteEncoding,
  options: MultiByteEncoderOptions & { beforeChunk?: () => void; onBytes?: (read: number) => void } = {},
): Promise<number> {
  const encoder = new MultiByteEncoder(encoding, options);
  const decoder = new StringDecoder('utf8');
  const out = fs.createWriteStream(target);
  let written = 0;
  let read = 0;
  let first = true;
  const write = async (bytes: Buffer) => {
    if (bytes.length === 0) return;
    written += bytes.length;
    if (!out.write(bytes)) await once(out, 'drain');
  };
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 })) {
      options.beforeChunk?.();
      const buffer = chunk as Buffer;
      read += buffer.length;
      let text = decoder.write(buffer);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (text.length > 0) first = false;
      }
      await write(encoder.encode(text, { stream: true }));
      options.onBytes?.(read);
    }
    await write(encoder.encode(decoder.end()));
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    throw error;
  }
  return written;
}
