/**
 * Beijing time (Asia/Shanghai) for every date and time a person reads, on both sides.
 *
 * China has kept UTC+8 all year since 1991 (no daylight saving), so Beijing time is plain
 * arithmetic on the UTC instant: no time-zone database and never the zone of the server or of
 * the phone. Only the `getUTC*` methods of a shifted Date are read here. This module is the one
 * home of that arithmetic: the BFF (calendar days of bills, opening hours, report hours, WeChat
 * Pay's times) and the mini-program (every date on screen) both import it.
 */

/** One hour; every Beijing hour starts on a UTC hour (the offset is whole hours). */
export const HOUR_MS = 3_600_000;
/** One calendar day; every Beijing day is 24 h long. */
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai's fixed offset from UTC. */
export const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** An instant as the API carries it: a Date, epoch ms or an ISO 8601 text. */
export type Instant = Date | number | string;

function ms(at: Instant): number {
  if (typeof at === 'number') return at;
  if (typeof at === 'string') return Date.parse(at);
  return at.getTime();
}

/** The wall-clock reading of an instant in Beijing. `weekday`: Monday 1 … Sunday 7. */
export interface BeijingParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** What a clock in Beijing shows at `at`. */
export function beijingParts(at: Instant): BeijingParts {
  const shifted = new Date(ms(at) + BEIJING_OFFSET_MS);
  const weekday = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The Beijing calendar day of an instant: `2026-12-02`. */
export function beijingDay(at: Instant): string {
  const p = beijingParts(at);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/**
 * The Beijing hour of an instant: `2026-12-02T05` (its day, `T`, the hour). Sorts as text in
 * time order, and its first ten characters are `beijingDay`.
 */
export function beijingHour(at: Instant): string {
  return `${beijingDay(at)}T${pad2(beijingParts(at).hour)}`;
}

/** The instant a Beijing hour (`2026-12-02T05`) begins: 2026-12-01T21:00:00Z. */
export function beijingHourStart(hour: string): Date {
  return new Date(Date.parse(`${hour}:00:00Z`) - BEIJING_OFFSET_MS);
}

/** The Beijing month of an instant: `2026-12`. */
export function beijingMonth(at: Instant): string {
  return beijingDay(at).slice(0, 7);
}

/** The instant of a Beijing calendar day's midnight (`2026-12-02` → 2026-12-01T16:00:00Z). */
export function beijingMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS);
}

/** The calendar day `n` days after `day` (both `YYYY-MM-DD`). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `YYYY-MM` shifted by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1) - 1 + delta;
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/** RFC 3339 in Beijing time, as WeChat Pay writes its times: `2026-01-05T10:00:00+08:00`. */
export function beijingRfc3339(at: Instant): string {
  return `${new Date(ms(at) + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

// ---------------------------------------------------------------------------------------------
// What a person reads

/** The Beijing calendar day of a day or an instant: `2026-12-02`. */
function calendarDay(day: Instant): string {
  return typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : beijingDay(day);
}

/**
 * A day as month and date alone (`12月2日`), for the points of a trend, whose order already says
 * the year; a record's own date is {@link dayText}.
 */
export function monthDayText(day: Instant): string {
  const [, month, date] = calendarDay(day).split('-');
  return `${Number(month)}月${Number(date)}日`;
}

/**
 * A calendar day or an instant as a Beijing date: `12月2日` in the year of `now`, with its year
 * otherwise (`2025年12月11日`), so a record from last year never reads as a day still to come.
 */
export function dayText(day: Instant, now: Instant = Date.now()): string {
  const text = calendarDay(day);
  return text.slice(0, 4) === beijingDay(now).slice(0, 4) ? monthDayText(text) : fullDayText(text);
}

/** A calendar day or an instant with its year: `2026年12月2日`. */
export function fullDayText(day: Instant): string {
  const text = calendarDay(day);
  return `${text.slice(0, 4)}年${monthDayText(text)}`;
}

/** A billing period: `2025-12` → `2025年12月`. */
export function periodText(period: string): string {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月`;
}

/** The Beijing time of day of an instant: `05:35`. */
export function timeText(at: Instant): string {
  const p = beijingParts(at);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Date and time in Beijing: `12月2日 05:35`, with the year when it is not the year of `now`. */
export function dayTimeText(at: Instant, now: Instant = Date.now()): string {
  return `${dayText(at, now)} ${timeText(at)}`;
}

/** Date and time with the year, for receipts and records: `2026年12月2日 05:35`. */
export function fullDayTimeText(at: Instant): string {
  return `${fullDayText(at)} ${timeText(at)}`;
}
