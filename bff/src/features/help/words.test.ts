import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHelpDetail, auditText, helpAuditActionValues, type HelpAuditAction } from '@bianmin/shared';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

/** A Latin letter (a code, an English word, a path): what staff must never read (issue 12.9). */
const CODE = /[A-Za-z]/;

// The class: every audit entry the BFF writes, through every flow that writes one, is told in
// Chinese words by the workbench's `auditText`; and every action name is exercised here, so a new
// one (typed HelpAuditAction) must come with words and a flow.
describe('the audit trail in words', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_GRID_WAIT_SECONDS: '30', HELP_ELDER_CALLBACK_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: object = {}) => t.http.post(path).set(t.bearer(token)).send(body);

  it('tells every action of every flow in Chinese, with no code or path', async () => {
    await t.models.Agent.updateMany({}, { $set: { presence: 'offline', lastSeenAt: null } });
    const a = await t.agent('words-a', { presence: 'away' });
    const b = await t.agent('words-b', { presence: 'away' });
    const sup = await t.agent('words-sup', { role: 'supervisor', presence: 'away' });
    // names are what staff read of each other (the test helper names them by username)
    for (const [x, name] of [
      [a, '王晓丽'],
      [b, '刘强'],
      [sup, '赵班长'],
    ] as const)
      await t.models.Agent.updateOne({ _id: x.id }, { $set: { displayName: name } });

    // a resident who types, changes her mind, asks for a call, is served, transferred, resolved
    const r1 = await t.resident(undefined, { phone: '13700001111' });
    const one = await t.createHelp(r1, { category: 'bill_question', context: { page: '/pages/pay/index' } });
    await post(r1, `/api/help/${one}/details`, { category: 'complaint', text: '多收了钱' }).expect(200);
    await post(r1, `/api/help/${one}/callback`).expect(200);
    await post(a.token, `/api/agent/help/${one}/claim`).expect(200);
    await post(a.token, `/api/agent/help/${one}/messages`, { text: '您好' }).expect(200);
    await post(a.token, `/api/agent/help/${one}/notes`, { text: '常来问' }).expect(200);
    await post(a.token, `/api/agent/help/${one}/call`, { reached: true, note: '说清楚了' }).expect(200);
    await post(a.token, `/api/agent/help/${one}/status`, { status: 'waiting_on_resident' }).expect(200);
    await post(r1, `/api/help/${one}/messages`, { text: '拍好了' }).expect(201);
    await post(a.token, `/api/agent/help/${one}/transfer`, { toAgentId: b.id, reason: '电费专员' }).expect(200);
    await post(sup.token, `/api/agent/help/${one}/reassign`, { toAgentId: a.id, reason: '均衡' }).expect(200);
    await post(a.token, `/api/agent/help/${one}/resolve`, { summary: '已退多收的钱' }).expect(200);
    await post(r1, `/api/help/${one}/survey`, { onTime: true, satisfaction: 'good' }).expect(200);

    // an elder without a phone nobody answers: a call-back task that asks her for a number
    const r2 = await t.resident(undefined, { elderMode: true });
    const two = await t.createHelp(r2, {});
    t.clock.advance(61_000);
    await t.services.help.tick();
    await t.seen(a.id);
    await t.http.post('/api/agent/presence').set(t.bearer(a.token)).send({ presence: 'online' }).expect(200);
    await t.services.help.tick(); // auto-assigned to the one agent online
    const assigned = AgentHelpDetail.parse((await t.http.get(`/api/agent/help/${two}`).set(t.bearer(a.token))).body);
    expect(assigned.assignedAgent?.id).toBe(a.id);
    const noPhone = await post(a.token, `/api/agent/help/${two}/call`, { reached: false });
    expect(noPhone.body.error.code).toBe('HELP_NO_CALLBACK_PHONE');
    await post(a.token, `/api/agent/help/${two}/ask-phone`).expect(200);
    await post(r2, `/api/help/${two}/callback`, { phone: '13700002222' }).expect(200);
    await post(a.token, `/api/agent/help/${two}/call`, { reached: false }).expect(200);
    await t.http.post('/api/agent/presence').set(t.bearer(a.token)).send({ presence: 'away' }).expect(200);

    // a grid's request nobody of the grid takes, and one waiting past its first-response deadline
    const manager = await t.agent('words-grid', { grids: ['words-grid-1'], presence: 'away' });
    const accountId = await t.account('words-grid-1', '东城区');
    const r3 = await t.resident();
    await t.bind(r3, accountId); // her own account: a request may name only hers
    const three = await t.createHelp(r3, { context: { accountId } });
    t.clock.advance(301_000);
    await t.seen(manager.id);
    await t.services.help.tick();

    // an agent who leaves with work in hand
    const four = await t.createHelp(await t.resident(), {});
    await post(b.token, `/api/agent/help/${four}/claim`).expect(200);
    t.clock.advance(181_000);
    await t.services.help.tick();

    // a tap made by mistake, taken back before anyone answered
    const r5 = await t.resident();
    const five = await t.createHelp(r5, {});
    await post(r5, `/api/help/${five}/cancel`).expect(200);

    const docs = await t.models.HelpRequest.find({ _id: { $in: [one, two, three, four, five] } }).lean();
    const entries = await Promise.all(
      docs.map(async (d) =>
        AgentHelpDetail.parse((await t.http.get(`/api/agent/help/${String(d._id)}`).set(t.bearer(sup.token))).body),
      ),
    );
    const audit = entries.flatMap((e) => e.audit);
    const seen = new Set(audit.map((e) => e.action));
    expect([...helpAuditActionValues].filter((action: HelpAuditAction) => !seen.has(action))).toEqual([]);
    for (const entry of audit) {
      const text = auditText(entry);
      expect({ action: entry.action, text, code: CODE.test(text) }).toEqual({
        action: entry.action,
        text,
        code: false,
      });
    }
  });
});
