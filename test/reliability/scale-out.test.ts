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
 * Three BFF instances on one embedded database behind a round-robin client (issue 16): the
 * instance leading the background work is killed with SIGKILL in the middle of a burst, and the
 * two that are left carry on. Nothing answered 201 is lost, every help request reaches the
 * webhook receiver (again only if its first delivery was under way when the leader died), the
 * payer-lookup limit holds once for all three, the pending payments are swept once, and another
 * instance leads the background work within 10 s.
 */

const SECRET = 'scale-out-webhook-secret';
const LOOKUPS_PER_MINUTE = 5;
const SLOT_SECONDS = 3;

describe('three BFF instances, one killed mid-load', () => {
  const cacheDir = process.env.CACHE_DIR ?? path.join(projectRoot, '.cache');
  let dataDir: string;
  let db: EmbeddedDb;
  let conn: Connection;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const instances: BffProcess[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-scale-out-'));
    db = await startEmbeddedDb({ dataDir, cacheDir });
    const receiverPort = await freePort();
    receiver = await startWebhookReceiver(receiverPort, SECRET);
    const env = {
      HELP_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hook`,
      HELP_WEBHOOK_SECRET: SECRET,
      HELP_WEBHOOK_INTERVAL_MS: '100',
      HELP_WEBHOOK_BACKOFF_SECONDS: '1',
      HELP_WEBHOOK_LEASE_SECONDS: '2',
      BACKGROUND_SLOT_SECONDS: String(SLOT_SECONDS),
      PAYER_LOOKUP_PER_MINUTE: String(LOOKUPS_PER_MINUTE),
      PAYMENT_PENDING_MINUTES: '1',
      PAYMENT_SWEEP_SECONDS: '5',
    };
    // one after the other: the first seeds the demo, the others find it
    for (let i = 0; i < 3; i += 1) instances.push(await startBffProcess(db.uri, 'scaleout', env));
    conn = await connectDb(db.uri, { dbName: 'scaleout', timeoutMs: 5000 });
  });
  afterAll(async () => {
    for (const bff of instances) await stopGroup(bff.child);
    await conn.close();
    await receiver.close();
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('loses nothing, does nothing twice, and hands the background work on', async () => {
    // the client spreads requests over the three in turn, as a load balancer would, and keeps
    // sending to the dead one too (those requests fail; none of them is answered 201)
    let turn = 0;
    const next = () => instances[turn++ % instances.length]?.url ?? '';
    const send = (method: string, url: string, options: Parameters<typeof call>[3] = {}) =>
      call(next(), method, url, options).catch(() => null);

    const residents = await Promise.all(Array.from({ length: 24 }, (_, i) => residentToken(next(), `scale-${i}`)));

    // the payer-lookup limit, counted once for all three: 3× the allowance, spread over them
    const lookups = await Promise.all(
      Array.from({ length: 3 * LOOKUPS_PER_MINUTE }, () =>
        send('POST', '/api/payer-lookup', {
          token: residents[0],
          body: { utility: 'power', by: 'accountNo', value: '1000000002' },
        }),
      ),
    );
    const allowed = lookups.filter((r) => r && r.status !== 429).length;
    expect(lookups.filter((r) => r?.status === 429).length + allowed).toBe(lookups.length);
    const hits = await conn.collection('limithits').find({ name: 'payer-lookup' }).toArray();
    const windows = new Set(hits.map((h) => Number(h.w)));
    expect(hits.length).toBe(allowed);
    for (const w of windows)
      expect(hits.filter((h) => Number(h.w) === w).length).toBeLessThanOrEqual(LOOKUPS_PER_MINUTE);
    // nearly always one window; two when the burst straddles a minute
    if (windows.size === 1) expect(allowed).toBe(LOOKUPS_PER_MINUTE);
    else expect(allowed).toBeLessThanOrEqual(windows.size * LOOKUPS_PER_MINUTE);

    // payments left pending at the provider, for the sweep to close once they expire
    const demo = [
      ['power', '1000000001', '张建明'],
      ['water', '2000000001', '张建明'],
      ['gas', '3000000001', '李秀英'],
      ['power', '1000000002', '王淑芬'],
      ['water', '2000000006', '钱桂芳'],
    ] as const;
    const payments: string[] = [];
    for (const [i, [utility, accountNo, holderName]] of demo.entries()) {
      const token = residents[i + 1];
      const bound = await send('POST', '/api/accounts', { token, body: { utility, accountNo, holderName } });
      expect(bound?.status).toBe(201);
      const accountId = (bound?.body as { id: string }).id;
      const bills = await send('GET', `/api/bills?accountId=${accountId}`, { token });
      const unpaid = (bills?.body as { bills: Array<{ id: string; status: string }> }).bills.filter(
        (b) => b.status === 'unpaid',
      );
      const created = await send('POST', '/api/payments', {
        token,
        body: { billIds: unpaid.map((b) => b.id), idempotencyKey: `scale-pay-${i}-0000` },
      });
      expect(created?.status).toBe(201);
      payments.push((created?.body as { payment: { id: string } }).payment.id);
    }

    // the instance leading the background work: the newest runner key names its process
    const once = conn.collection<{ _id: string; at: Date; data?: { pid?: number } }>('onces');
    const newestSlotKey = async () =>
      (await once.find({ _id: { $regex: /^runner:/ } }).toArray())
        .map((d) => ({ slot: Number(d._id.slice('runner:'.length)), at: d.at, pid: d.data?.pid }))
        .sort((a, b) => b.slot - a.slot)[0];
    await waitUntil(async () => (await newestSlotKey())?.pid !== undefined);
    const leaderPid = (await newestSlotKey())?.pid;
    const leader = instances.find((b) => b.child.pid === leaderPid);
    expect(leader, `no instance has pid ${leaderPid}`).toBeDefined();

    // a burst of help requests over the three; the leader dies once some are saved
    const helpRequests = conn.collection('helprequests');
    const burst = residents.map((token, i) =>
      send('POST', '/api/help', { token, body: { clientKey: `scale-tap-${i}-00000` } }),
    );
    await waitUntil(async () => (await helpRequests.countDocuments({})) > 0, 5);
    leader?.child.kill('SIGKILL');
    const killedAt = Date.now();
    // what had arrived when the leader died: only those may come again
    const receivedBeforeKill = receiver.received.length;
    const answers = await Promise.all(burst);
    await new Promise<void>((r) =>
      leader?.child.exitCode !== null || leader.child.signalCode ? r() : leader.child.once('exit', () => r()),
    );

    // the survivors carry on: more residents ask for help through the same round-robin client
    const later = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const token = await residentToken(instances.find((b) => b !== leader)?.url ?? '', `scale-later-${i}`);
        return send('POST', '/api/help', { token, body: { clientKey: `scale-later-${i}-0000` } });
      }),
    );

    // no 201 lost: every request answered 201 is in the database
    const answered = [...answers, ...later].filter((r) => r?.status === 201);
    expect(answered.length).toBeGreaterThan(0);
    const saved = new Set(
      (await helpRequests.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)),
    );
    for (const r of answered) expect(saved.has((r?.body as { help: { id: string } }).help.id)).toBe(true);

    // another instance leads within 10 s of the kill
    await waitUntil(async () => {
      const key = await newestSlotKey();
      return key !== undefined && key.pid !== leaderPid;
    });
    const takenOver = (await once.find({ _id: { $regex: /^runner:/ } }).toArray())
      .filter((d) => d.data?.pid !== leaderPid && d.at.getTime() >= killedAt)
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    expect(takenOver).toBeDefined();
    expect((takenOver?.at.getTime() ?? Infinity) - killedAt).toBeLessThan(10_000);

    // every help request announced, each event delivered; an event arrives twice only if its
    // first delivery was under way when the leader died
    const outbox = conn.collection('outboxes');
    await waitUntil(async () => {
      const known = new Set((await outbox.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
      if (![...saved].every((id) => known.has(`help-${id}-r0`))) return false;
      return (await outbox.countDocuments({ status: { $ne: 'delivered' } })) === 0;
    }, 250);
    const ids = (await outbox.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
    const { received } = receiver;
    expect(received.filter((e) => !e.valid)).toEqual([]);
    const receivedIds = new Set(received.map((e) => e.id));
    expect(ids.filter((id) => !receivedIds.has(id))).toEqual([]);
    expect([...receivedIds].filter((id) => !ids.includes(id))).toEqual([]);
    const beforeKill = new Set(received.slice(0, receivedBeforeKill).map((e) => e.id));
    const twice = [...receivedIds].filter((id) => received.filter((e) => e.id === id).length > 1);
    expect(twice.filter((id) => !beforeKill.has(id))).toEqual([]);

    // the pending payments, swept once they expire: closed, their bills free again
    const paymentDocs = conn.collection('payments');
    await waitUntil(async () => (await paymentDocs.countDocuments({ status: 'pending' })) === 0, 1000);
    const swept = await paymentDocs.find({}).toArray();
    // the figures for the note, in the run's output
    console.info(
      `[scale-out] 201s ${answered.length}/${answers.length + later.length}, lookups allowed ${allowed}/${lookups.length}, ` +
        `runner taken over ${(takenOver?.at.getTime() ?? 0) - killedAt} ms after the kill, ` +
        `${ids.length} events delivered, ${twice.length} twice (in flight at the kill), ${swept.length} payments swept`,
    );
    expect(swept.map((p) => String(p._id)).sort()).toEqual([...payments].sort());
    for (const p of swept)
      expect({ id: String(p._id), status: p.status }).toEqual({ id: String(p._id), status: 'closed' });
    expect(await conn.collection('billclaims').countDocuments({})).toBe(0);
  }, 600_000);
});
