import { describe, expect, it } from 'vitest';
import { formatYuanSign, toChineseCapital, type Receipt } from '@bianmin/shared';
import { drawReceipt, IMAGE_MARGIN, IMAGE_SCALE, IMAGE_WIDTH, planReceipt, type ReceiptCanvas } from './receipt-image';
import { receiptWords } from './receipt-lines';

/**
 * A canvas that measures as a CJK font does (a Chinese character as wide as the font is tall, a
 * digit or Latin letter a little over half) and records what is drawn on it.
 */
function recordingCanvas() {
  const drawn: Array<{ text: string; x: number; y: number; font: string }> = [];
  const sizeOf = (font: string) => Number(/(\d+)px/.exec(font)?.[1] ?? 10);
  const canvas: ReceiptCanvas & { drawn: typeof drawn; scaled: number[] } = {
    font: '10px sans-serif',
    fillStyle: '#000',
    textBaseline: 'alphabetic',
    drawn,
    scaled: [],
    measureText(text: string) {
      const size = sizeOf(this.font);
      return { width: Array.from(text).reduce((w, c) => w + (c.charCodeAt(0) > 0xff ? size : size * 0.6), 0) };
    },
    fillText(text: string, x: number, y: number) {
      drawn.push({ text, x, y, font: this.font });
    },
    fillRect() {},
    scale(x: number) {
      this.scaled.push(x);
    },
  };
  return canvas;
}

const base: Receipt = {
  title: '电费缴费凭证',
  kind: 'bills',
  balanceAfterFen: null,
  amountFen: 12_050,
  amountText: formatYuanSign(12_050),
  amountCapital: toChineseCapital(12_050),
  utility: 'power',
  accountNo: '1000000001',
  holderName: '张*明',
  onBehalf: false,
  periods: ['2026-10'],
  outTradeNo: 'BM20261202193011ABCDEF',
  transactionId: '4200001234202612021234567890',
  paidAt: '2026-12-02T11:30:11.000Z',
};

/** Receipts of every shape a resident can hold. */
const receipts: Record<string, Receipt> = {
  'her own, one month': base,
  'for someone else, masked': {
    ...base,
    title: '燃气费代缴凭证',
    onBehalf: true,
    accountNo: '******0001',
    holderName: '李*英',
  },
  'a year of months, a large amount': {
    ...base,
    amountFen: 123_456_789,
    amountText: formatYuanSign(123_456_789),
    amountCapital: toChineseCapital(123_456_789),
    periods: Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
  },
  'no transaction number yet, no months (a top-up)': {
    ...base,
    title: '电费充值凭证',
    kind: 'topUp',
    balanceAfterFen: 11_500,
    periods: [],
    transactionId: null,
  },
  'a very long order number': { ...base, outTradeNo: 'X'.repeat(90) },
};

describe('the receipt picture (缴费证明)', () => {
  for (const [name, receipt] of Object.entries(receipts)) {
    it(`says every word of the page and keeps every line inside the picture: ${name}`, () => {
      const canvas = recordingCanvas();
      const words = receiptWords(receipt);
      const plan = planReceipt(canvas, words, new Date('2026-12-02T12:00:00Z'));
      drawReceipt(canvas, plan);
      const texts = canvas.drawn.map((d) => d.text).join('');

      for (const said of [
        words.title,
        words.amountText,
        words.amountCapital,
        ...words.lines.flatMap((l) => [l.name, l.value]),
      ])
        expect(texts).toContain(said);
      if (receipt.onBehalf) expect(texts).toContain(`户主 ${receipt.holderName}`);
      // made-at in Beijing time: 12:00 UTC is 20:00 there
      expect(texts).toContain('2026年12月2日 20:00');

      for (const d of canvas.drawn) {
        canvas.font = d.font;
        expect(d.x + canvas.measureText(d.text).width, `"${d.text}" runs past the right edge`).toBeLessThanOrEqual(
          IMAGE_WIDTH - IMAGE_MARGIN,
        );
      }
      // lines follow one another without overlapping, and the picture is tall enough for the last
      const steps = plan.steps.filter((s) => s.kind === 'text');
      for (let i = 1; i < steps.length; i += 1) {
        const [before, after] = [steps[i - 1], steps[i]];
        if (before && after) expect(after.y).toBeGreaterThanOrEqual(before.y + before.size);
      }
      const last = steps[steps.length - 1];
      expect(plan.height).toBeGreaterThan((last?.y ?? 0) + (last?.size ?? 0));
      expect(canvas.scaled).toEqual([IMAGE_SCALE]);
    });
  }

  it('leaves out a line with nothing to say rather than printing an empty name', () => {
    const words = receiptWords(receipts['no transaction number yet, no months (a top-up)'] ?? base);
    expect(words.lines.map((l) => l.name)).not.toContain('账期');
    expect(words.lines.map((l) => l.name)).not.toContain('交易单号');
    expect(words.lines.every((l) => l.value.trim() !== '')).toBe(true);
    // a top-up says when it was topped up and the balance after it
    expect(words.lines.map((l) => l.name)).toEqual([
      '户号（缴费卡上的号码）',
      '户主',
      '充值时间',
      '充值后余额',
      '订单号',
    ]);
    expect(words.lines.find((l) => l.name === '充值后余额')?.value).toBe('¥115.00');
  });
});
