import { describe, expect, it } from 'vitest';
import { OTHER_AMOUNT, TOP_UP_CHOICES, topUpAmountOf, topUpOptions } from './amount';

describe('the top-up amount', () => {
  it('offers ¥50, ¥100, ¥200 and ¥500, then 其他金额', () => {
    expect(topUpOptions.map((o) => o.text)).toEqual(['¥50', '¥100', '¥200', '¥500', '其他金额']);
    for (const fen of TOP_UP_CHOICES) expect(topUpAmountOf(String(fen), '')).toEqual({ ok: true, fen });
  });

  it('takes a typed amount in yuan, ¥10 to ¥5 000 inclusive, to the fen', () => {
    expect(topUpAmountOf(OTHER_AMOUNT, '10')).toEqual({ ok: true, fen: 1_000 });
    expect(topUpAmountOf(OTHER_AMOUNT, ' 88.5 ')).toEqual({ ok: true, fen: 8_850 });
    expect(topUpAmountOf(OTHER_AMOUNT, '5000.00')).toEqual({ ok: true, fen: 500_000 });
  });

  it('says in words what is wrong with anything else, as the BFF would refuse it', () => {
    for (const typed of ['9.99', '5000.01', '0', '100000']) {
      expect(topUpAmountOf(OTHER_AMOUNT, typed)).toEqual({ ok: false, problem: '充值金额要在 10 元到 5000 元之间。' });
    }
    expect(topUpAmountOf(OTHER_AMOUNT, '')).toEqual({ ok: false, problem: '请填写充值金额。' });
    for (const typed of ['abc', '88.555', '-20', '1e3']) {
      expect(topUpAmountOf(OTHER_AMOUNT, typed)).toMatchObject({ ok: false, problem: expect.stringMatching(/金额/) });
    }
  });
});
