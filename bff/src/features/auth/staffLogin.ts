import { createHash } from 'node:crypto';
import type { LoginLock } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import type { Limits } from '../../lib/limits';

/** Limit names, as kept in the database (lib/limits.ts). */
const FAILED = 'staff-login-failed';
const FAILED_FROM = 'staff-login-failed-from';
const DEVICE_FAILED = 'staff-login-device-failed';
/** Wrong passwords from one known device before it stops being trusted (until the window ends). */
const DEVICE_FAILURES = 3;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Who is trying to sign in, and from where. */
export interface LoginAttempt {
  username: string;
  /** The client's address (`ctx.ip`). */
  address: string;
  /** The token of a device she signed in from before, if the client kept one. */
  deviceToken?: string | undefined;
}

/**
 * Limits on staff logins that slow an attacker without locking the real person out (issue 13.8).
 * Kept in the database, so every instance counts the same failures.
 *
 * - The first `freeFailures` wrong passwords for a username (per window) cost nothing.
 * - After that, a try from an address that already failed (for anyone) waits 2, 4, 8 … s after
 *   the last failure, at most `maxDelaySeconds`: 429 with Retry-After.
 * - A try from an address with no failures is let through (a colleague's desk, her own phone), so
 *   guessing from one place gets slow at once; past `newAddressCap` failures even those wait for
 *   the window to end, which bounds guessing from many places.
 * - A device she signed in from before (its token) is never held up by the username's failures:
 *   she can always get in from her own browser. Its own wrong passwords are counted, and after
 *   DEVICE_FAILURES it is treated like any other.
 * - A supervisor sees the usernames held up and clears them (`locks`, `clear`).
 * The per-address request limit (rateLimit on the route) comes on top.
 */
export function createStaffLoginGuard(deps: {
  models: Models;
  clock: Clock;
  limits: Limits;
  settings: Config['auth']['staffLogin'];
}) {
  const { models, clock, limits, settings } = deps;
  const { windowMs } = settings;
  const count = async (name: string, key: string) => (await limits.count(name, key, windowMs)).count;
  const take = (name: string, key: string, label?: string) =>
    limits.take(name, key, { max: Number.MAX_SAFE_INTEGER, windowMs }, label);

  /** Seconds a try from a failed address must wait after the last failure, with `failures` so far. */
  const delaySeconds = (failures: number) =>
    Math.min(settings.maxDelaySeconds, 2 ** (failures - settings.freeFailures + 1));

  /** How long (ms) a try of `username` from a failed address must still wait; 0 for none. */
  async function waitMs(username: string, failures: number): Promise<number> {
    if (failures < settings.freeFailures) return 0;
    if (failures >= settings.newAddressCap) return (await limits.count(FAILED, username, windowMs)).resetInMs;
    const last = await limits.latest(FAILED, username, windowMs);
    if (!last) return 0;
    return Math.max(0, last.getTime() + delaySeconds(failures) * 1000 - clock.now().getTime());
  }

  /** The known device behind `token` for agent `agentId`, while it is still trusted. */
  async function trustedDevice(token: string | undefined, username: string) {
    if (!token) return null;
    const id = hash(token);
    const agent = await models.Agent.findOne({ username }, { _id: 1 }).lean();
    if (!agent) return null;
    const device = await models.StaffDevice.findOne({ _id: id, agentId: String(agent._id) }).lean();
    if (!device || (await count(DEVICE_FAILED, id)) >= DEVICE_FAILURES) return null;
    return device;
  }

  return {
    /** Refuses the attempt with 429 RATE_LIMITED (and Retry-After) while it must wait. */
    async check(attempt: LoginAttempt): Promise<void> {
      const failures = await count(FAILED, attempt.username);
      if (failures < settings.freeFailures) return;
      if (await trustedDevice(attempt.deviceToken, attempt.username)) return;
      const fresh = failures < settings.newAddressCap && (await count(FAILED_FROM, attempt.address)) === 0;
      if (fresh) return;
      const wait = await waitMs(attempt.username, failures);
      if (wait <= 0) return;
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new AppError('RATE_LIMITED', `密码输错太多次了，请 ${seconds} 秒后再试，或请班长解锁。`, {
        retryAfterSeconds: seconds,
      });
    },

    /** Counts a wrong password (for the username, the address and the device that sent it). */
    async failed(attempt: LoginAttempt): Promise<void> {
      await take(FAILED, attempt.username, attempt.username);
      await take(FAILED_FROM, attempt.address);
      if (attempt.deviceToken) await take(DEVICE_FAILED, hash(attempt.deviceToken));
    },

    /**
     * A good password: answers the device token to keep (the one sent, when it is hers, or a new
     * one), which exempts her next logins from the username's delays.
     */
    async succeeded(agentId: string, attempt: LoginAttempt): Promise<string> {
      const now = clock.now();
      if (attempt.deviceToken) {
        const kept = await models.StaffDevice.updateOne(
          { _id: hash(attempt.deviceToken), agentId },
          { $set: { lastUsedAt: now } },
        );
        if (kept.matchedCount > 0) return attempt.deviceToken;
      }
      const token = randomId(24);
      await models.StaffDevice.create({ _id: hash(token), agentId, createdAt: now, lastUsedAt: now });
      return token;
    },

    /** Staff usernames with wrong passwords in this window, and how long a try must wait. */
    async locks(): Promise<LoginLock[]> {
      const rows = await limits.labelled(FAILED, windowMs);
      const out: LoginLock[] = [];
      for (const row of rows) {
        const agent = await models.Agent.findOne({ username: row.label }, { displayName: 1 }).lean();
        if (!agent) continue; // guesses at names nobody has
        const wait = await waitMs(row.label, row.count);
        out.push({
          username: row.label,
          displayName: agent.displayName,
          failures: row.count,
          waitSeconds: wait > 0 ? Math.ceil(wait / 1000) : 0,
          onlyKnownDevices: row.count >= settings.newAddressCap,
        });
      }
      return out.sort((a, b) => b.failures - a.failures || a.username.localeCompare(b.username));
    },

    /** Forgets the wrong passwords of `username` (a supervisor unlocks her). */
    async clear(username: string): Promise<void> {
      await limits.clear(FAILED, username);
    },
  };
}

export type StaffLoginGuard = ReturnType<typeof createStaffLoginGuard>;
