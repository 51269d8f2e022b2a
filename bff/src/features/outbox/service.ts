import { createHmac } from 'node:crypto';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import type { Once } from '../../lib/once';
import type { Logger } from '../../lib/logger';
import { isDuplicateKey } from '../../db/query';

/** `sha256=<hex>` of the exact body bytes, keyed by the shared secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The webhook outbox. Messages are written with a stable id (`enqueue` is idempotent on it),
 * then a delivery loop takes a lease on each due message, POSTs it signed, and marks it
 * delivered on a 2xx or schedules the next attempt with exponential backoff. State lives in the
 * database, so a restart picks up where the last run stopped; nothing is sent twice with
 * different ids, and a message is only dropped by an explicit 2xx.
 */
export function createOutboxService(deps: {
  models: Models;
  clock: Clock;
  once: Once;
  settings: Config['help']['webhook'];
  logger: Logger;
  fetch?: typeof fetch;
}) {
  const { models, clock, once, settings, logger } = deps;
  const doFetch = deps.fetch ?? fetch;
  const owner = randomId(9);
  const enabled = Boolean(settings.url);
  if (enabled && !settings.secret) throw new Error('HELP_WEBHOOK_SECRET is required when HELP_WEBHOOK_URL is set');
  let timer: NodeJS.Timeout | undefined;

  async function deliverOne(id: string): Promise<boolean> {
    const now = clock.now();
    const current = await models.Outbox.findOne({ _id: id, status: 'pending', nextAttemptAt: { $lte: now } }).lean();
    if (!current) return false;
    // claim this attempt before sending: one sender per attempt, whichever instance (lib/once.ts)
    if (!(await once.claim(`outbox:${id}:${current.attempts}`, settings.leaseSeconds * 1000))) return false;
    const leased = await models.Outbox.findOneAndUpdate(
      {
        _id: id,
        status: 'pending',
        nextAttemptAt: { $lte: now },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }],
      },
      { $set: { leaseUntil: new Date(now.getTime() + settings.leaseSeconds * 1000), leaseOwner: owner } },
      { returnDocument: 'after' },
    ).lean();
    if (!leased || !settings.url || !settings.secret) return false;
    let error: string | null = null;
    try {
      const res = await doFetch(settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Bianmin-Event-Id': leased._id,
          'X-Bianmin-Event-Type': leased.type,
          'X-Bianmin-Signature': signBody(settings.secret, leased.body),
        },
        body: leased.body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const after = clock.now();
    if (!error) {
      await models.Outbox.updateOne(
        { _id: id, leaseOwner: owner },
        { $set: { status: 'delivered', deliveredAt: after, leaseUntil: null, lastError: null }, $inc: { attempts: 1 } },
      );
      return true;
    }
    const attempts = leased.attempts + 1;
    if (attempts >= (leased.attemptLimit ?? settings.maxAttempts)) {
      await models.Outbox.updateOne(
        { _id: id, leaseOwner: owner },
        { $set: { status: 'failed', failedAt: after, leaseUntil: null, lastError: error }, $inc: { attempts: 1 } },
      );
      logger.error({ id, attempts, error }, 'webhook delivery given up after the attempt limit');
      return false;
    }
    const delay = Math.min(settings.backoffSeconds * 2 ** (attempts - 1), settings.maxBackoffSeconds);
    await models.Outbox.updateOne(
      { _id: id, leaseOwner: owner },
      {
        $set: { nextAttemptAt: new Date(after.getTime() + delay * 1000), leaseUntil: null, lastError: error },
        $inc: { attempts: 1 },
      },
    );
    logger.warn({ id, attempts, error }, 'webhook delivery failed; will retry');
    return false;
  }

  async function deliverDue(limit = 50): Promise<{ delivered: number; failed: number }> {
    if (!enabled) return { delivered: 0, failed: 0 };
    const now = clock.now();
    const due = await models.Outbox.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { _id: 1 })
      .sort({ nextAttemptAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    let delivered = 0;
    let failed = 0;
    // one at a time, oldest due first; receivers deduplicate on the event id, not on order
    for (const { _id } of due) {
      if (await deliverOne(_id)) delivered += 1;
      else failed += 1;
    }
    return { delivered, failed };
  }

  return {
    enabled,
    /** Records a message under its stable id; a second call with the same id changes nothing. */
    async enqueue(id: string, type: string, payload: unknown): Promise<void> {
      if (!enabled) return;
      const now = clock.now();
      const body = JSON.stringify({ id, type, occurredAt: now.toISOString(), data: payload });
      await models.Outbox.updateOne(
        { _id: id },
        { $setOnInsert: { _id: id, type, body, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now } },
        { upsert: true },
      ).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
    },
    deliverDue,
    /**
     * Keeps the outbox bounded: delivered messages go after the retention, failed ones after ten
     * times as long (by indexed time fields). Answers how many went.
     */
    async sweep(): Promise<number> {
      const day = 86_400_000;
      const now = clock.now().getTime();
      const [delivered, failed] = await Promise.all([
        models.Outbox.deleteMany({ deliveredAt: { $lt: new Date(now - settings.retentionDays * day) } }),
        models.Outbox.deleteMany({ failedAt: { $lt: new Date(now - 10 * settings.retentionDays * day) } }),
      ]);
      return delivered.deletedCount + failed.deletedCount;
    },
    /** Messages given up for good, newest first, with their total (supervisors look and resend). */
    async failures(page: number, pageSize: number) {
      const filter = { status: 'failed' as const };
      const [total, items] = await Promise.all([
        models.Outbox.countDocuments(filter),
        models.Outbox.find(filter, { body: 0 })
          .sort({ failedAt: -1, _id: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean(),
      ]);
      return { total, items };
    },
    /**
     * Sends a failed message again, with as many attempts as a new one (the count goes on, so
     * each attempt keeps its own claim key); false when it is not failed.
     */
    async resend(id: string): Promise<boolean> {
      const current = await models.Outbox.findOne({ _id: id, status: 'failed' }, { attempts: 1 }).lean();
      if (!current) return false;
      const res = await models.Outbox.updateOne(
        { _id: id, status: 'failed' },
        {
          $set: {
            status: 'pending',
            attemptLimit: current.attempts + settings.maxAttempts,
            nextAttemptAt: clock.now(),
            failedAt: null,
            leaseUntil: null,
          },
        },
      );
      return res.modifiedCount === 1;
    },
    start(): void {
      if (!enabled || timer) return;
      const loop = () => {
        deliverDue()
          .catch((err: unknown) => logger.warn({ err }, 'webhook delivery loop failed'))
          .finally(() => {
            if (timer) timer = setTimeout(loop, settings.intervalMs);
          });
      };
      timer = setTimeout(loop, 0);
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
