import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fen, formatYuan, formatYuanSign, parseYuan, toChineseCapital } from './money';

describe('formatYuan', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(formatYuan(12050)).toBe('120.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(-150)).toBe('-1.50');
    expect(formatYuanSign(12050)).toBe('¥120.50');
    expect(formatYuanSign(-1)).toBe('-¥0.01');
  });

  it('refuses fractional fen instead of rounding them', () => {
    expect(() => formatYuan(10.5)).toThrow(RangeError);
    expect(() => toChineseCapital(0.1)).toThrow(RangeError);
  });
});

describe('parseYuan', () => {
  it('reads what a person types as yuan into fen', () => {
    expect(parseYuan('120.5')).toBe(12050);
    expect(parseYuan('120.50')).toBe(12050);
    expect(parseYuan(' 120 ')).toBe(12000);
    expect(parseYuan('0.01')).toBe(1);
  });

  it('rejects anything that is not a plain amount', () => {
    for (const bad of ['', 'abc', '1.234', '-1', '1e3', '1,000', '.5', '999999999']) expect(parseYuan(bad)).toBeNull();
  });

  it('round-trips every amount through formatYuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_99 }), (fen) => {
        expect(parseYuan(formatYuan(fen).replace(/,/g, ''))).toBe(fen);
      }),
    );
  });
});

describe('Fen schema', () => {
  it('accepts integer fen only', () => {
    expect(Fen.safeParse(100).success).toBe(true);
    expect(Fen.safeParse(1.5).success).toBe(false);
    expect(Fen.safeParse(-1).success).toBe(false);
    expect(Fen.safeParse('100').success).toBe(false);
  });
});

describe('toChineseCapital', () => {
  it.each([
    [12050, '壹佰贰拾元伍角'],
    [10000, '壹佰元整'],
    [100, '壹元整'],
    [0, '零元整'],
    [1, '壹分'],
    [10, '壹角'],
    [55, '伍角伍分'],
    [100005, '壹仟元零伍分'],
    [2005, '贰拾元零伍分'],
    [1010, '壹拾元壹角'],
    [1000500, '壹万零伍元整'],
    [10000000, '壹拾万元整'],
    [10050000, '壹拾万零伍佰元整'],
    [100010000, '壹佰万零壹佰元整'],
    [1234567891, '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角壹分'],
    [10000000000, '壹亿元整'],
    [10000010000, '壹亿零壹佰元整'],
    [-12050, '负壹佰贰拾元伍角'],
  ])('writes %i fen as %s', (fen, words) => {
    expect(toChineseCapital(fen)).toBe(words);
  });

  it('never writes two 零 in a row nor ends on 零', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (fen) => {
        const words = toChineseCapital(fen);
        expect(words).not.toMatch(/零零/);
        expect(words).not.toMatch(/零[元万亿整]/);
        expect(words).toMatch(/[元角分整]$/);
      }),
    );
  });
});
