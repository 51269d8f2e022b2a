import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { helpTestApp } from '../help/test-helpers';

const SECRET = 'webhook-secret-for-the-test';

/** A stand-in ticketing system: records every delivery; while `up` is false it drops connections. */
async function receiver() {
  const received: Array<{ id: string; signature: string; body: string }> = [];
  const state = { up: false };
  const server = http.createServer((req, res) => {
    if (!state.up) {
      req.socket.destroy();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({
        id: String(req.headers['x-bianmin-event-id']),
        signature: String(req.headers['x-bianmin-signature']),
        body,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('webhook outbox', () => {
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hook = await receiver();
  });
  afterAll(() => hook.close());

  it('delivers every event exactly once per event id with a valid signature after the receiver returns, across a restart', async () => {
    const clock = createManualClock();
    const env = { HELP_WEBHOOK_URL: hook.url, HELP_WEBHOOK_SECRET: SECRET, HELP_WEBHOOK_BACKOFF_SECONDS: '2' };
    const first = await helpTestApp({ clock, env });
    const agent = await first.agent('hook-agent');
    const ids = [
      await first.createHelp(await first.resident(), {}),
      await first.createHelp(await first.resident(), { category: 'complaint' }),
      await first.createHelp(await first.resident(), {}),
    ];
    await first.http.post(`/api/agent/help/${ids[0]}/claim`).set(first.bearer(agent.token)).expect(200);
    const expected = (await first.models.Outbox.find({}, { _id: 1 }).lean()).map((o) => o._id).sort();
    expect(expected).toHaveLength(4); // three created, one status change

    // the receiver is down: attempts fail and back off (2 s, then 4 s)
    expect(await first.services.help.outbox.deliverDue()).toEqual({ delivered: 0, failed: 4 });
    clock.advance(1000);
    expect(await first.services.help.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    clock.advance(1000);
    expect(await first.services.help.outbox.deliverDue()).toEqual({ delivered: 0, failed: 4 });
    await first.close({ keepDatabase: true });

    // the BFF restarts as two instances; the receiver comes back
    const second = await helpTestApp({ clock, env, dbName: first.config.db.name });
    const third = await helpTestApp({ clock, env, dbName: first.config.db.name });
    hook.state.up = true;
    expect(await second.services.help.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 }); // still backing off
    clock.advance(4000);
    await Promise.all([second.services.help.outbox.deliverDue(), third.services.help.outbox.deliverDue()]);
    clock.advance(3600_000);
    await Promise.all([second.services.help.outbox.deliverDue(), third.services.help.outbox.deliverDue()]);

    expect(hook.received.map((r) => r.id).sort()).toEqual(expected);
    for (const r of hook.received) {
      expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      const body = JSON.parse(r.body) as { id: string; type: string; data: { helpId: string } };
      expect(body.id).toBe(r.id);
      expect(ids).toContain(body.data.helpId);
    }
    const types = hook.received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    expect(types).toEqual(['help.created', 'help.created', 'help.created', 'help.status_changed']);
    expect(await second.models.Outbox.countDocuments({ status: 'delivered' })).toBe(4);
    await third.close({ keepDatabase: true });
    await second.close();
  });

  it('sends nothing and stores nothing when no webhook URL is configured', async () => {
    const t = await helpTestApp();
    await t.createHelp(await t.resident(), {});
    expect(await t.models.Outbox.countDocuments({})).toBe(0);
    expect(await t.services.help.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    await t.close();
  });
});
