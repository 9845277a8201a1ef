import { describe, expect, it } from 'vitest';
import { PADDING } from '../../src/engine/import/column-inference';
import { PresenceScan } from '../../src/engine/import/file-bytes';
import { NULL_TOKENS } from '../../src/engine/import/value-patterns';

/** Feeds `chunks` to a fresh scan and returns what it found. */
function scan(chunks: Array<Buffer | string>) {
  const s = new PresenceScan();
  for (const c of chunks) s.update(c);
  return s.found;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const NOTHING = { pads: [], nullTokens: [''] };

describe('PresenceScan: which padding characters and missing-value tokens a file contains', () => {
  it('finds none in text without them (Chinese text whose bytes resemble them, and near-tokens, included)', () => {
    // 䀀 is E4 80 80 and 〡 is E3 80 A1: near the ideographic space (E3 80 80) byte for byte, but not it.
    expect(scan([utf8('客户号,姓名\nC1,张三\n䀀〡,\u00a1x\nNUL,nul,N-A,Nil\n')])).toEqual(NOTHING);
    expect(scan(['客户号,姓名\n', 'C1,张三\n'])).toEqual(NOTHING);
  });

  it('finds each padding character and each token, in bytes and in decoded text', () => {
    for (const pad of PADDING) {
      expect(scan([utf8(`a,b\nx${pad},y\n`)])).toEqual({ pads: [pad], nullTokens: [''] });
      expect(scan([`a,b\n`, `x,${pad}y\n`])).toEqual({ pads: [pad], nullTokens: [''] });
    }
    for (const token of NULL_TOKENS.filter((t) => t !== '')) {
      const found = scan([utf8(`a,b\nx,${token}\n`)]);
      expect(found.pads).toEqual([]);
      expect(found.nullTokens, token).toContain(token);
    }
    // A token inside another counts (conservative: a value that is the token is then always caught).
    expect(scan([utf8('a b\u3000c\u00a0\ufeff,#N/A,null,\\N')])).toEqual({ pads: [...PADDING], nullTokens: ['', 'null', '\\N', 'N/A', '#N/A'] });
  });

  it('finds a string split across two chunks at every byte of it, however small the chunks', () => {
    for (const needle of [...PADDING, '#N/A', 'NULL']) {
      const bytes = utf8(`ab,${needle},cd`);
      const has = (found: { pads: readonly string[]; nullTokens: readonly string[] }) => [...found.pads, ...found.nullTokens].includes(needle);
      for (let cut = 4; cut < 3 + Buffer.byteLength(needle); cut++) {
        expect(has(scan([bytes.subarray(0, cut), bytes.subarray(cut)])), `${JSON.stringify(needle)} cut at ${cut}`).toBe(true);
      }
      // One byte at a time: the seam carries the bytes of the chunks before.
      expect(has(scan([...bytes].map((b) => Buffer.from([b])))), `${JSON.stringify(needle)} byte by byte`).toBe(true);
    }
  });
});
