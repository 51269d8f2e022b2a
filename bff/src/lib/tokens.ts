import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { roleValues, type Role } from '@bianmin/shared';

/** The algorithm is pinned: tokens are only ever signed and accepted as HS256. */
const ALGORITHM = 'HS256';
const ISSUER = 'bianmin';

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
  return {
    sign(claims, expiresAt) {
      return jwt.sign({ sid: claims.sid, role: claims.role, exp: Math.floor(expiresAt.getTime() / 1000) }, key, {
        algorithm: ALGORITHM,
        subject: claims.sub,
        issuer: ISSUER,
      });
    },
    verify(token, now) {
      try {
        // expiry is checked below, so an expired but genuine token can be told from a forged one
        const payload = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, ignoreExpiration: true });
        const parsed = Claims.safeParse(payload);
        if (!parsed.success) return null;
        return { ...parsed.data, expired: parsed.data.exp * 1000 <= now.getTime() };
      } catch {
        return null;
      }
    },
  };
}
