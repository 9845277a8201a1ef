import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGbk, encodeMultiByte, encodeUtf8FileTo, MultiByteEncoder, UnencodableCharacterError } from '../../src/engine/encoding/gbk-encoder';

const TEXT = '客户号,客户姓名,证件号码\r\nC000000001,谢文帆,11010519491231002X\r\n婚姻:已婚;职业:事业单位职工;城市:乌鲁木齐 ￥1,234.50（贷）\n';

describe('GBK encoder', () => {
  it('writes what TextDecoder reads back, with the standard bytes', () => {
    const bytes = encodeGbk(TEXT);
    expect(new TextDecoder('gbk').decode(bytes)).toBe(TEXT);
    expect([...encodeGbk('客户号')]).toEqual([0xbf, 0xcd, 0xbb, 0xa7, 0xba, 0xc5]);
    expect(encodeGbk('abc,123\n').toString('latin1')).toBe('abc,123\n');
  });

  it('gives the same bytes however the text is cut into chunks, surrogate pairs included', () => {
    const text = `${TEXT}𠮷祥${TEXT}`;
    const whole = encodeMultiByte(text, 'gb18030');
    expect(new TextDecoder('gb18030').decode(whole)).toBe(text);
    for (const size of [1, 2, 3, 7, 64]) {
      const encoder = new MultiByteEncoder('gb18030');
      const parts: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) parts.push(encoder.encode(text.slice(i, i + size), { stream: true }));
      parts.push(encoder.encode(''));
      expect(Buffer.concat(parts).equals(whole), `chunks of ${size}`).toBe(true);
    }
  });

  it('refuses a character GBK lacks, or writes the replacement asked for', () => {
    expect(() => encodeGbk('𠮷')).toThrow(UnencodableCharacterError);
    expect(encodeGbk('a𠮷b', { replacement: '?' }).toString('latin1')).toBe('a?b');
    // The half-width yen sign is not in GBK (banks write the full-width ￥).
    expect(() => encodeGbk('¥1')).toThrow(/U\+00A5/);
  });

  it('counts the characters it replaced (an export reports how many were written as ?)', () => {
    const encoder = new MultiByteEncoder('gbk', { replacement: '?' });
    expect(new TextDecoder('gbk').decode(encoder.encode('客户姓名,ＡＢＣ,〇一二\r\n'))).toBe('客户姓名,ＡＢＣ,〇一二\r\n');
    expect(encoder.replaced).toBe(0);
    expect(new TextDecoder('gbk').decode(encoder.encode('a😀b'))).toBe('a?b');
    expect(encoder.replaced).toBe(1);
  });
  it('transcodes a UTF-8 file by streaming, dropping a BOM, across chunk boundaries', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-gbk-'));
    try {
      // Over 1 MiB so multi-byte characters straddle the read chunks.
      const text = TEXT.repeat(12_000);
      const source = path.join(dir, 'in.csv');
      const target = path.join(dir, 'out.csv');
      fs.writeFileSync(source, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
      const written = await encodeUtf8FileTo(source, target, 'gbk');
      const bytes = fs.readFileSync(target);
      expect(written).toBe(bytes.length);
      expect(bytes.equals(encodeGbk(text))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
