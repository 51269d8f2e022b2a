import { afterEach, describe, expect, it, vi } from 'vitest';
import { RECOVER_AFTER_MS } from './core';
import { helpTestApp } from './test-helpers';

/**
 * A writer that stops between writing a help request and publishing the change (the process
 * killed, the database gone for a moment) must not lose the live event or the webhook message:
 * the change's intent stays unsettled and the tick publishes it, once. The stop is injected by
 * making the first publication write fail, as a lost connection would.
 */
const env = { HELP_WEBHOOK_URL: 'http://127.0.0.1:9/unused', HELP_WEBHOOK_SECRET: 'recovery-test-secret' };

async function setup() {
  const t = await helpTestApp({ env });
  const outbox = async () =>
    (await t.models.Outbox.find({}).sort({ _id: 1 }).lean()).map((o) => {
      const body = JSON.parse(o.body) as { type: string; data: { status: string; previousStatus: string | null } };
      return { id: o._id, type: body.type, status: body.data.status, previousStatus: body.data.previousStatus };
    });
  const events = async (type: string) => t.models.Event.countDocuments({ type });
  /** The next write of `model` fails as if the process had died there. */
  const failNext = (write: 'event' | 'webhook') => {
    const lost = new Error('connection lost');
    if (write === 'event') vi.spyOn(t.models.Event, 'insertMany').mockRejectedValueOnce(lost);
    else vi.spyOn(t.models.Outbox, 'updateOne').mockRejectedValueOnce(lost);
  };
  const recoverLater = async () => {
    t.clock.advance(RECOVER_AFTER_MS + 1000);
    await t.services.help.tick();
  };
  return { t, outbox, events, failNext, recoverLater };
}

describe('help publication after a writer stopped half-way', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('publishes a new request whose writer stopped before its live event and webhook, once and with a stable id', async () => {
    const { t, outbox, events, failNext, recoverLater } = await setup();
    const resident = await t.resident();
    failNext('event');
    const res = await t.http.post('/api/help').set(t.bearer(resident)).send({});
    expect(res.status).toBeGreaterThanOrEqual(500);
    const doc = await t.models.HelpRequest.findOne({}).lean();
    expect(doc).not.toBeNull();
    const helpId = String(doc?._id);
    // the webhook message is written alongside the live event, so it may be there already
    expect(await events('help.created')).toBe(0);

    await t.services.help.tick(); // too early: the writer may still be at work
    expect(await events('help.created')).toBe(0);

    await recoverLater();
    expect(await events('help.created')).toBe(1);
    expect(await outbox()).toEqual([
      { id: `help-${helpId}-r0`, type: 'help.created', status: 'waiting', previousStatus: null },
    ]);

    await recoverLater();
    expect(await events('help.created')).toBe(1);
    expect(await outbox()).toHaveLength(1);
    await t.close();
  });

  it('publishes every change of a run of interrupted writes with its own statuses, never twice, and follows up the resolution', async () => {
    const { t, outbox, events, failNext, recoverLater } = await setup();
    const agent = await t.agent('recovery-agent', { presence: 'online', capacity: 5 });
    const helpId = await t.createHelp(await t.resident(), { category: 'complaint' });
    const base = `/api/agent/help/${helpId}`;

    // the claim is written, its publication is not
    failNext('event');
    expect((await t.http.post(`${base}/claim`).set(t.bearer(agent.token))).status).toBeGreaterThanOrEqual(500);
    // the reply is written and its events too, but not its webhook message
    failNext('webhook');
    const reply = await t.http.post(`${base}/messages`).set(t.bearer(agent.token)).send({ text: '您好，我来处理。' });
    expect(reply.status).toBeGreaterThanOrEqual(500);
    // the resolution is written, nothing of it published
    failNext('event');
    const resolve = await t.http.post(`${base}/resolve`).set(t.bearer(agent.token)).send({ summary: '已退费' });
    expect(resolve.status).toBeGreaterThanOrEqual(500);

    const stored = await t.models.HelpRequest.findById(helpId).lean();
    expect(stored?.status).toBe('resolved');
    expect((await outbox()).map((o) => o.type)).toEqual(['help.created']);
    expect(await t.models.FollowupTask.countDocuments({ sourceId: helpId })).toBe(0);

    await recoverLater();
    expect(await outbox()).toEqual([
      { id: `help-${helpId}-r0`, type: 'help.created', status: 'waiting', previousStatus: null },
      { id: `help-${helpId}-r1`, type: 'help.status_changed', status: 'assigned', previousStatus: 'waiting' },
      { id: `help-${helpId}-r2`, type: 'help.status_changed', status: 'in_progress', previousStatus: 'assigned' },
      { id: `help-${helpId}-r3`, type: 'help.status_changed', status: 'resolved', previousStatus: 'in_progress' },
    ]);
    // the agent's reply and the resolution notice, each streamed once
    expect(await events('help.message')).toBe(2);
    expect(await events('help.changed')).toBe(3);
    expect(await t.models.FollowupTask.countDocuments({ sourceId: helpId })).toBe(1);

    await recoverLater();
    expect(await outbox()).toHaveLength(4);
    expect(await events('help.message')).toBe(2);
    expect(await events('help.changed')).toBe(3);
    await t.close();
  });

  it('lets the next writer take over a revision whose key holder stopped before writing', async () => {
    const { t } = await setup();
    const agent = await t.agent('takeover-agent', { presence: 'online', capacity: 5 });
    const helpId = await t.createHelp(await t.resident(), {});
    // a writer took the key of revision 0 and died before writing revision 1
    await t.models.Once.create({ _id: `help:${helpId}:0`, at: t.clock.now() });
    t.clock.advance(11_000);
    await t.http.post(`/api/agent/help/${helpId}/claim`).set(t.bearer(agent.token)).expect(200);
    expect((await t.models.HelpRequest.findById(helpId).lean())?.status).toBe('assigned');
    await t.close();
  });
});
