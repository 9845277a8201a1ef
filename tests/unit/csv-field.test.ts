import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/shared/csv-field';

/** Reads one RFC 4180 field back (the whole text is one field). */
function readField(text: string): string {
  if (!text.startsWith('"')) return text;
  expect(text.endsWith('"')).toBe(true);
  const body = text.slice(1, -1);
  expect(body.replaceAll('""', '')).not.toContain('"');
  return body.replaceAll('""', '"');
}

describe('the one CSV field writer (src/shared/csv-field.ts)', () => {
  it('quotes only where a reader needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('-1,234.50')).toBe('"-1,234.50"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('padded\t')).toBe('"padded\t"');
    expect(csvField('北京 朝阳')).toBe('北京 朝阳');
  });

  it('any text reads back exactly and never spills into a second field (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const field = csvField(value);
        expect(readField(field)).toBe(value);
        if (!field.startsWith('"')) expect(field).not.toMatch(/[",\r\n]/);
      }),
      { numRuns: 500 },
    );
  });
});
