import { beijingDay, beijingParts } from '@bianmin/shared';
import { isDuplicateKey, markAgain } from '../../db/query';
import type { FollowupDeps } from './deps';
import type { FollowupSlotTallyRecord, FollowupTaskRecord } from './model';

export type TaskState = FollowupTaskRecord['state'];
/** One line of a tally: the tasks of a team, business type and campaign (as read, not a subdocument). */
export type TallyEntry = Pick<FollowupTaskRecord, 'team' | 'business'> & { campaignId: string | null; n: number };
type Tally = Omit<FollowupSlotTallyRecord, 'entries'> & { _id: string; entries: TallyEntry[] };

/**
 * A tally counted this soon after its slot's mark may have missed a write whose writer marked the
 * slot, then stopped before writing and marking again (killed, connection lost): once this has
 * passed since the mark, the slot is counted once more.
 */
export const SETTLE_MS = 60_000;
// (readers take such a tally as it is; the background job counts it again, so a reader never
// waits for a second count of every slot a burst of records marked)

/** Up to this many tasks, counting many slots reads the whole collection once instead of each slot. */
const SMALL = 20_000;

/**
 * The hour (Beijing) a task is due in, `2026-06-30 09`: the due list's bucket. An hour, not a
 * day: FerretDB reads about 3 000 tasks a second, so a day of 10 000 due tasks would take 3 s to
 * count or to page in, and an hour holds a few hundred.
 */
export const dueSlotOf = (dueAt: Date): string =>
  `${beijingDay(dueAt)} ${String(beijingParts(dueAt).hour).padStart(2, '0')}`;

/**
 * The counts behind the due list's pages and totals, exact under parallel writers on FerretDB
 * (whose `$inc` loses updates): every writer of tasks marks their due slots with a new token
 * before and after its write (`changing`); a reader takes each slot's tally if it was counted
 * under the slot's current token, and otherwise counts the slot again by one equality read of
 * its tasks (`dueSlot`), taking the token before it reads. A write that lands after that read
 * marks the slot after it, so the tally it missed is never taken again.
 */
export function createSlotTally(deps: Pick<FollowupDeps, 'models' | 'clock'>) {
  const { models, clock } = deps;

  const mark = (slots: Iterable<string>) =>
    Promise.all([...new Set(slots)].map((slot) => markAgain(models.FollowupSlotMark, slot, { at: clock.now() })));

  type Counted = Record<TaskState, TallyEntry[]>;
  type Counting = Pick<FollowupTaskRecord, 'state' | 'team' | 'business' | 'campaignId' | 'dueSlot'>;
  const counting = { state: 1, team: 1, business: 1, campaignId: 1, dueSlot: 1 } as const;

  /** The tallies of some tasks, by slot. */
  function count(tasks: Counting[]): Map<string, Counted> {
    const by = new Map<string, Record<TaskState, Map<string, TallyEntry>>>();
    for (const t of tasks) {
      const slot = by.get(t.dueSlot) ?? { open: new Map<string, TallyEntry>(), done: new Map<string, TallyEntry>() };
      by.set(t.dueSlot, slot);
      const campaignId = t.campaignId ?? null;
      const key = `${t.team}|${t.business}|${campaignId ?? ''}`;
      const entry: TallyEntry = slot[t.state].get(key) ?? { team: t.team, business: t.business, campaignId, n: 0 };
      entry.n += 1;
      slot[t.state].set(key, entry);
    }
    return new Map([...by].map(([slot, s]) => [slot, { open: [...s.open.values()], done: [...s.done.values()] }]));
  }

  /** Keeps a slot's tallies, counted under `m` (the mark read before its tasks were). */
  async function keep(slot: string, m: { token: string; at: Date }, counted: Counted): Promise<void> {
    await Promise.all(
      (['open', 'done'] as const).map((state) =>
        models.FollowupSlotTally.replaceOne(
          { _id: `${state}|${slot}` },
          { state, slot, token: m.token, markAt: m.at, countedAt: clock.now(), entries: counted[state] },
          { upsert: true },
        ).catch((err: unknown) => {
          // another reader counted the slot at the same moment: either tally is checked next time
          if (!isDuplicateKey(err)) throw err;
        }),
      ),
    );
  }

  /**
   * Counts stale slots again under their current marks and keeps their tallies: one equality read
   * per slot; or, for many slots of a small collection (a first start of the demo), one read of
   * every task, which on SQLite (every query reads the whole collection) is one scan instead of
   * hundreds. `known` is how many tasks the tallies counted before.
   */
  async function recount(slots: string[], known: number): Promise<Map<string, Counted>> {
    const none = (): Counted => ({ open: [], done: [] });
    const out = new Map<string, Counted>();
    const wanted = new Set(slots);
    const settle = async (marks: Array<{ _id: string; token: string; at: Date }>, counted: Map<string, Counted>) => {
      for (const m of marks) {
        if (!wanted.has(m._id)) continue;
        const c = counted.get(m._id) ?? none();
        out.set(m._id, c);
        await keep(m._id, m, c);
      }
    };
    if (slots.length > 16 && known < SMALL) {
      const marks = await models.FollowupSlotMark.find({}).lean();
      await settle(marks, count(await models.FollowupTask.find({}, counting).lean<Counting[]>()));
      return out;
    }
    // a few at a time, each slot once however many readers (and the job) find it stale together
    for (let i = 0; i < slots.length; i += 4)
      await Promise.all(
        slots.slice(i, i + 4).map(async (slot) => {
          let pending = inFlight.get(slot);
          if (!pending) {
            pending = countSlot(slot).finally(() => inFlight.delete(slot));
            inFlight.set(slot, pending);
          }
          const c = await pending;
          if (c) out.set(slot, c);
        }),
      );
    return out;
  }

  /** One slot counted under its mark and kept; null without a mark. */
  async function countSlot(slot: string): Promise<Counted | null> {
    const m = await models.FollowupSlotMark.findById(slot).lean();
    const tasks = await models.FollowupTask.find({ dueSlot: slot }, counting).lean<Counting[]>();
    if (!m) return null;
    const c = count(tasks).get(slot) ?? { open: [], done: [] };
    await keep(slot, m, c);
    return c;
  }
  const inFlight = new Map<string, Promise<Counted | null>>();

  return {
    /**
     * Runs `write`, a change of the tasks due on `slots`, between two marks of those slots; answers
     * what `write` answers.
     */
    async changing<T>(slots: Iterable<string>, write: () => Promise<T>): Promise<T> {
      const list = [...slots];
      await mark(list);
      const result = await write();
      await mark(list);
      return result;
    },
    mark,

    /**
     * The current counts of every slot with tasks in `states`, slot → entries (with their state),
     * slots in ascending order. Stale slots are counted again; with `settle` (the job), so are the
     * slots counted within SETTLE_MS of their mark once that has passed.
     */
    async slots(
      states: readonly TaskState[],
      options: { settle?: boolean } = {},
    ): Promise<Map<string, Array<TallyEntry & { state: TaskState }>>> {
      const [marks, tallies] = await Promise.all([
        models.FollowupSlotMark.find({}).lean(),
        Promise.all(states.map((state) => models.FollowupSlotTally.find({ state }).lean<Tally[]>())),
      ]);
      const now = clock.now().getTime();
      const tallyOf = new Map(tallies.flat().map((t) => [t._id, t]));
      const fresh = (slot: string, token: string, at: Date) =>
        states.every((state) => {
          const t = tallyOf.get(`${state}|${slot}`);
          if (!t || t.token !== token) return false;
          if (!options.settle) return true;
          const settled = t.countedAt.getTime() >= at.getTime() + SETTLE_MS;
          return settled || now < at.getTime() + SETTLE_MS;
        });
      const out = new Map<string, Array<TallyEntry & { state: TaskState }>>();
      const stale: string[] = [];
      for (const m of marks.sort((a, b) => (a._id < b._id ? -1 : 1))) {
        out.set(m._id, []);
        if (!fresh(m._id, m.token, m.at)) stale.push(m._id);
        else
          for (const state of states)
            out.get(m._id)?.push(...(tallyOf.get(`${state}|${m._id}`)?.entries ?? []).map((e) => ({ ...e, state })));
      }
      const known = tallies.flat().reduce((sum, t) => sum + t.entries.reduce((n, e) => n + e.n, 0), 0);
      for (const [slot, counted] of await recount(stale, known))
        out.set(
          slot,
          states.flatMap((state) => counted[state].map((e) => ({ ...e, state }))),
        );
      return out;
    },

    /**
     * Gives tasks written before due slots were kept (an older database) their `dueSlot`, and marks
     * those slots. Reads the whole collection once (`$exists` is no equality); the job runs it.
     */
    async backfill(): Promise<number> {
      const old = await models.FollowupTask.find({ dueSlot: { $exists: false } }, { dueAt: 1 }).lean();
      const slots = new Set<string>();
      for (const t of old) {
        const slot = dueSlotOf(t.dueAt);
        slots.add(slot);
        await models.FollowupTask.updateOne({ _id: t._id }, { $set: { dueSlot: slot } });
      }
      await mark(slots);
      return old.length;
    },
  };
}

export type SlotTally = ReturnType<typeof createSlotTally>;
