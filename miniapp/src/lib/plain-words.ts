/**
 * Words of the utilities' trade that residents may not know, each with the plain words a page
 * puts beside it the first time it uses it (工信部 适老化: 通俗易懂). Pages write
 * `plain('户号')` → 「户号（缴费卡上的号码）」, or show one of the plain phrasings nearby (a hint
 * under a title); `plain` uses the first. lib/plain-words.test.ts checks every string of the mini-program against this list.
 */
export const PLAIN_WORDS = {
  户号: ['缴费卡上的号码', '账单上的号码', '账单上的户号'],
  代缴: ['替家里人缴费', '替别人缴费', '替家人缴费'],
  滞纳金: ['晚交多收的钱'],
  违约金: ['晚交多收的钱'],
  预付费: ['先存钱后用'],
  工单: ['求助记录'],
  凭证: ['缴费的证明'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

/** A word that needs its plain words beside it. */
export type Jargon = keyof typeof PLAIN_WORDS;

/** The word with its plain words in brackets, for its first use on a page: 「户号（缴费卡上的号码）」. */
export function plain(word: Jargon): string {
  return `${word}（${PLAIN_WORDS[word][0]}）`;
}

/** Longest run of characters a resident reads without a pause (a comma, a full stop…). */
export const MAX_UNBROKEN_CHARS = 30;
