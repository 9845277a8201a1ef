import { describe, expect, it } from 'vitest';
import { amountOrNull, parseAmount, toHalfWidth } from '../../src/shared/format/parse-amount';

const value = (text: string) => {
  const parsed = parseAmount(text);
  return parsed.ok ? parsed.value : parsed.reason;
};

describe('parseAmount', () => {
  it('reads 万 and 亿 as a bank writes them', () => {
    expect(value('50万')).toBe(500_000);
    expect(value('1.5亿')).toBe(150_000_000);
    expect(value('1.15万')).toBe(11_500);
    expect(value('3千')).toBe(3_000);
    expect(value('2百万')).toBe(2_000_000);
    expect(value('1千万')).toBe(10_000_000);
    expect(value('1.2万亿')).toBe(1_200_000_000_000);
    expect(value('50万元')).toBe(500_000);
    expect(value('¥50万')).toBe(500_000);
    expect(value('20w')).toBe(200_000);
  });

  it('reads thousands separators only where the groups are right', () => {
    expect(value('500,000')).toBe(500_000);
    expect(value('1,234,567.89')).toBe(1_234_567.89);
    expect(value('5,00')).toBe('invalid');
    expect(value('1,2345')).toBe('invalid');
  });

  it('reads plain numbers, exponents, signs and Latin magnitudes', () => {
    expect(value('500000')).toBe(500_000);
    expect(value('5e5')).toBe(500_000);
    expect(value('1.2E+6')).toBe(1_200_000);
    expect(value('-30')).toBe(-30);
    expect(value('−2.5')).toBe(-2.5);
    expect(value('.5')).toBe(0.5);
    expect(value('2.5k')).toBe(2_500);
    expect(value('1.5M')).toBe(1_500_000);
    expect(value('2bn')).toBe(2_000_000_000);
    expect(value(' 1 000 000 ')).toBe(1_000_000);
  });

  it('reads full-width digits, commas and signs', () => {
    expect(toHalfWidth('５０万')).toBe('50万');
    expect(value('５０万')).toBe(500_000);
    expect(value('１，０００')).toBe(1_000);
    expect(value('－１２．５')).toBe(-12.5);
  });

  it('tells empty from invalid', () => {
    expect(value('')).toBe('empty');
    expect(value('   ')).toBe('empty');
    expect(value('abc')).toBe('invalid');
    expect(value('万')).toBe('invalid');
    expect(value('5万万')).toBe('invalid');
    expect(value('1.2.3')).toBe('invalid');
    expect(value('5e')).toBe('invalid');
    expect(value('1e999')).toBe('invalid');
    expect(value('--5')).toBe('invalid');
    expect(amountOrNull('x')).toBeNull();
    expect(amountOrNull('5万')).toBe(50_000);
  });
});
