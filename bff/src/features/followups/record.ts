import {
  beijingDay,
  followupBusinessLabels,
  type FollowupLevel,
  type FollowupRecordBody,
  type FollowupTask,
  type Role,
} from '@bianmin/shared';
import { isDuplicateKey } from '../../db/query';
import { AppError } from '../../http/errors';
import type { DaySums } from './day-sums';
import type { SlotTally } from './slots';
import type { FollowupDeps } from './deps';
import type { FollowupTaskRecord } from './model';
import { toFollowupTask } from './view';

type Result = NonNullable<FollowupTaskRecord['result']>;

/** A record claimed this long ago and not finished was left half-way: the next try finishes it. */
const RESUME_AFTER_MS = 15_000;

/**
 * Recording a follow-up call, once. The claim is an insert under the task's id (FerretDB applies
 * inserts atomically, guarded updates not); then the complaint order, the task's result and the
 * bulletin count (one insert per follow-up under its day, and the day's mark). Every read and write
 * is by `_id`, so it stays fast however many tasks there are. A recorder stopped half-way is
 * finished by the next try on the same task, from the answer it left.
 */
export function createFollowupRecording(
  deps: FollowupDeps,
  tally: SlotTally,
  campaignNames: () => Promise<Map<string, string>>,
  daySums: DaySums,
) {
  const { models, clock } = deps;

  /**
   * Counts the follow-up in the bulletin: one small document per follow-up under its day,
   * inserted under `day|task` so it counts exactly once however often it is written (a resumed
   * record writes it again), then the day marked so its sum is taken again. Not a `$inc` on a
   * shared counter: FerretDB 1.24 applies `$inc` as a read and a write, and parallel records lost
   * a third of their counts that way.
   */
  async function bump(task: FollowupTaskRecord, level: FollowupLevel, late: boolean, at: Date): Promise<void> {
    const key = beijingDay(at);
    await models.FollowupCount.create({
      _id: `${key}|${task._id}`,
      key,
      team: task.team,
      business: task.business,
      visited: 1,
      [level]: 1,
      late: late ? 1 : 0,
    }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    await daySums.mark(at);
  }

  /** Everything after the claim: the complaint order, the task's result, the counters. */
  async function finish(
    task: FollowupTaskRecord,
    result: Result,
    complaint: FollowupRecordBody['complaint'],
    marked: Promise<unknown>,
  ) {
    if (complaint && !result.complaintOrderId) {
      const utility = complaint.utility ?? task.utility;
      if (!utility) throw new AppError('FOLLOWUP_COMPLAINT_UTILITY');
      const order = await deps.openComplaint(
        task._id,
        { id: result.byId ?? '', name: result.byName ?? '' },
        {
          utility,
          residentName: task.residentName,
          residentPhone: task.phone ?? null,
          district: task.district ?? '未知',
          address: task.address ?? task.district ?? '未知',
          text: complaint.text,
          about: `${followupBusinessLabels[task.business]} ${task.sourceRef}`,
        },
      );
      result.complaintOrderId = order.id;
      result.complaintOrderNo = order.no;
    }
    // the task first, then its counts (once each, by key): a recorder stopped between them is
    // finished by the next try on the task, which counts it then
    // between two marks of its due slot (slots.ts): the first made beside the claim, the second
    // beside the counts, so the marks cost no time of their own
    await marked;
    await models.FollowupTask.updateOne({ _id: task._id }, { $set: { state: 'done', result } });
    await Promise.all([
      tally.mark([task.dueSlot]),
      bump(task, result.level ?? 'none', result.onTime === false, result.at ?? clock.now()),
    ]);
  }

  return async function record(
    who: { id: string; name: string; role: Role },
    id: string,
    body: FollowupRecordBody,
  ): Promise<FollowupTask | null> {
    const task = await models.FollowupTask.findById(id).lean<FollowupTaskRecord>();
    if (!task) return null;
    if (task.state === 'done') {
      // a recorder may have stopped after the task and before its counts: they are written once
      const done = task.result;
      if (done) await bump(task, done.level ?? 'none', done.onTime === false, done.at ?? clock.now());
      throw new AppError('FOLLOWUP_DONE');
    }
    if (body.complaint && !body.complaint.utility && !task.utility) throw new AppError('FOLLOWUP_COMPLAINT_UTILITY');
    const at = clock.now();
    const result: Result = {
      onTime: body.level === 'none' ? null : (body.onTime ?? null),
      level: body.level,
      noRating: body.level === 'none' ? (body.noRating ?? null) : null,
      suggestion: body.suggestion || null,
      complaintOrderId: null,
      complaintOrderNo: null,
      at,
      byId: who.id,
      byName: who.name,
    };
    const marked = tally.mark([task.dueSlot]);
    try {
      await models.FollowupAnswer.create({ _id: id, at, result, complaint: body.complaint ?? null });
    } catch (err) {
      await marked;
      if (!isDuplicateKey(err)) throw err;
      // recorded already: finish what its recorder may have left, then say so
      const first = await models.FollowupAnswer.findById(id).lean();
      const left = first as { at: Date; result?: Result; complaint?: FollowupRecordBody['complaint'] } | null;
      const stopped = left && at.getTime() - left.at.getTime() > RESUME_AFTER_MS;
      if (stopped && left.result) await finish(task, left.result, left.complaint ?? undefined, marked);
      throw new AppError('FOLLOWUP_DONE');
    }
    await finish(task, result, body.complaint, marked);
    return toFollowupTask(
      { ...task, state: 'done', result },
      who.role,
      at,
      task.campaignId ? await campaignNames() : new Map(),
    );
  };
}
