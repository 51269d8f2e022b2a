import { DAY_MS } from '@bianmin/shared';
import type { Models } from '../../db/models';
import type { HelpRequestRecord } from './model';

/** How far back an earlier request of the same category makes a repeat. */
export const REPEAT_WINDOW_MS = 30 * DAY_MS;

type Earlier = Pick<HelpRequestRecord, '_id' | 'category' | 'createdAt'>;

/**
 * The latest earlier request (its id) of `category` by the same resident or about the same
 * account within REPEAT_WINDOW_MS before `createdAt`, or null: two equality reads (`userId`,
 * `accountId`), which the embedded FerretDB hands to its storage.
 */
export async function repeatOf(
  models: Models,
  doc: { _id: unknown; userId: string; accountId?: string | null; category?: string | null; createdAt: Date },
): Promise<string | null> {
  if (!doc.category) return null;
  const fields = { category: 1, createdAt: 1 };
  const [own, account] = await Promise.all([
    models.HelpRequest.find({ userId: doc.userId }, fields).lean<Earlier[]>(),
    doc.accountId ? models.HelpRequest.find({ accountId: doc.accountId }, fields).lean<Earlier[]>() : [],
  ]);
  const at = doc.createdAt.getTime();
  const earlier = [...own, ...account]
    .filter((r) => String(r._id) !== String(doc._id) && r.category === doc.category)
    .filter((r) => r.createdAt.getTime() < at && r.createdAt.getTime() >= at - REPEAT_WINDOW_MS)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return earlier[0] ? String(earlier[0]._id) : null;
}
