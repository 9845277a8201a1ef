import { expect, it } from 'vitest';
import { assertTextSample } from '../../src/engine/import/text-file-check';

const utf16 = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
/** Pseudo-random bytes (a linear congruential generator): NUL bytes on both sides, as in real binaries. */
function randomBytes(n: number): Uint8Array {
  let x = 42;
  return new Uint8Array(n).map(() => ((x = (x * 1103515245 + 12345) & 0x7fffffff), (x >> 16) & 255));
}

it('binary bytes are refused by name; UTF-16 text, with ideographic spaces too, is not binary', () => {
  const binary = randomBytes(8192);
  expect(() => assertTextSample('/x/photo.csv', binary, 'latin1')).toThrow(/^photo\.csv is not a text export: it holds binary data/);
  expect(() => assertTextSample('/x/old.xls', binary, 'gbk')).toThrow(/save an old \.xls workbook as \.xlsx first/);
  // U+3000 puts NUL bytes on the "wrong" side of its code unit: still text.
  const text = utf16('客户号,姓名\n001,\u3000张三\u3000\n002,李四\n');
  expect(() => assertTextSample('/x/u.csv', text, 'latin1')).not.toThrow();
  expect(() => assertTextSample('/x/u.csv', binary, 'utf-16le')).not.toThrow(); // the user chose UTF-16
  expect(() => assertTextSample('/x/plain.csv', new Uint8Array(Buffer.from('a,b\n1,2\n')), 'utf-8')).not.toThrow();
});
