import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookFailureList } from '@bianmin/shared';
import { helpTestApp } from '../help/test-helpers';

/**
 * The outbox stays bounded (issue 16.7): a message the receiver keeps refusing is given up
 * after the attempt limit, listed for supervisors (paged, with its total) and can be sent again;
 * delivered messages go after the retention, failed ones after ten times as long.
 */
describe('a bounded webhook outbox', () => {
  let status = 500;
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(String(req.headers['x-bianmin-event-id']));
    req.resume();
    req.on('end', () => res.writeHead(status).end());
  });
  let t: Awaited<ReturnType<typeof helpTestApp>>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await helpTestApp({
      env: {
        HELP_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        HELP_WEBHOOK_SECRET: 'webhook-secret-for-the-test',
        HELP_WEBHOOK_BACKOFF_SECONDS: '1',
        HELP_WEBHOOK_MAX_BACKOFF_SECONDS: '1',
        HELP_WEBHOOK_MAX_ATTEMPTS: '3',
        HELP_WEBHOOK_RETENTION_DAYS: '7',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const outbox = () => t.services.help.outbox;

  it('gives a refused message up after the limit, lists it for supervisors and sends it again', async () => {
    await t.createHelp(await t.resident(), {});
    const [message] = await t.models.Outbox.find({}).lean();
    expect(message?.status).toBe('pending');
    for (let attempt = 0; attempt < 5; attempt++) {
      await outbox().deliverDue();
      t.clock.advance(2000);
    }
    const failed = await t.models.Outbox.findById(message?._id).lean();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500' });
    expect(received.filter((r) => r === message?._id)).toHaveLength(3);

    const supervisor = await t.agent('outbox-supervisor', { role: 'supervisor' });
    const agent = await t.agent('outbox-agent');
    await t.http.get('/api/agent/supervisor/webhooks/failed').set(t.bearer(agent.token)).expect(403);
    const list = WebhookFailureList.parse(
      (
        await t.http
          .get('/api/agent/supervisor/webhooks/failed?pageSize=10')
          .set(t.bearer(supervisor.token))
          .expect(200)
      ).body,
    );
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(list.items[0]).toMatchObject({ id: message?._id, attempts: 3, lastError: 'HTTP 500' });

    status = 204;
    await t.http
      .post(`/api/agent/supervisor/webhooks/${encodeURIComponent(String(message?._id))}/resend`)
      .set(t.bearer(supervisor.token))
      .expect(204);
    await t.http
      .post(`/api/agent/supervisor/webhooks/${encodeURIComponent(String(message?._id))}/resend`)
      .set(t.bearer(supervisor.token))
      .expect(404);
    await outbox().deliverDue();
    expect((await t.models.Outbox.findById(message?._id).lean())?.status).toBe('delivered');
  });

  it('forgets delivered messages after the retention and failed ones after ten times as long', async () => {
    const now = t.clock.now().getTime();
    const day = 86_400_000;
    const base = { type: 't', body: '{}', attempts: 1, nextAttemptAt: new Date(now), createdAt: new Date(now) };
    await t.models.Outbox.deleteMany({});
    await t.models.Outbox.create([
      { ...base, _id: 'old-delivered', status: 'delivered', deliveredAt: new Date(now - 8 * day) },
      { ...base, _id: 'new-delivered', status: 'delivered', deliveredAt: new Date(now - 6 * day) },
      { ...base, _id: 'old-failed', status: 'failed', failedAt: new Date(now - 71 * day) },
      { ...base, _id: 'new-failed', status: 'failed', failedAt: new Date(now - 60 * day) },
      { ...base, _id: 'pending', status: 'pending' },
    ]);
    expect(await outbox().sweep()).toBe(2);
    const left = (await t.models.Outbox.find({}, { _id: 1 }).lean()).map((m) => m._id).sort();
    expect(left).toEqual(['new-delivered', 'new-failed', 'pending']);
  });
});
