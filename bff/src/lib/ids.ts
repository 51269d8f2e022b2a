import { randomBytes } from 'node:crypto';

/** A random, URL-safe identifier with 128 bits of entropy. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}
