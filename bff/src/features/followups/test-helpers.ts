import { FollowupPage, type ProblemCode } from '@bianmin/shared';
import { woTestApp } from '../workorders/test-helpers';

/**
 * Helpers of the follow-up tests: the work-order test app (manual clock, units, members), a
 * follow-up staff member (回访员), and an order driven from 报修 to 对单通过.
 */
export async function followupTestApp(options: Parameters<typeof woTestApp>[0] = {}) {
  const t = await woTestApp(options);
  return Object.assign(t, {
    /** A signed-in 回访员. */
    followupStaff: (username = 'fu-staff', name = '回访员小周') => t.staff(username, 'followup', name),

    /** One page of the due list as `token` sees it (`GET /api/agent/followups`), parsed. */
    followups: (token: string, query: Record<string, string | number> = {}) =>
      t.http
        .get('/api/agent/followups')
        .query(query)
        .set(t.bearer(token))
        .expect(200)
        .then((r) => FollowupPage.parse(r.body)),

    /**
     * A gas order of `problem` reported by a resident, done by `field` of `unitId` and accepted
     * at 对单 by `coord`; answers its id.
     */
    async checkedOrder(
      unitId: string,
      members: { field: { token: string; id: string }; coord: { token: string } },
      problem: ProblemCode = 'gas_pipe',
    ) {
      const token = await t.resident('13700001234');
      const accountId = await t.bindAccount(token, 'gas', '东城区', 'dongcheng-1');
      const id = await t.report(token, { problem, accountId, description: '想把燃气管改到阳台' });
      const field = (path: string, body: object = {}) =>
        t.http.post(`/api/field/orders/${id}/${path}`).set(t.bearer(members.field.token)).send(body).expect(200);
      await t.http
        .post(`/api/field/orders/${id}/assign`)
        .set(t.bearer(members.coord.token))
        .send({ memberId: members.field.id })
        .expect(200);
      await field('accept');
      for (const step of ['contacted', 'on_the_way', 'arrived']) await field('progress', { step });
      await field('complete', { summary: '改好了燃气管', cause: 'other' });
      await t.http
        .post(`/api/agent/workorders/${id}/check`)
        .set(t.bearer(members.coord.token))
        .send({ accept: true })
        .expect(200);
      return id;
    },
  });
}

export type FollowupTestApp = Awaited<ReturnType<typeof followupTestApp>>;
