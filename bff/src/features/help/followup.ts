import { createHash } from 'node:crypto';
import { maskName, type Followup, type FollowupOutcomeBody, type HelpCategory } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import type { HelpDeps } from './core';
import type { HelpFollowupRecord, HelpRequestRecord } from './model';

/** Categories every resolved request of which is followed up (回访). */
export const ALWAYS_FOLLOW_UP: readonly HelpCategory[] = ['complaint', 'payment_failed'];

/**
 * A number in [0, 1) fixed by the request id: the same request is always in or out of the
 * sample, so the sampling is testable and every instance agrees.
 */
export function sampleFraction(helpId: string): number {
  return createHash('sha256').update(helpId).digest().readUInt32BE(0) / 2 ** 32;
}

/** Why a resolved request is followed up, or null when it is not. */
export function followupReason(
  category: HelpCategory | null,
  helpId: string,
  share: number,
): 'always' | 'sampled' | null {
  if (category && ALWAYS_FOLLOW_UP.includes(category)) return 'always';
  return sampleFraction(helpId) < share ? 'sampled' : null;
}

/** Creates the follow-up task of a just-resolved request if it is sampled; once per request. */
export async function sampleFollowup({ models, settings }: HelpDeps, doc: HelpRequestRecord): Promise<void> {
  const reason = followupReason(doc.category ?? null, String(doc._id), settings.followupShare);
  if (!reason || !doc.resolvedAt) return;
  await models.HelpFollowup.updateOne(
    { helpId: String(doc._id) },
    { $setOnInsert: { helpId: String(doc._id), reason, resolvedAt: doc.resolvedAt } },
    { upsert: true },
  ).catch((err: unknown) => {
    if ((err as { code?: number }).code !== 11000) throw err;
  });
}

function toFollowup(f: HelpFollowupRecord, doc: HelpRequestRecord | undefined): Followup {
  return {
    id: String(f._id),
    helpId: f.helpId,
    category: doc?.category ?? null,
    reason: f.reason,
    district: doc?.district ?? null,
    residentName: maskName(doc?.residentName ?? '居民'),
    phone: doc?.callbackPhone ?? doc?.residentPhone ?? null,
    resolvedAt: f.resolvedAt.toISOString(),
    resolutionSummary: doc?.resolutionSummary ?? null,
    outcome: f.outcome ?? null,
    note: f.note ?? null,
    doneAt: f.doneAt ? f.doneAt.toISOString() : null,
    doneBy: f.doneById && f.doneByName ? { id: f.doneById, displayName: f.doneByName } : null,
  };
}

/** The supervisor's follow-up list and the recording of outcomes. */
export function createFollowups(deps: HelpDeps) {
  const { models, clock } = deps;
  async function withRequests(list: HelpFollowupRecord[]): Promise<Followup[]> {
    const docs = await models.HelpRequest.find({ _id: { $in: list.map((f) => f.helpId) } }).lean<HelpRequestRecord[]>();
    const byId = new Map(docs.map((d) => [String(d._id), d]));
    return list.map((f) => toFollowup(f, byId.get(f.helpId)));
  }
  return {
    async list(state: 'open' | 'done' | 'all'): Promise<Followup[]> {
      const filter = state === 'open' ? { doneAt: null } : state === 'done' ? { doneAt: { $ne: null } } : {};
      const list = await models.HelpFollowup.find(filter)
        .sort({ resolvedAt: -1 })
        .limit(500)
        .lean<HelpFollowupRecord[]>();
      return withRequests(list);
    },

    async record(
      supervisor: { id: string; name: string },
      id: string,
      body: FollowupOutcomeBody,
    ): Promise<Followup | null> {
      const updated = await models.HelpFollowup.findOneAndUpdate(
        { _id: id, doneAt: null },
        {
          $set: {
            outcome: body.outcome,
            note: body.note ?? null,
            doneAt: clock.now(),
            doneById: supervisor.id,
            doneByName: supervisor.name,
          },
        },
        { returnDocument: 'after' },
      ).lean<HelpFollowupRecord>();
      if (!updated) {
        if (await models.HelpFollowup.exists({ _id: id })) throw new AppError('FOLLOWUP_DONE');
        return null;
      }
      return (await withRequests([updated]))[0] ?? null;
    },
  };
}
