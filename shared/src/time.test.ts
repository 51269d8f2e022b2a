import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  beijingDay,
  beijingHour,
  beijingHourStart,
  beijingMidnight,
  beijingParts,
  beijingRfc3339,
  dayText,
  dayTimeText,
  daysBetween,
  fullDayTimeText,
  periodText,
  timeText,
} from './time';

// Whatever the zone of the server or of the phone, a person reads Beijing time.
const ZONES = ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai'];
// shared/ has no Node types (it runs in the mini-program too); the tests run in Node
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const previous = env.TZ;
afterEach(() => {
  env.TZ = previous;
});

describe.each(ZONES)('Beijing time with the process in %s', (zone) => {
  it('reads a payment at 05:35 Beijing time (21:35 UTC the day before) as 12月2日 05:35', () => {
    env.TZ = zone;
    const paid = '2026-12-01T21:35:00.000Z';
    expect(beijingDay(paid)).toBe('2026-12-02');
    expect(dayText(paid, paid)).toBe('12月2日');
    expect(timeText(paid)).toBe('05:35');
    expect(dayTimeText(new Date(paid), paid)).toBe('12月2日 05:35');
    expect(fullDayTimeText(Date.parse(paid))).toBe('2026年12月2日 05:35');
    expect(beijingRfc3339(paid)).toBe('2026-12-02T05:35:00+08:00');
  });

  it('turns at Beijing midnight, not at the zone’s own', () => {
    env.TZ = zone;
    expect(beijingDay('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
    expect(beijingDay('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(beijingMidnight('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingParts('2026-12-06T16:00:00.000Z')).toMatchObject({ weekday: 1, day: 7, hour: 0 });
  });

  it('names the Beijing hour of an instant and finds where that hour begins', () => {
    env.TZ = zone;
    expect(beijingHour('2026-12-01T21:35:00.000Z')).toBe('2026-12-02T05');
    expect(beijingHour('2026-12-31T15:59:59.999Z')).toBe('2026-12-31T23');
    expect(beijingHour('2026-12-31T16:00:00.000Z')).toBe('2027-01-01T00');
    expect(beijingHourStart('2026-12-02T05').toISOString()).toBe('2026-12-01T21:00:00.000Z');
    expect(beijingHourStart('2027-01-01T00').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingHour(beijingHourStart('2026-03-08T23'))).toBe('2026-03-08T23');
  });

  it('reads a calendar day as that day, not as an instant', () => {
    env.TZ = zone;
    expect(dayText('2026-01-20', '2026-06-01T00:00:00Z')).toBe('1月20日');
    expect(periodText('2025-12')).toBe('2025年12月');
  });

  it('says the year of a day that is not in this Beijing year, so last December never reads as next', () => {
    env.TZ = zone;
    const now = '2026-12-04T02:00:00.000Z';
    expect(dayText('2025-12-11', now)).toBe('2025年12月11日');
    expect(dayText('2027-01-05', now)).toBe('2027年1月5日');
    expect(dayText('2026-12-11', now)).toBe('12月11日');
    // 2025-12-31 16:30 UTC is already 2026 in Beijing
    expect(dayTimeText('2025-12-31T16:30:00.000Z', now)).toBe('1月1日 00:30');
    expect(dayTimeText('2025-12-31T15:30:00.000Z', now)).toBe('2025年12月31日 23:30');
  });
});

describe('calendar arithmetic', () => {
  it('adds days and months across the ends of months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-20', '2026-12-02')).toBe(12);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -13)).toBe('2024-12');
  });
});
