import { maskName, maskPhone, type FollowupTask, type Role } from '@bianmin/shared';
import type { FollowupTaskRecord } from './model';

/**
 * A task as staff read it: the name masked; the phone in full only for the follow-up staff
 * (回访员), who call, and masked for supervisors; its campaign by name.
 */
export function toFollowupTask(
  t: FollowupTaskRecord,
  role: Role,
  now: Date,
  campaignNames: ReadonlyMap<string, string>,
): FollowupTask {
  const r = t.result;
  return {
    id: t._id,
    source: t.source,
    sourceRef: t.sourceRef,
    sourceId: t.sourceId ?? null,
    business: t.business,
    reason: t.reason,
    team: t.team,
    utility: t.utility ?? null,
    district: t.district ?? null,
    servedAt: t.servedAt.toISOString(),
    dueAt: t.dueAt.toISOString(),
    overdue: t.state === 'open' && t.dueAt.getTime() < now.getTime(),
    residentName: maskName(t.residentName),
    phone: t.phone ? (role === 'followup' ? t.phone : maskPhone(t.phone)) : null,
    summary: t.summary ?? null,
    campaign: t.campaignId ? { id: t.campaignId, name: campaignNames.get(t.campaignId) ?? '专题回访' } : null,
    result:
      r?.level && r.at
        ? {
            onTime: r.onTime ?? null,
            level: r.level,
            noRating: r.noRating ?? null,
            suggestion: r.suggestion ?? null,
            complaintOrder:
              r.complaintOrderId && r.complaintOrderNo ? { id: r.complaintOrderId, no: r.complaintOrderNo } : null,
            at: r.at.toISOString(),
            by: { id: r.byId ?? '', displayName: r.byName ?? '' },
          }
        : null,
  };
}
