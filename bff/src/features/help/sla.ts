import {
  helpPriorityRank,
  isDangerCategory,
  type HelpCategory,
  type HelpPriority,
  type SlaKind,
} from '@bianmin/shared';
import type { Config } from '../../config';

/** Default SLA seconds per priority: first response and resolution. */
const HOUR = 3600;
export const DEFAULT_SLA: Record<HelpPriority, { firstResponse: number; resolution: number }> = {
  danger: { firstResponse: 60, resolution: 2 * HOUR },
  elderly: { firstResponse: 120, resolution: 8 * HOUR },
  complaint: { firstResponse: 300, resolution: 24 * HOUR },
  normal: { firstResponse: 300, resolution: 24 * HOUR },
};

type Overrides = Config['help']['slaOverrides'];

/**
 * SLA seconds for a category and priority: the configured `category.priority`, then `category`,
 * then `priority` entry, then the default of the priority (most specific wins, per clock).
 */
export function slaSeconds(
  overrides: Overrides,
  category: HelpCategory | null,
  priority: HelpPriority,
): { firstResponse: number; resolution: number } {
  const keys = [...(category ? [`${category}.${priority}`, category] : []), priority];
  const pick = (kind: 'firstResponse' | 'resolution') => {
    for (const key of keys) {
      const value = overrides[key]?.[kind];
      if (value !== undefined) return value;
    }
    return DEFAULT_SLA[priority][kind];
  };
  return { firstResponse: pick('firstResponse'), resolution: pick('resolution') };
}

/** Deadlines from creation, shifted by the time the clock was paused. */
export function deadlines(
  overrides: Overrides,
  input: { category: HelpCategory | null; priority: HelpPriority; createdAt: Date; pausedMs: number },
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const sla = slaSeconds(overrides, input.category, input.priority);
  const base = input.createdAt.getTime() + input.pausedMs;
  return {
    firstResponseDueAt: new Date(base + sla.firstResponse * 1000),
    resolutionDueAt: new Date(base + sla.resolution * 1000),
  };
}

/** danger > elderly > complaint > normal. */
export function priorityOf(category: HelpCategory | null, elder: boolean): HelpPriority {
  if (isDangerCategory(category)) return 'danger';
  if (elder) return 'elderly';
  if (category === 'complaint') return 'complaint';
  return 'normal';
}

/** Queue order: call-back tasks first, then by priority. */
export function rankOf(priority: HelpPriority, callback: boolean): number {
  return callback ? 0 : 1 + helpPriorityRank[priority];
}

/** Which field records that an SLA clock's escalation happened. */
export const escalatedField: Record<SlaKind, string> = {
  first_response: 'escalated.first_response',
  resolution: 'escalated.resolution',
};

/** The fields that restart a paused SLA clock: deadlines move by the time spent paused. */
export function resumeFields(
  doc: { pausedAt?: Date | null; pausedMs: number; firstResponseDueAt: Date; resolutionDueAt: Date },
  now: Date,
): Record<string, unknown> {
  if (!doc.pausedAt) return {};
  const paused = Math.max(0, now.getTime() - doc.pausedAt.getTime());
  return {
    pausedAt: null,
    pausedMs: doc.pausedMs + paused,
    firstResponseDueAt: new Date(doc.firstResponseDueAt.getTime() + paused),
    resolutionDueAt: new Date(doc.resolutionDueAt.getTime() + paused),
  };
}
