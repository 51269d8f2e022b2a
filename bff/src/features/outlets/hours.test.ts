import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeHours,
  decodePeriods,
  describePeriods,
  encodeHours,
  encodePeriods,
  openState,
  parseTimeOfDay,
  shanghaiDay,
  weekTable,
  type OutletHours,
  type Period,
} from './hours';

// "Open now" must be reckoned in Asia/Shanghai whatever the server's zone: every case below runs
// with the process in zones on both sides of it, where a local-time bug shows as a wrong day.
const ZONES = ['America/New_York', 'Pacific/Kiritimati', 'UTC'];

const p = (open: string, close: string): Period => ({ open: parseTimeOfDay(open), close: parseTimeOfDay(close) });
const week = (...days: Period[][]) => days.map((periods) => ({ periods }));

/** Weekdays 8:30–12:00 and 13:30–17:00, Saturday 9:00–12:00, Sunday closed. */
const hall: OutletHours = {
  weekly: week(...Array.from({ length: 5 }, () => [p('8:30', '12:00'), p('13:30', '17:00')]), [p('9:00', '12:00')], []),
  exceptions: [],
};

/** A Shanghai wall-clock time as the instant it is: 2026-11-23 is a Monday. */
const sh = (dateTime: string) => new Date(`${dateTime}+08:00`);

describe.each(ZONES)('openState with the process in %s', (zone) => {
  const previous = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    process.env.TZ = previous;
  });

  it('runs in the zone it claims (so the cases below would catch a local-time bug)', () => {
    const offset = new Date('2026-11-23T02:00:00Z').getTimezoneOffset();
    expect(offset).not.toBe(-480);
    expect(new Intl.DateTimeFormat('en', { timeZoneName: 'short' }).resolvedOptions().timeZone).toBe(zone);
  });

  it('is open on a weekday morning, and says until when', () => {
    // 10:00 on Monday in Shanghai is still Sunday evening in New York
    const state = openState(hall, sh('2026-11-23T10:00:00'));
    expect(state).toMatchObject({ openNow: true, hint: '营业到 12:00', closesInMinutes: 120 });
    expect(state.changesAt).toBe('2026-11-23T04:00:00.000Z');
  });

  it('counts down the last hour before the lunch break', () => {
    expect(openState(hall, sh('2026-11-23T11:45:00'))).toMatchObject({
      openNow: true,
      hint: '还有 15 分钟关门',
      closesInMinutes: 15,
    });
    // part minutes round up: 30 s before closing is still "1 minute"
    expect(openState(hall, sh('2026-11-23T16:59:30')).hint).toBe('还有 1 分钟关门');
  });

  it('is closed over lunch and says when it opens again today', () => {
    const state = openState(hall, sh('2026-11-23T12:30:00'));
    expect(state).toMatchObject({ openNow: false, hint: '13:30 开门', closesInMinutes: null });
    expect(state.changesAt).toBe('2026-11-23T05:30:00.000Z');
  });

  it('treats the closing minute as closed and the opening minute as open', () => {
    expect(openState(hall, sh('2026-11-23T12:00:00')).openNow).toBe(false);
    expect(openState(hall, sh('2026-11-23T13:30:00')).openNow).toBe(true);
  });

  it('after closing says it opens tomorrow morning', () => {
    expect(openState(hall, sh('2026-11-23T17:30:00')).hint).toBe('明天 8:30 开门');
    // Friday evening: Saturday's shorter hours
    expect(openState(hall, sh('2026-11-27T18:00:00')).hint).toBe('明天 9:00 开门');
  });

  it('goes across midnight by the Shanghai calendar, not the server one', () => {
    // 23:59 Monday and 00:00:30 Tuesday in Shanghai are both Monday in UTC and New York
    expect(openState(hall, sh('2026-11-23T23:59:00')).hint).toBe('明天 8:30 开门');
    const afterMidnight = openState(hall, sh('2026-11-24T00:00:30'));
    expect(afterMidnight).toMatchObject({ openNow: false, hint: '8:30 开门' });
    expect(afterMidnight.changesAt).toBe('2026-11-24T00:30:00.000Z');
  });

  it('handles weekends: closed on Sunday, Saturday afternoon looks to Monday', () => {
    expect(openState(hall, sh('2026-11-28T10:00:00'))).toMatchObject({ openNow: true, hint: '营业到 12:00' });
    expect(openState(hall, sh('2026-11-28T12:30:00'))).toMatchObject({ openNow: false, hint: '后天 8:30 开门' });
    expect(openState(hall, sh('2026-11-29T10:00:00'))).toMatchObject({ openNow: false, hint: '明天 8:30 开门' });
  });

  it('applies a holiday exception: closed that day, with its note', () => {
    const withHoliday: OutletHours = { ...hall, exceptions: [{ date: '2026-11-26', periods: [], note: '演示休息' }] };
    // an ordinary Thursday 10:00 is open; this one is a holiday
    expect(openState(hall, sh('2026-11-26T10:00:00')).openNow).toBe(true);
    expect(openState(withHoliday, sh('2026-11-26T10:00:00'))).toMatchObject({
      openNow: false,
      hint: '明天 8:30 开门',
      todayNote: '演示休息',
    });
    // the evening before already looks past the holiday
    expect(openState(withHoliday, sh('2026-11-25T18:00:00')).hint).toBe('后天 8:30 开门');
  });

  it('applies special holiday hours', () => {
    const special: OutletHours = {
      ...hall,
      exceptions: [{ date: '2026-11-27', periods: [p('10:00', '15:00')], note: '缩短营业时间' }],
    };
    expect(openState(special, sh('2026-11-27T09:00:00')).hint).toBe('10:00 开门');
    expect(openState(special, sh('2026-11-27T14:30:00')).hint).toBe('还有 30 分钟关门');
    expect(openState(special, sh('2026-11-27T15:30:00')).openNow).toBe(false);
  });

  it('names the weekday when the next opening is days away, the date when over a week', () => {
    const longWeekend: OutletHours = { ...hall, exceptions: [{ date: '2026-11-30', periods: [], note: '调休' }] };
    expect(openState(longWeekend, sh('2026-11-28T12:30:00')).hint).toBe('周二 8:30 开门');
    const festival: OutletHours = {
      ...hall,
      exceptions: Array.from({ length: 9 }, (_, i) => ({
        date: `2027-02-${String(5 + i).padStart(2, '0')}`,
        periods: [],
        note: '春节休息',
      })),
    };
    // Thursday 2027-02-04 evening: closed 5th–13th, next opening Monday 15th (the 14th is a Sunday)
    expect(openState(festival, sh('2027-02-04T18:00:00')).hint).toBe('2月15日 8:30 开门');
  });

  it('says 近期暂停营业 when nothing opens in the next two weeks', () => {
    const closed: OutletHours = { weekly: week([], [], [], [], [], [], []), exceptions: [] };
    expect(openState(closed, sh('2026-11-23T10:00:00'))).toMatchObject({
      openNow: false,
      hint: '近期暂停营业',
      changesAt: null,
    });
  });

  it('keeps a 24-hour hall open through midnight', () => {
    const allDay: OutletHours = {
      weekly: week(...Array.from({ length: 7 }, () => [p('0:00', '24:00')])),
      exceptions: [],
    };
    for (const t of ['2026-11-23T23:59:59', '2026-11-24T00:00:00', '2026-11-29T03:00:00']) {
      expect(openState(allDay, sh(t))).toMatchObject({ openNow: true, hint: '24小时营业', changesAt: null });
    }
  });

  it('joins hours that run past midnight into the next day', () => {
    const late: OutletHours = {
      weekly: week([], [], [], [], [p('18:00', '24:00')], [p('0:00', '2:00')], []),
      exceptions: [],
    };
    const state = openState(late, sh('2026-11-27T23:30:00'));
    expect(state).toMatchObject({ openNow: true, hint: '营业到 明天 2:00', closesInMinutes: 150 });
    expect(openState(late, sh('2026-11-28T01:30:00')).hint).toBe('还有 30 分钟关门');
    const toMidnight: OutletHours = { weekly: week([], [], [], [], [p('18:00', '24:00')], [], []), exceptions: [] };
    expect(openState(toMidnight, sh('2026-11-27T21:00:00')).hint).toBe('营业到 24:00');
    expect(openState(toMidnight, sh('2026-11-27T23:20:00')).hint).toBe('还有 40 分钟关门');
  });

  it('reads the Shanghai calendar day and ISO weekday of an instant', () => {
    expect(shanghaiDay(new Date('2026-11-22T16:00:00Z'))).toMatchObject({ date: '2026-11-23', weekday: 1 });
    expect(shanghaiDay(new Date('2026-11-22T15:59:59Z'))).toMatchObject({ date: '2026-11-22', weekday: 7 });
  });
});

describe('the week table', () => {
  it('lists Monday to Sunday with readable periods', () => {
    const table = weekTable(hall);
    expect(table.map((d) => d.label)).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    expect(table[0]).toMatchObject({
      text: '8:30–12:00，13:30–17:00',
      periods: [
        { open: '08:30', close: '12:00' },
        { open: '13:30', close: '17:00' },
      ],
    });
    expect(table[6]?.text).toBe('休息');
    expect(describePeriods([p('0:00', '24:00')])).toBe('24小时');
  });
});

describe('stored hours', () => {
  it('round-trip through their string form', () => {
    const exception = { date: '2027-01-01', periods: [p('10:00', '16:00')], note: '元旦缩短营业时间' };
    const stored = encodeHours({ ...hall, exceptions: [exception] });
    const decoded = decodeHours(stored.weekly, stored.exceptions);
    expect(decoded.weekly).toEqual(hall.weekly);
    expect(decoded.exceptions).toEqual([exception]);
    expect(encodePeriods([p('8:30', '12:00'), p('13:30', '24:00')])).toBe('08:30-12:00,13:30-24:00');
    expect(decodePeriods('')).toEqual([]);
    expect(decodeHours(stored.weekly, '').exceptions).toEqual([]);
    expect(stored.weekly.split(';')).toHaveLength(7);
  });
});
