import {
  addDays,
  beijingDay,
  beijingMidnight,
  beijingParts,
  type FollowupBusiness,
  type FollowupLevel,
} from '@bianmin/shared';
import type { Models } from '../db/models';
import { insertNew } from '../db/query';
import { createDaySums, sumRows } from '../features/followups/day-sums';
import { dice } from './random';
import { DEMO_UNITS } from './workorders';

/** What each kind of unit is followed up on. */
const BUSINESS: Record<string, FollowupBusiness[]> = {
  power: ['repair', 'emergency_repair', 'meter', 'counter'],
  water: ['repair', 'meter', 'installation', 'counter'],
  gas: ['repair', 'pipe_change', 'emergency_repair', 'safety_check', 'counter'],
};

/**
 * The answers of a follow-up: mostly 良好, some 优秀, about one in nine not reached (未评价), a few
 * on the poor side, a little more of them the year before (so the 简报 has something to compare).
 */
const levelsOf = (lastYear: boolean): Record<FollowupLevel, number> => ({
  excellent: 30,
  good: 850,
  fair: lastYear ? 7 : 4,
  pass: lastYear ? 2 : 1,
  fail: lastYear ? 1 : 0,
  none: 110,
});

/**
 * Two calendar years of recorded follow-ups (回访) for every demo unit, up to yesterday, as the
 * bulletin's day counts, and the days summed as the background job sums them: the 回访简报 of
 * this year shows every team beside last year from the first start. Idempotent: a day's counts
 * have fixed ids, so a re-run adds nothing. Answers the number of counts written.
 */
export async function seedFollowupHistory(models: Models, now: Date): Promise<number> {
  const today = beijingDay(now);
  const first = `${beijingParts(now).year - 1}-01-01`;
  const counts = [];
  for (let day = first; day < today; day = addDays(day, 1)) {
    const lastYear = day.slice(0, 4) !== today.slice(0, 4);
    const weekend = beijingParts(beijingMidnight(day)).weekday >= 6;
    for (const unit of DEMO_UNITS) {
      const d = dice(`followups:${unit.name}:${day}`);
      for (let k = d.int(0, weekend ? 1 : 4); k > 0; k -= 1) {
        counts.push({
          _id: `${day}|demo-${unit.name}-${k}`,
          key: day,
          team: unit.name,
          business: d.pick(BUSINESS[unit.utility] ?? ['repair']),
          visited: 1,
          [d.weighted(levelsOf(lastYear))]: 1,
          late: d.chance(0.02) ? 1 : 0,
        });
      }
    }
  }
  // marked and summed at once, as the job would sum them (one token per day, written in bulk:
  // a mark or sum by `_id` on SQLite reads the collection); ids taken are days seeded before
  const token = `demo-${today}`;
  const byDay = new Map<string, typeof counts>();
  for (const c of counts) byDay.set(c.key, [...(byDay.get(c.key) ?? []), c]);
  const month = (day: string) => day.slice(0, 7);
  const marks = [...byDay.keys()].map((day) => ({ _id: day, month: month(day), token, at: now }));
  const sums = [...byDay].map(([day, docs]) => ({
    _id: day,
    month: month(day),
    token,
    rows: sumRows(docs),
    computedAt: now,
  }));
  const written = await insertNew(models.FollowupCount, counts);
  await insertNew(models.FollowupDaySum, sums);
  const marked = await insertNew(models.FollowupCountMark, marks);
  // a day marked before (recorded in the app) that got demo counts now: its sum is stale
  const daySums = createDaySums({ models, clock: { now: () => now } });
  const changed = new Set(counts.filter((c) => written.has(c._id) && !marked.has(c.key)).map((c) => c.key));
  for (const day of changed) await daySums.mark(beijingMidnight(day));
  return written.size;
}
