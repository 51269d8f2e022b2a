import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidentHelp, ResidentWorkOrder } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from '../workorders/test-helpers';

/**
 * Who a resident in danger is told to call first, for every danger a help request or a 报修 can
 * name: a fire risk is 火警 first; a cut supply or a burst pipe is the utility's own repair line
 * first (供电 95598, 供水 96116, 燃气 96777), every utility's line when none is known.
 */
describe('emergency numbers by what is wrong', () => {
  let t: WoTestApp;
  beforeAll(async () => {
    t = await woTestApp();
    for (const utility of ['power', 'water', 'gas'] as const)
      await t.unit(`东城${utility}`, utility, '东城区', ['dongcheng-1']);
  });
  afterAll(() => t.close());

  const numbers = (list: Array<{ number: string }>) => list.map((n) => n.number);

  async function help(body: object, utility?: 'power' | 'water' | 'gas') {
    const token = await t.resident();
    const accountId = utility ? await t.bindAccount(token, utility, '东城区', 'dongcheng-1') : undefined;
    const res = await t.http
      .post('/api/help')
      .set(t.bearer(token))
      .send(accountId ? { ...body, context: { accountId } } : body)
      .expect(201);
    return numbers(ResidentHelp.parse((res.body as { help: unknown }).help).emergencyNumbers);
  }

  it('gives a help request the line its danger needs first', async () => {
    expect(await help({ category: 'gas_smell' })).toEqual(['119', '96777', '110']);
    expect(await help({ category: 'gas_smell' }, 'power')).toEqual(['119', '96777', '110']);
    expect(await help({ category: 'outage' }, 'power')).toEqual(['95598', '119', '110']);
    expect(await help({ category: 'outage' }, 'water')).toEqual(['96116', '119', '110']);
    expect(await help({ category: 'outage' }, 'gas')).toEqual(['96777', '119', '110']);
    expect(await help({ category: 'outage' })).toEqual(['95598', '96116', '96777', '119', '110']);
    expect(await help({ category: 'bill_question' })).toEqual([]);
  });

  it('gives every danger 报修 the line its problem needs first', async () => {
    const cases: Array<[string, 'power' | 'water' | 'gas', string[]]> = [
      ['power_outage', 'power', ['95598', '119', '110']],
      ['power_sparks', 'power', ['119', '95598', '110']],
      ['water_outage', 'water', ['96116', '119', '110']],
      ['water_burst', 'water', ['96116', '119', '110']],
      ['gas_smell', 'gas', ['119', '96777', '110']],
      ['gas_outage', 'gas', ['96777', '119', '110']],
    ];
    for (const [problem, utility, expected] of cases) {
      const token = await t.resident();
      const accountId = await t.bindAccount(token, utility, '东城区', 'dongcheng-1');
      const id = await t.report(token, { problem, accountId });
      const order = ResidentWorkOrder.parse(
        (await t.http.get(`/api/workorders/${id}`).set(t.bearer(token)).expect(200)).body,
      );
      expect([problem, order.danger, numbers(order.emergencyNumbers)]).toEqual([problem, true, expected]);
    }
  });
});
