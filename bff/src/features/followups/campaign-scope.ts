import { beijingDay, followupBusinessLabels, type CampaignScope } from '@bianmin/shared';
import type { FollowupCampaignRecord } from './model';

/** The scope as the contract says it (the model keeps all three fields, two of them null). */
export function scopeOf(c: Pick<FollowupCampaignRecord, 'scope'>): CampaignScope {
  const s = c.scope;
  if (s.kind === 'business') return { kind: 'business', business: s.business ?? 'counter' };
  if (s.kind === 'team') return { kind: 'team', team: s.team ?? '' };
  return { kind: 'district', district: s.district ?? '' };
}

/** The scope in words, as the desk and the campaign list show it. */
export function scopeText(scope: CampaignScope): string {
  if (scope.kind === 'business') return `业务类型：${followupBusinessLabels[scope.business]}`;
  if (scope.kind === 'team') return `班组：${scope.team}`;
  return `区域：${scope.district}`;
}

/** Whether a campaign covers a served record: in its scope, served on a day of its period (Beijing). */
export function campaignCovers(
  c: Pick<FollowupCampaignRecord, 'scope' | 'from' | 'to'>,
  served: { business: string; team: string; district?: string | null; servedAt: Date },
): boolean {
  const day = beijingDay(served.servedAt);
  if (day < c.from || day > c.to) return false;
  const scope = scopeOf(c);
  if (scope.kind === 'business') return served.business === scope.business;
  if (scope.kind === 'team') return served.team === scope.team;
  return served.district === scope.district;
}
