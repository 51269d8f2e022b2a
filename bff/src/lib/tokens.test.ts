import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from './tokens';

const secret = 'a-secret-of-forty-characters-or-so-here!';
const claims = { sid: 's1', sub: 'u1', role: 'resident' as const };
const inAnHour = new Date(Date.now() + 3_600_000);

describe('session tokens', () => {
  // instances of two releases run side by side during a rolling deploy, and sessions outlive both
  it('accepts tokens signed with the secret as a string, and its tokens verify that way', () => {
    const signer = createTokenSigner(secret);
    const before = jwt.sign({ sid: 's1', role: 'resident', exp: Math.floor(inAnHour.getTime() / 1000) }, secret, {
      algorithm: 'HS256',
      subject: 'u1',
      issuer: 'bianmin',
    });
    expect(signer.verify(before, new Date())).toMatchObject({ ...claims, expired: false });
    const token = signer.sign(claims, inAnHour);
    expect(jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'bianmin' })).toMatchObject({ sid: 's1' });
    expect(token).toBe(before);
  });

  it('says a token expired once its time has passed, though it was verified before', () => {
    const signer = createTokenSigner(secret);
    const token = signer.sign(claims, inAnHour);
    expect(signer.verify(token, new Date())?.expired).toBe(false);
    expect(signer.verify(token, new Date(inAnHour.getTime() + 1000))?.expired).toBe(true);
  });

  it('refuses a token of another secret, a tampered one and an unsigned one, after the genuine one', () => {
    const signer = createTokenSigner(secret);
    const genuine = signer.sign(claims, inAnHour);
    expect(signer.verify(genuine, new Date())).not.toBeNull();
    const flipped = genuine.at(-5) === 'A' ? 'B' : 'A';
    expect(signer.verify(`${genuine.slice(0, -5)}${flipped}${genuine.slice(-4)}`, new Date())).toBeNull();
    const other = createTokenSigner(`${secret}-other`).sign(claims, inAnHour);
    expect(signer.verify(other, new Date())).toBeNull();
    const [head, , sig] = signer.sign(claims, inAnHour).split('.');
    const forged = Buffer.from(JSON.stringify({ sid: 's1', sub: 'admin', role: 'supervisor', exp: 9e9 })).toString(
      'base64url',
    );
    expect(signer.verify(`${head}.${forged}.${sig}`, new Date())).toBeNull();
    const none = jwt.sign({ ...claims, exp: 9e9 }, '', { algorithm: 'none' });
    expect(signer.verify(none, new Date())).toBeNull();
  });
});
