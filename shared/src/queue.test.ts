import { describe, expect, it } from 'vitest';
import { withQueueItem, type QueueViewer } from './queue';
import type { AgentQueue, QueueItem } from './schemas/help-agent';

const me: QueueViewer = { id: 'agent-1', grids: ['dongcheng-1'] };
const AT = '2026-01-05T02:00:00.000Z';
const line = (over: Partial<QueueItem>): QueueItem => ({
  id: 'h1',
  rev: 1,
  category: null,
  priority: 'normal',
  status: 'waiting',
  textPreview: null,
  elder: false,
  danger: false,
  offeredTo: 'pool',
  gridId: null,
  gridUntil: null,
  district: null,
  residentName: '张*明',
  assignedAgent: null,
  callback: null,
  createdAt: AT,
  firstResponseAt: null,
  firstResponseDueAt: AT,
  resolutionDueAt: AT,
  slaPausedAt: null,
  escalated: [],
  returnedFrom: null,
  ...over,
});
const empty: AgentQueue = { serverTime: AT, callbacks: [], waiting: [], mine: [] };
const now = Date.parse(AT);

describe('a queue line applied from a live event', () => {
  it('moves a request from waiting to mine, and out when it closes', () => {
    const waiting = withQueueItem(empty, line({}), me, now);
    expect(waiting.waiting.map((i) => i.id)).toEqual(['h1']);
    const mine = withQueueItem(
      waiting,
      line({ rev: 2, status: 'assigned', assignedAgent: { id: 'agent-1', displayName: '王芳' } }),
      me,
      now,
    );
    expect([mine.waiting, mine.mine.map((i) => i.id)]).toEqual([[], ['h1']]);
    const closed = withQueueItem(mine, line({ rev: 3, status: 'resolved' }), me, now);
    expect(closed).toEqual(empty);
  });

  it('keeps the newer line when an older event arrives after it', () => {
    const claimed = withQueueItem(
      empty,
      line({ rev: 2, status: 'assigned', assignedAgent: { id: 'agent-1', displayName: '王芳' } }),
      me,
      now,
    );
    expect(withQueueItem(claimed, line({ rev: 1 }), me, now)).toBe(claimed);
  });

  it('leaves out a request offered to another grid until its time there is up', () => {
    const offered = line({ offeredTo: 'grid', gridId: 'xicheng-2', gridUntil: '2026-01-05T02:01:00.000Z' });
    expect(withQueueItem(empty, offered, me, now).waiting).toEqual([]);
    expect(withQueueItem(empty, offered, me, now + 60_000).waiting.map((i) => i.id)).toEqual(['h1']);
    expect(withQueueItem(empty, offered, { ...me, grids: ['xicheng-2'] }, now).waiting).toHaveLength(1);
  });
});
