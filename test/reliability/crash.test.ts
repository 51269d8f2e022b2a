import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../bff/src/config';
import { connectDb } from '../../bff/src/db/connect';
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../../bff/src/db/embedded';
import { call, residentToken, startBffProcess, type BffProcess } from '../helpers/bff';
import { stopGroup } from '../helpers/process';
import { waitUntil } from '../helpers/wait';
import { startWebhookReceiver } from '../helpers/webhook';

/**
 * The BFF killed with SIGKILL while webhook deliveries and payment notifications are in flight.
 * After a restart every help request saved before the kill is announced, every outbox event
 * reaches the receiver (with a valid signature, under its stable id), and every bill that was paid is paid once: one ledger row per payment, no bill in
 * two payments.
 */

const SECRET = 'crash-test-webhook-secret';

describe('the BFF killed with SIGKILL mid-flight', () => {
  const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');
  let dataDir: string;
  let db: EmbeddedDb;
  let conn: Connection;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let bff: BffProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-crash-'));
    db = await startEmbeddedDb({ dataDir, cacheDir });
    const receiverPort = await freePort();
    receiver = await startWebhookReceiver(receiverPort, SECRET);
    env = {
      HELP_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hook`,
      HELP_WEBHOOK_SECRET: SECRET,
      HELP_WEBHOOK_INTERVAL_MS: '100',
      HELP_WEBHOOK_BACKOFF_SECONDS: '1',
      HELP_WEBHOOK_LEASE_SECONDS: '2',
    };
    conn = await connectDb(db.uri, { dbName: 'crash', timeoutMs: 5000 });
  });
  afterAll(async () => {
    if (bff) await stopGroup(bff.child);
    await conn.close();
    await receiver.close();
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('delivers every outbox event and pays every bill once after a restart', async () => {
    bff = await startBffProcess(db.uri, 'crash', env);
    const base = bff.url;
    const residents = await Promise.all(Array.from({ length: 6 }, (_, i) => residentToken(base, `crash-${i}`)));

    // payments waiting for their notification: each resident pays one bill of 1000000001
    const payer = residents[0] ?? '';
    const bound = await call(base, 'POST', '/api/accounts', {
      token: payer,
      body: { utility: 'power', accountNo: '1000000001', holderName: '张建明' },
    });
    const accountId = (bound.body as { id: string }).id;
    const bills = await call(base, 'GET', `/api/bills?accountId=${accountId}`, { token: payer });
    const unpaid = (bills.body as { bills: Array<{ id: string; status: string }> }).bills.filter(
      (b) => b.status === 'unpaid',
    );
    expect(unpaid.length).toBeGreaterThan(0);
    const payments: string[] = [];
    for (const [i, bill] of unpaid.entries()) {
      const created = await call(base, 'POST', '/api/payments', {
        token: payer,
        body: { billIds: [bill.id], idempotencyKey: `crash-pay-${i}-000` },
      });
      expect(created.status).toBe(201);
      payments.push((created.body as { payment: { id: string } }).payment.id);
    }

    // a burst of help requests (each one outbox event, more with the status changes), then the
    // notifications, and SIGKILL while both are in flight
    const inFlight = [
      ...residents.flatMap((token, i) =>
        [0, 1, 2].map((n) =>
          call(base, 'POST', '/api/help', { token, body: { clientKey: `crash-tap-${i}-${n}-0000` } }),
        ),
      ),
      ...payments.map((id) => call(base, 'POST', `/api/payments/${id}/sandbox-confirm`, { token: payer })),
    ].map((p) => p.catch(() => null));
    // kill once some of the burst is saved and the rest still in flight: when that is comes from
    // the database, not from a clock (on a loaded machine nothing may be saved after 150 ms)
    const helpRequests = conn.collection('helprequests');
    await waitUntil(async () => (await helpRequests.countDocuments({})) > 0, 5);
    bff.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await new Promise<void>((r) =>
      bff?.child.exitCode !== null || bff.child.signalCode ? r() : bff.child.once('exit', () => r()),
    );

    // the same settings, a new process
    bff = await startBffProcess(db.uri, 'crash', env);
    // what the crash left pending: the payer confirms again (the app's result page does so)
    for (const id of payments) {
      const again = await call(bff.url, 'POST', `/api/payments/${id}/sandbox-confirm`, { token: payer });
      expect([200, 409]).toContain(again.status);
    }

    // every request the crash left in the database is announced, even one whose writer died
    // between saving it and writing its webhook message (the restarted tick publishes it)
    const outbox = conn.collection('outboxes');
    const helpIds = (await helpRequests.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
    expect(helpIds.length).toBeGreaterThan(0);
    await waitUntil(async () => {
      const known = new Set((await outbox.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
      if (!helpIds.every((id) => known.has(`help-${id}-r0`))) return false;
      return (await outbox.countDocuments({ status: { $ne: 'delivered' } })) === 0;
    }, 250);
    const ids = (await outbox.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
    expect(ids.length).toBeGreaterThan(0);
    const receivedIds = new Set(receiver.received.map((r) => r.id));
    expect(ids.filter((id) => !receivedIds.has(id))).toEqual([]);
    expect(receiver.received.filter((r) => !r.valid)).toEqual([]);
    // nothing arrived under an id the outbox does not know (no event sent twice under two ids)
    expect([...receivedIds].filter((id) => !ids.includes(id))).toEqual([]);

    // every bill paid once: one ledger row per paid payment, each bill named by one paid payment
    const paid = await conn.collection('payments').find({ status: 'paid' }).toArray();
    expect(paid.length).toBe(payments.length);
    const ledger = await conn.collection('paymentledgers').find({}).toArray();
    expect(ledger.length).toBe(paid.length);
    const paidBills = await conn
      .collection('bills')
      .find({ accountId: { $exists: true }, status: 'paid', paidPaymentId: { $ne: null } })
      .toArray();
    const byBill = new Map<string, string>();
    for (const bill of paidBills) byBill.set(String(bill._id), String(bill.paidPaymentId));
    const states = await conn
      .collection('bills')
      .find({}, { projection: { status: 1, paidPaymentId: 1, period: 1 } })
      .toArray();
    for (const bill of unpaid) expect(byBill.get(bill.id), JSON.stringify({ bill, paid, states })).toBeDefined();
    expect(new Set(unpaid.map((b) => byBill.get(b.id))).size).toBe(unpaid.length);
  }, 600_000);
});
