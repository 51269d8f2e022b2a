import { describe, expect, it } from 'vitest';
import { workOrderPriorityValues, type StaffWorkOrderItem, type WorkOrderPriority } from '@bianmin/shared';
import { deskSort, deskTags } from './desk';

const NOW = Date.parse('2026-01-05T04:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function item(id: string, over: Partial<StaffWorkOrderItem> = {}): StaffWorkOrderItem {
  return {
    id,
    no: `GD${id}`,
    type: 'repair',
    priority: 'normal',
    utility: 'power',
    problem: null,
    status: 'dispatched',
    source: 'resident',
    danger: false,
    district: '东城区',
    address: '北京市东城区东华门街道1号',
    residentName: '张*明',
    unit: null,
    assignee: null,
    slot: null,
    due: { contact: null, arrival: null, completion: null },
    nextDue: { clock: 'contact', at: at(30) },
    escalationLevel: 0,
    incidentId: null,
    noticeId: null,
    createdAt: at(-60),
    updatedAt: at(-60),
    ...over,
  };
}

describe('the desk lists what needs a person first', () => {
  it('puts escalated orders first, then overdue ones, then by priority and nearest time limit', () => {
    const list = [
      item('soon', { nextDue: { clock: 'contact', at: at(5) } }),
      item('later', { nextDue: { clock: 'contact', at: at(50) } }),
      item('emergency', { priority: 'emergency', nextDue: { clock: 'arrival', at: at(40) } }),
      item('late', { nextDue: { clock: 'arrival', at: at(-10) } }),
      item('coordinator', { escalationLevel: 1, nextDue: { clock: 'arrival', at: at(-20) } }),
      item('supervisors', { escalationLevel: 2, nextDue: { clock: 'completion', at: at(-90) } }),
      item('undispatched', { status: 'pending_dispatch', nextDue: null, createdAt: at(-5) }),
    ];
    // every arrangement of the input gives the same order
    for (const shuffled of [list, [...list].reverse(), [...list.slice(3), ...list.slice(0, 3)]]) {
      expect(deskSort(shuffled, NOW).map((o) => o.id)).toEqual([
        'supervisors',
        'coordinator',
        'late',
        'emergency',
        'undispatched',
        'soon',
        'later',
      ]);
    }
  });

  it('marks escalation and lateness in words, with no code', () => {
    const tags = (o: StaffWorkOrderItem) => deskTags(o, NOW).map((t) => t.text);
    expect(tags(item('a', { escalationLevel: 2, priority: 'emergency' }))).toEqual(['紧急', '已上报班长']);
    expect(tags(item('b', { escalationLevel: 1 }))).toEqual(['已督办客服工程师']);
    expect(tags(item('c', { nextDue: { clock: 'contact', at: at(-1) } }))).toEqual(['超时']);
    expect(tags(item('d', { status: 'returned', nextDue: null }))).toEqual(['已退单，请重新派']);
    const every = workOrderPriorityValues.flatMap((priority: WorkOrderPriority) =>
      [0, 1, 2].flatMap((escalationLevel) => tags(item('x', { priority, escalationLevel }))),
    );
    expect(every.filter((t) => /[A-Za-z]/.test(t))).toEqual([]);
  });
});
