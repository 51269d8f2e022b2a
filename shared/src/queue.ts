import { helpPriorityRank, openHelpStatuses } from './enums-help';
import type { AgentQueue, QueueItem } from './schemas/help-agent';

/**
 * The workbench queue from its lines, the same rules on the BFF (`GET /api/agent/queue`) and in
 * the workbench applying a live event's line: call-back tasks for anyone (or for the agent who
 * holds them), the waiting requests she may take, and hers.
 */

/** Who looks at the queue: her id and the grids she is customer manager of. */
export interface QueueViewer {
  id: string;
  grids: readonly string[];
}

/** Call-back tasks first, then by priority (the BFF keeps the same number as `rank`). */
export function queueRank(item: Pick<QueueItem, 'priority' | 'callback'>): number {
  return item.callback ? 0 : 1 + helpPriorityRank[item.priority];
}

/** Queue order: rank, then age, then id (ids grow with time). */
export function queueItemOrder(a: QueueItem, b: QueueItem): number {
  return (
    queueRank(a) - queueRank(b) ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A request offered to a grid's customer managers first, while that lasts, to someone else's. */
export function reservedForOthers(
  item: { offeredTo: 'grid' | 'pool'; gridId?: string | null; gridUntil?: string | Date | null },
  grids: readonly string[],
  now: number,
): boolean {
  if (item.offeredTo !== 'grid' || !item.gridId) return false;
  if (item.gridUntil && new Date(item.gridUntil).getTime() <= now) return false;
  return !grids.includes(item.gridId);
}

/** The viewer's three lists from any set of lines (closed ones and others' drop out). */
export function queueOf(
  items: readonly QueueItem[],
  viewer: QueueViewer,
  now: number,
): Pick<AgentQueue, 'callbacks' | 'waiting' | 'mine'> {
  const open = items.filter((i) => openHelpStatuses.includes(i.status)).sort(queueItemOrder);
  const holder = (i: QueueItem) => i.assignedAgent?.id ?? null;
  return {
    callbacks: open.filter((i) => i.callback && (holder(i) === null || holder(i) === viewer.id)),
    waiting: open.filter((i) => i.status === 'waiting' && !i.callback && !reservedForOthers(i, viewer.grids, now)),
    mine: open.filter((i) => holder(i) === viewer.id),
  };
}

/**
 * The queue with one line as a live event brought it: put in, moved, or taken out. A line older
 * than the one shown (a lower revision: an event written before the queue was read) changes
 * nothing.
 */
export function withQueueItem(queue: AgentQueue, item: QueueItem, viewer: QueueViewer, now: number): AgentQueue {
  const lines = new Map([...queue.callbacks, ...queue.waiting, ...queue.mine].map((i) => [i.id, i]));
  if ((lines.get(item.id)?.rev ?? -1) > item.rev) return queue;
  lines.set(item.id, item);
  return { serverTime: queue.serverTime, ...queueOf([...lines.values()], viewer, now) };
}
