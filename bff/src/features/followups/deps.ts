import type { FieldUtility } from '@bianmin/shared';
import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';

/** A complaint heard in a follow-up call, as the complaint desk's order is opened from it. */
export interface HeardComplaint {
  utility: FieldUtility;
  residentName: string;
  residentPhone: string | null;
  district: string;
  address: string;
  text: string;
  /** What was followed up, in words (the business type and its reference). */
  about: string;
}

/** What follow-up needs: the models, the clock, its settings and the complaint desk's intake. */
export interface FollowupDeps {
  models: Models;
  clock: Clock;
  settings: Config['followups'];
  /** Opens the 投诉 order for a complaint heard (work orders' creation); one per follow-up. */
  openComplaint: (
    followupId: string,
    by: { id: string; name: string },
    complaint: HeardComplaint,
  ) => Promise<{ id: string; no: string }>;
}
