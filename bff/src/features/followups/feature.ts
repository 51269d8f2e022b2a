import type { Config } from '../../config';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { createBulletin } from './bulletin';
import type { FollowupDeps } from './deps';
import { createFollowupIntake } from './intake';
import { createFollowupList } from './list';
import { createFollowupRecording } from './record';

/**
 * Follow-up (回访), wired: tasks made as work orders are checked, help requests resolved and
 * counter services registered (intake); the due list; recording a call; the 回访简报.
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
  return {
    settings: base.settings,
    intake: createFollowupIntake(base),
    list: createFollowupList(base),
    record: createFollowupRecording(base),
    bulletin: createBulletin(base),
    /** The signed-in staff member, for the name a record carries; null when no longer active. */
    staff: (agentId: string) =>
      deps.models.Agent.findOne({ _id: agentId, active: true }, { displayName: 1 }).lean<{ displayName: string }>(),
  };
}

export type FollowupFeature = ReturnType<typeof createFollowupFeature>;
