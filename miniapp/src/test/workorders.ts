import type { StaffWorkOrder } from '@bianmin/shared';

// Work orders as the desk's fakes answer them.

const HELP = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ORDER = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const AT = '2026-01-05T02:00:00.000Z';
const EAST = { id: 'c'.repeat(24), name: '东城供电所' };

/** An order made from help request `aaaa…`, dispatched to 东城供电所, as staff see it. */
export function staffOrder(over: Partial<StaffWorkOrder> = {}): StaffWorkOrder {
  return {
    id: ORDER,
    no: 'GD26010512345678',
    type: 'emergency_repair',
    priority: 'emergency',
    utility: 'power',
    problem: 'power_outage',
    status: 'dispatched',
    source: 'help',
    danger: true,
    district: '东城区',
    address: '北京市东城区东华门街道1号',
    residentName: '张*明',
    unit: EAST,
    assignee: null,
    slot: null,
    due: { contact: AT, arrival: AT, completion: AT },
    nextDue: { clock: 'contact', at: AT },
    escalationLevel: 0,
    incidentId: null,
    noticeId: null,
    createdAt: AT,
    updatedAt: AT,
    helpId: HELP,
    followupId: null,
    gridId: 'dongcheng-1',
    accountNo: '1000000001',
    location: null,
    resident: { name: '张*明', phoneMasked: '138****5678', phone: null },
    description: '家里没电了',
    photos: [],
    preferredTime: null,
    assigneePhone: null,
    dispatcher: { id: 'e'.repeat(24), name: '王晓丽' },
    met: { contact: null, arrival: null, completion: null },
    report: null,
    unable: null,
    lastReturn: null,
    lastCheck: null,
    rating: null,
    steps: [
      {
        n: 0,
        at: AT,
        action: 'created',
        actor: { kind: 'agent', id: null, name: '王晓丽' },
        from: null,
        to: 'pending_dispatch',
        text: '求助转来：急修（家里停电了）',
      },
      {
        n: 1,
        at: AT,
        action: 'dispatched',
        actor: { kind: 'agent', id: null, name: '王晓丽' },
        from: 'pending_dispatch',
        to: 'dispatched',
        text: '派给东城供电所',
      },
    ],
    ...over,
  };
}
