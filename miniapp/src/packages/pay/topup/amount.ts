import { formatYuanSign, parseYuan, TopUpAmount } from '@bianmin/shared';

/** The amounts offered as large choices, in fen: ¥50, ¥100, ¥200, ¥500. */
export const TOP_UP_CHOICES = [5_000, 10_000, 20_000, 50_000] as const;

/** The choice that opens the 其他金额 box. */
export const OTHER_AMOUNT = 'other';

/** The choices as the page shows them: the four amounts, then 其他金额. */
export const topUpOptions = [
  ...TOP_UP_CHOICES.map((fen) => ({ value: String(fen), text: formatYuanSign(fen).replace(/\.00$/, '') })),
  { value: OTHER_AMOUNT, text: '其他金额' },
];

/**
 * The amount to top up, in fen, from a choice or what was typed in yuan (`88`, `88.5`), checked
 * by the contract's own schema (the BFF checks the same); or what is wrong with it, in words.
 */
export function topUpAmountOf(
  choice: string,
  typed: string,
): { ok: true; fen: number } | { ok: false; problem: string } {
  const other = choice === OTHER_AMOUNT;
  if (other && typed.trim() === '') return { ok: false, problem: '请填写充值金额。' };
  const fen = other ? parseYuan(typed) : Number(choice);
  if (fen === null) return { ok: false, problem: '请填写金额，比如 88 或 88.50。' };
  const checked = TopUpAmount.safeParse(fen);
  if (checked.success) return { ok: true, fen: checked.data };
  return { ok: false, problem: `${checked.error.issues[0]?.message ?? '充值金额不对'}。` };
}
