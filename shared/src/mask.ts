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

/** `110101195501011234` → `110***********1234`: the region's first three digits and the last four. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length < 8) return STAR.repeat(Math.max(chars.length, 4));
  return `${chars.slice(0, 3).join('')}${STAR.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
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

/**
 * An account number (户号) shown to anyone but its holder: `1000000001` → `******0001`, the last
 * four digits, enough to recognise it and not enough to bind it or look it up. Every screen that
 * shows someone else's account uses this one function (lookup, payments, receipts, family).
 */
export function maskAccountNo(accountNo: string): string {
  const chars = Array.from(accountNo.trim());
  if (chars.length <= 4) return STAR.repeat(Math.max(chars.length, 4));
  return `${STAR.repeat(chars.length - 4)}${chars.slice(-4).join('')}`;
}
