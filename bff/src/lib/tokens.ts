import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { roleValues, type Role } from '@bianmin/shared';

/** The algorithm is pinned: tokens are only ever signed and accepted as HS256. */
const ALGORITHM = 'HS256';
const ISSUER = 'bianmin';
/** Genuine tokens whose claims are kept, the oldest forgotten first. */
const VERIFIED_KEPT = 10_000;

const Claims = z.object({
  sid: z.string().min(1),
  sub: z.string().min(1),
  role: z.enum(roleValues),
  exp: z.number(),
});
export type TokenClaims = z.infer<typeof Claims>;

export interface TokenSigner {
  sign(claims: { sid: string; sub: string; role: Role }, expiresAt: Date): string;
  /**
   * The claims of a genuine token, with `expired` set once its `exp` has passed; `null` for
   * anything forged, tampered with, signed another way or malformed.
   */
  verify(token: string, now: Date): (TokenClaims & { expired: boolean }) | null;
}

export function createTokenSigner(secret: string): TokenSigner {
  // the key made once: given the string, jsonwebtoken first tries it as a PEM public key on every
  // call and makes the secret key from the error, which took a third of the BFF's CPU under the
  // bill list's load (CPU profile of `npm run bench`, stop 30); the same bytes, so tokens are the same
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // the claims of genuine tokens verified lately: a resident's token comes with every request,
  // and the same string always verifies the same (expiry is checked on each call; whether the
  // session still stands is the session's business, not the token's). Only genuine tokens are
  // kept, so forged ones cannot fill it.
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value as string);
    verified.set(token, claims);
  };
  const check = (token: string): TokenClaims | null => {
    const known = verified.get(token);
    if (known) return known;
    try {
      // expiry is checked by the caller, so an expired but genuine token can be told from a forged one
      const payload = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, ignoreExpiration: true });
      const parsed = Claims.safeParse(payload);
      if (!parsed.success) return null;
      remember(token, parsed.data);
      return parsed.data;
    } catch {
      return null;
    }
  };
  return {
    sign(claims, expiresAt) {
      return jwt.sign({ sid: claims.sid, role: claims.role, exp: Math.floor(expiresAt.getTime() / 1000) }, key, {
        algorithm: ALGORITHM,
        subject: claims.sub,
        issuer: ISSUER,
      });
    },
    verify(token, now) {
      const claims = check(token);
      return claims ? { ...claims, expired: claims.exp * 1000 <= now.getTime() } : null;
    },
  };
}
