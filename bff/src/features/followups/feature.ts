import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import type { Job } from '../../lib/runner';
import { createBulletin } from './bulletin';
import { createCampaigns } from './campaigns';
import { createDaySums } from './day-sums';
import { createSlotTally } from './slots';
import type { FollowupDeps } from './deps';
import { createFollowupIntake } from './intake';
import { createFollowupList } from './list';
import { createFollowupRecording } from './record';

/**
 * Follow-up (回访), wired: tasks made as work orders are checked, help requests resolved and
 * counter services registered (intake); the due list; recording a call; the 回访简报; 专题回访.
 */
export function createFollowupFeature(deps: {
  models: Models;
  clock: Clock;
  config: Config;
  openComplaint: FollowupDeps['openComplaint'];
}) {
  const base: FollowupDeps = {
    models: deps.models,
    clock: deps.clock,
    settings: deps.config.followups,
    openComplaint: deps.openComplaint,
  };
  const tally = createSlotTally(base);
  const campaigns = createCampaigns(base, tally);
  const daySums = createDaySums(base);
  return {
    settings: base.settings,
    tally,
    intake: createFollowupIntake(base, tally),
    list: createFollowupList(base, tally, campaigns.names),
    record: createFollowupRecording(base, tally, campaigns.names, daySums),
    campaigns,
    daySums,
    bulletin: createBulletin(base, daySums),
    /**
     * For the one runner: gives tasks of an older database their due slot (once), then keeps the
     * slot tallies counted, so the first list after a burst of writes finds them fresh; and sums
     * the bulletin's days recorded since their sums (day-sums.ts).
     */
    jobs(): Job[] {
      let backfilled = false;
      return [
        {
          name: 'followup-slots',
          everyMs: 10_000,
          run: async () => {
            if (!backfilled) {
              await tally.backfill();
              backfilled = true;
            }
            await tally.slots(['open', 'done'], { settle: true });
          },
        },
        { name: 'followup-day-sums', everyMs: 60_000, run: () => daySums.settle() },
      ];
    },
    /** The signed-in staff member, for the name a record carries; null when no longer active. */
    staff: (agentId: string) =>
      deps.models.Agent.findOne({ _id: agentId, active: true }, { displayName: 1 }).lean<{ displayName: string }>(),
  };
}

export type FollowupFeature = ReturnType<typeof createFollowupFeature>;
