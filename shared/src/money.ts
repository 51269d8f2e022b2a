import { z } from 'zod';

/**
 * Money is integer fen (分) everywhere: 1 元 = 100 分. These helpers only ever do integer
 * arithmetic, so no amount is ever rounded by a float.
 */

/** The largest amount the system accepts: ten million yuan, far above any household bill. */
export const MAX_FEN = 1_000_000_000;

/** An amount in fen: a non-negative safe integer. */
export const Fen = z.number().int('金额必须是整数分').min(0, '金额不能为负数').max(MAX_FEN, '金额超出范围');
export type Fen = z.infer<typeof Fen>;

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be an integer number of fen, got ${fen}`);
}

/** `12050` → `"120.50"`; negative amounts (refunds) keep their sign. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
}

/** `12050` → `"¥120.50"`, the form amounts take on screen. */
export function formatYuanSign(fen: number): string {
  const text = formatYuan(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/**
 * Parses what a person typed as yuan (`"120.5"`, `"120.50"`, `"120"`) into fen, or `null`
 * when it is not a plain amount with at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const match = /^\s*(\d{1,8})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const yuan = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const fen = yuan * 100 + cents;
  return fen <= MAX_FEN ? fen : null;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
const BIG_UNITS = ['', '万', '亿', '万亿'] as const;

/** Capital numerals for 1..9999, with zeros inside the group collapsed to one 零. */
function groupToCapital(group: number): string {
  let out = '';
  let pendingZero = false;
  for (let pos = 3; pos >= 0; pos -= 1) {
    const digit = Math.trunc(group / 10 ** pos) % 10;
    if (digit === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += `${DIGITS[digit]}${SMALL_UNITS[pos]}`;
  }
  return out;
}

/** Capital numerals for a whole number of yuan (the part before 元). */
function integerToCapital(n: number): string {
  if (n === 0) return '';
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.trunc(rest / 10_000)) groups.push(rest % 10_000);
  let out = '';
  let zeroBefore = false;
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const group = groups[i] ?? 0;
    if (group === 0) {
      if (out) zeroBefore = true;
      continue;
    }
    // A gap (a zero group, or fewer than four digits after a higher group) is read as one 零.
    if (out && (zeroBefore || group < 1000)) out += '零';
    zeroBefore = false;
    out += groupToCapital(group) + (BIG_UNITS[i] ?? '');
  }
  return out;
}

/**
 * The amount in Chinese capital numerals (大写金额), as printed on receipts and read back to an
 * elderly payer before confirming: `12050` → `"壹佰贰拾元伍角"`, `10000` → `"壹佰元整"`,
 * `100005` → `"壹仟元零伍分"`. Follows the People's Bank of China writing rules.
 */
export function toChineseCapital(fen: number): string {
  assertFen(fen);
  if (fen < 0) return `负${toChineseCapital(-fen)}`;
  if (fen === 0) return '零元整';
  const yuan = Math.trunc(fen / 100);
  const jiao = Math.trunc(fen / 10) % 10;
  const cent = fen % 10;
  let out = yuan > 0 ? `${integerToCapital(yuan)}元` : '';
  if (jiao === 0 && cent === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cent > 0) out += `${DIGITS[cent]}分`;
  return out;
}
