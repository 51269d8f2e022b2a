import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe identifier with 128 bits of entropy. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** A stable ObjectId (24 hex digits) for a text: the same submission always names the same document. */
export function idFor(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
