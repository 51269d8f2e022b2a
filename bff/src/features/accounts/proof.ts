import { createHash, timingSafeEqual } from 'node:crypto';
import type { BindAccountBody } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { retryAfterSeconds, type Limits } from '../../lib/limits';
import type { UtilityAccountRecord } from './model';

const HOUR = 3_600_000;

/** Limits of binding (config `billing.bindLimits`). */
export interface BindLimits {
  perResidentPerHour: number;
  wrongPerAccountPerHour: number;
  wrongPerResidentPerHour: number;
}

/** A name as people type it: no spaces, one kind of middle dot (买买提·艾力), any width, any case. */
function normalName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/[.•・‧∙]/g, '·')
    .toLowerCase();
}

/** Compares two texts in constant time (by their digests), so timing tells nothing of the record. */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Stands in for an account that does not exist, so that a miss does the same work as a wrong proof. */
const NOBODY = { holderName: '\u0000', holderIdNumber: '\u0000'.repeat(18) };

/** Each proof given must match the record: two guesses in one request are no better than one. */
function matches(record: Pick<UtilityAccountRecord, 'holderName' | 'holderIdNumber'>, body: BindAccountBody): boolean {
  const checks: boolean[] = [];
  if (body.holderName !== undefined) checks.push(same(normalName(body.holderName), normalName(record.holderName)));
  if (body.holderIdLast6 !== undefined) {
    checks.push(same(body.holderIdLast6, record.holderIdNumber.trim().toUpperCase().slice(-6)));
  }
  return checks.length > 0 && checks.every(Boolean);
}

const tooMany = () =>
  new AppError('RATE_LIMITED', '核对没通过的次数太多了，请过一小时再试。也可以点“一键求助”找人帮忙。', {
    retryAfterSeconds: 3600,
  });

/**
 * Proof of holdership for binding an account as one's own (it shows the whole bill history): the
 * holder's name or the last six digits of the holder's ID number, checked against the record.
 *
 * Guesses are limited in the database (lib/limits.ts), so that many residents or many instances
 * do not mean more guesses:
 * - every bind of a resident is counted (`bind`), right ones too;
 * - wrong proofs of one resident (`bind-wrong-by`) are counted after the check; sent all at once
 *   they are still bounded by the first count;
 * - wrong proofs of one account, from any resident (`bind-wrong`), are counted BEFORE the check,
 *   by taking a hit (an atomic insert), and a right proof gives its hit back by counting one
 *   `bind-right`, which raises that hour's allowance. So guesses sent all at once from many
 *   residents cannot outrun the count, and the household binding the same account several times
 *   is not refused. Only the holder's proof gives hits back.
 * The account is named by utility and number as typed, so an unknown number is counted, refused
 * and answered exactly like a known one with a wrong proof: a failed bind never says which it was.
 */
export function createHolderProof({ limits, settings }: { limits: Limits; settings: BindLimits }) {
  const rule = (max: number) => ({ max, windowMs: HOUR });

  return {
    /**
     * Checks the proof in `body` against `account` (null: no such account) for `userId`; throws
     * 429 `RATE_LIMITED` when a limit is spent and 400 `ACCOUNT_NOT_MATCHED` when the proof is
     * wrong or the account unknown (the same answer). Answers the account when the proof holds.
     */
    async check(
      userId: string,
      body: BindAccountBody,
      find: () => Promise<UtilityAccountRecord | null>,
    ): Promise<UtilityAccountRecord> {
      const accountKey = `${body.utility}:${body.accountNo}`;
      const bind = await limits.take('bind', userId, rule(settings.perResidentPerHour));
      if (!bind.ok) {
        throw new AppError('RATE_LIMITED', '绑定太频繁了，请过一会儿再试。', {
          retryAfterSeconds: retryAfterSeconds(bind),
        });
      }
      const wrongBy = await limits.count('bind-wrong-by', userId, HOUR);
      if (wrongBy.count >= settings.wrongPerResidentPerHour) throw tooMany();
      const right = await limits.count('bind-right', accountKey, HOUR);
      const slot = await limits.take('bind-wrong', accountKey, rule(settings.wrongPerAccountPerHour + right.count));
      if (!slot.ok) throw tooMany();

      const account = await find();
      // an unknown account is checked against nobody: the same work as a wrong proof
      if (matches(account ?? NOBODY, body) && account) {
        await limits.take('bind-right', accountKey, rule(100_000));
        return account;
      }
      await limits.take('bind-wrong-by', userId, rule(settings.wrongPerResidentPerHour));
      throw new AppError('ACCOUNT_NOT_MATCHED');
    },
  };
}

export type HolderProof = ReturnType<typeof createHolderProof>;
