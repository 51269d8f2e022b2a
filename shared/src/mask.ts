/**
 * Masking of personal data. Whatever identifies a person is shown only masked to anyone but
 * its owner: enough to recognise the right account, never enough to learn who someone is.
 */

const STAR = '*';

/** `张建明` → `张*明`, `张明` → `张*`, `欧阳建明` → `欧**明`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return STAR;
  if (chars.length === 2) return `${chars[0]}${STAR}`;
  return `${chars[0]}${STAR.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * `110101195501011234` → `1****************4`: only the first digit and the check digit.
 *
 * Why so little. An ID number is region (6 digits) + birth date (8) + sequence (3) + check digit
 * (1, ISO 7064 MOD 11-2 over the other 17). A payer's answer also shows the address cut to its
 * district, and the lookup by ID answers found / not found, so whatever the mask hides must stay
 * too many to guess even when the district is known:
 * - The region is as good as shown already: the district names it (one code, or a handful of old
 *   codes of merged districts). Hiding it in the mask (`**************1234`) buys nothing.
 * - Showing the sequence and the check digit (the old `110***********1234`) leaves only the birth
 *   date unknown: about 3 650 days for a decade of birth years, of which the check digit rules
 *   out ten in eleven, so ~330 candidates, ~33 if the year is known (an elderly parent's age) —
 *   a few dozen lookups.
 * - With the sequence hidden as well, a decade leaves 3 650 × 1 000 / 11 ≈ 330 000 candidates
 *   (≈ 33 000 for a known year); the lookup limits per resident, per value and per alike values
 *   (the BFF's family feature) make that out of reach.
 * The first digit (the province group) says no more than the district; the check digit is a
 * function of the rest and narrows by eleven at most, which the figures above already count.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length < 8) return STAR.repeat(Math.max(chars.length, 4));
  return `${chars[0] ?? ''}${STAR.repeat(chars.length - 2)}${chars[chars.length - 1] ?? ''}`;
}

/** `1000000001` → `******0001`: a utility account number as anyone but its holder sees it. */
export function maskAccountNo(accountNo: string): string {
  if (accountNo.length <= 4) return STAR.repeat(accountNo.length);
  return `${STAR.repeat(accountNo.length - 4)}${accountNo.slice(-4)}`;
}

/** `13800138000` → `138****8000`; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}${STAR.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length <= 2) return STAR.repeat(4);
  return `${STAR.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/**
 * An address cut to its district: `北京市东城区东华门街道1号` → `北京市东城区****`. Without a
 * district-level part nothing of the street is kept.
 */
export function maskAddress(address: string): string {
  const text = address.trim();
  // Only a short, digit-free prefix can be a province/city/district; 小区, 社区 and the like are
  // places inside a district and would say too much.
  const district = /^[^\d\s]{1,14}?(?:区|县|旗)/u.exec(text);
  if (district && !/(?:小|社|园|校|景|商|街)区$/u.test(district[0])) return `${district[0]}****`;
  const city = /^[^\d\s]{1,10}?市/u.exec(text);
  return city ? `${city[0]}****` : '****';
}
