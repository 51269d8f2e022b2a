import { describe, expect, it } from 'vitest';
import type { StaffWorkOrder } from '@bianmin/shared';
import { dueText, nextStep } from './field';

const ME = 'm1';
const base = {
  assignee: { id: ME, name: '张建国' },
  type: 'emergency_repair',
  met: { contact: null, arrival: null, completion: null },
};
const as = (over: object) => ({ ...base, ...over }) as unknown as StaffWorkOrder;

describe('the field app', () => {
  it('offers the next step as the one big button, from 接单 to 回单', () => {
    expect(nextStep(as({ status: 'dispatched', assignee: null }), ME)?.step).toBe('accept');
    expect(nextStep(as({ status: 'assigned' }), ME)?.step).toBe('accept');
    expect(nextStep(as({ status: 'assigned', assignee: { id: 'other', name: '李文' } }), ME)).toBeNull();
    expect(nextStep(as({ status: 'accepted' }), ME)?.step).toBe('contacted');
    expect(nextStep(as({ status: 'contacted' }), ME)?.step).toBe('on_the_way');
    expect(nextStep(as({ status: 'on_the_way' }), ME)?.step).toBe('arrived');
    expect(nextStep(as({ status: 'arrived' }), ME)?.label).toBe('填写回单');
    // after a 对单 return, once contact was made: go again
    expect(nextStep(as({ status: 'rework', met: { contact: '2026-01-05T02:00:00.000Z' } }), ME)?.step).toBe(
      'on_the_way',
    );
    // no visit for an inquiry: 回单 straight after contact
    expect(nextStep(as({ status: 'contacted', type: 'inquiry' }), ME)?.step).toBe('report');
    expect(nextStep(as({ status: 'completed' }), ME)).toBeNull();
  });

  it('says how long is left of the next time limit, or how long it passed, in minutes or hours', () => {
    const now = Date.parse('2026-01-05T02:00:00.000Z');
    const due = (at: string) => ({ nextDue: { clock: 'arrival' as const, at } });
    expect(dueText(due('2026-01-05T02:25:00.000Z'), now)).toBe('到达时限还剩 25 分钟');
    expect(dueText(due('2026-01-05T01:50:00.000Z'), now)).toBe('到达时限已过 10 分钟');
    expect(dueText(due('2026-01-05T07:00:00.000Z'), now)).toBe('到达时限还剩 5 小时');
    expect(dueText({ nextDue: null }, now)).toBeNull();
  });
});
