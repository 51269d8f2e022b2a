import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentList, SupervisorOverview } from '@bianmin/shared';
import { helpTestApp } from '../help/test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

/**
 * Field staff and coordinators sign in with the same staff login but work in the field app: every
 * place the help desk lists or picks people (colleagues, the supervisor's overview, transfer and
 * reassign targets, auto-assignment) leaves them out, even when they are signed in and present.
 */
describe('field staff and coordinators are not help agents', () => {
  let t: T;
  let agent: Awaited<ReturnType<T['agent']>>;
  let supervisor: Awaited<ReturnType<T['agent']>>;
  const unitStaff: Array<{ id: string; username: string }> = [];

  beforeAll(async () => {
    t = await helpTestApp();
    agent = await t.agent('desk-agent', { presence: 'online', capacity: 1 });
    supervisor = await t.agent('desk-super', { role: 'supervisor', presence: 'online' });
    for (const [username, role] of [
      ['desk-field', 'field'],
      ['desk-coord', 'coordinator'],
    ] as const) {
      await t.staffToken(username, role);
      await t.models.Agent.updateOne(
        { username },
        { $set: { presence: 'online', lastSeenAt: t.clock.now(), grids: ['grid-1'], capacity: 5 } },
      );
      const doc = await t.models.Agent.findOne({ username }).lean();
      unitStaff.push({ id: String(doc?._id), username });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists only agents and supervisors as colleagues and in the overview', async () => {
    const colleagues = AgentList.parse(
      (await t.http.get('/api/agent/agents').set(t.bearer(agent.token)).expect(200)).body,
    );
    const overview = SupervisorOverview.parse(
      (await t.http.get('/api/agent/supervisor/overview').set(t.bearer(supervisor.token)).expect(200)).body,
    );
    for (const list of [colleagues.items, overview.agents]) {
      expect(list.map((a) => a.username)).toEqual(expect.arrayContaining(['desk-agent', 'desk-super']));
      expect(list.map((a) => a.role)).not.toContain('field');
      expect(list.map((a) => a.role)).not.toContain('coordinator');
    }
  });

  it('never gives a request to them by transfer, reassignment or auto-assignment', async () => {
    const resident = await t.resident();
    const id = await t.createHelp(resident);
    await t.http.post(`/api/agent/help/${id}/claim`).set(t.bearer(agent.token)).expect(200);
    for (const staff of unitStaff) {
      const moved = await t.http
        .post(`/api/agent/help/${id}/transfer`)
        .set(t.bearer(agent.token))
        .send({ toAgentId: staff.id, reason: '转给现场' });
      expect(moved.body.error?.code).toBe('HELP_AGENT_UNAVAILABLE');
      const reassigned = await t.http
        .post(`/api/agent/help/${id}/reassign`)
        .set(t.bearer(supervisor.token))
        .send({ toAgentId: staff.id, reason: '转给现场' });
      expect(reassigned.body.error?.code).toBe('HELP_AGENT_UNAVAILABLE');
    }
    // the only agent is full: a new request waits rather than going to the unit staff
    const waiting = await t.createHelp(await t.resident());
    await t.services.help.tick();
    const doc = await t.models.HelpRequest.findById(waiting).lean();
    expect(doc?.assignedAgentId ?? null).not.toBeOneOf(unitStaff.map((s) => s.id));
  });
});
