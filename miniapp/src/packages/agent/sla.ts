import type { QueueItem } from '@bianmin/shared';

/** How urgent a deadline is. Colour follows the level, and the text says it too. */
export type SlaLevel = 'ok' | 'soon' | 'late' | 'paused' | 'done';

export interface SlaBadge {
  level: SlaLevel;
  text: string;
}

/** 「3:05」, 「1:02:10」. */
export function clock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * The countdown of the deadline that matters now (first response until someone answered, then
 * resolution), at the server's time `now` (ms). Amber when less than a third of the window is
 * left or under two minutes; red once passed. While the SLA clock is paused (waiting on the
 * resident) the countdown stands still at the moment it was paused.
 */
export function slaBadge(
  item: Pick<
    QueueItem,
    'status' | 'createdAt' | 'firstResponseAt' | 'firstResponseDueAt' | 'resolutionDueAt' | 'slaPausedAt'
  >,
  now: number,
): SlaBadge {
  if (item.status === 'resolved' || item.status === 'closed') return { level: 'done', text: '已办结' };
  const first = item.firstResponseAt === null;
  const label = first ? '首次响应' : '解决';
  const due = Date.parse(first ? item.firstResponseDueAt : item.resolutionDueAt);
  const at = item.slaPausedAt ? Date.parse(item.slaPausedAt) : now;
  const left = due - at;
  if (item.slaPausedAt)
    return { level: 'paused', text: `已暂停（等居民回复），${label}剩 ${clock(Math.max(0, left))}` };
  if (left < 0) return { level: 'late', text: `${label}已超时 ${clock(left)}` };
  const window = due - Date.parse(item.createdAt);
  const soon = left < 120_000 || left < window / 3;
  return { level: soon ? 'soon' : 'ok', text: `${label}剩 ${clock(left)}${soon ? '，快到了' : ''}` };
}
