import { createHash } from 'node:crypto';
import {
  ROUTINE_SHARE_MAX,
  ROUTINE_SHARE_MIN,
  routineFollowupBusinesses,
  type FollowupBusiness,
  type FollowupReason,
} from '@bianmin/shared';

/**
 * The paper's table: complaint-prone work (改管, 维修, 急修, 投诉, and failed payments) is always
 * followed up, routine work (营业, 抄表) at 20%; every other type at `default`. Overridden by
 * FOLLOWUP_SHARES_JSON.
 */
export const DEFAULT_SHARES: Partial<Record<FollowupBusiness, number>> & { default: number } = {
  pipe_change: 1,
  repair: 1,
  emergency_repair: 1,
  complaint: 1,
  payment_failed: 1,
  counter: 0.2,
  meter: 0.2,
  default: 0.2,
};
export type FollowupShares = typeof DEFAULT_SHARES;

/** Why a share table is wrong, or null: shares in 0..1, routine types within 15–30%. */
export function sharesProblem(shares: Partial<Record<string, number>>): string | null {
  for (const [key, share] of Object.entries(shares)) {
    if (share === undefined || !(share >= 0 && share <= 1)) return `${key}: a share is between 0 and 1`;
    if (
      routineFollowupBusinesses.includes(key as FollowupBusiness) &&
      (share < ROUTINE_SHARE_MIN || share > ROUTINE_SHARE_MAX)
    )
      return `${key}: routine work is sampled at ${ROUTINE_SHARE_MIN}–${ROUTINE_SHARE_MAX}`;
  }
  return null;
}

/**
 * A number in [0, 1) fixed by the record's id: the same record is always in or out of the
 * sample, so the sampling is testable and every instance agrees.
 */
export function sampleFraction(recordId: string): number {
  return createHash('sha256').update(recordId).digest().readUInt32BE(0) / 2 ** 32;
}

/** Why a served record is followed up, or null when it is not in the sample. */
export function followupReason(
  shares: FollowupShares,
  business: FollowupBusiness,
  recordId: string,
): FollowupReason | null {
  const share = shares[business] ?? shares.default;
  if (share >= 1) return 'always';
  return sampleFraction(recordId) < share ? 'sampled' : null;
}
