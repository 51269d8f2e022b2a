import {
  beijingDay,
  beijingMidnight,
  beijingParts,
  weekdayLabels,
  type OpeningPeriod,
  type OutletDayHours,
  type OutletOpenState,
} from '@bianmin/shared';

/**
 * Opening hours and "open now", reckoned in Asia/Shanghai whatever the server's time zone: the
 * calendar day comes from the shared Beijing-time module (shared/src/time.ts).
 */

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** How far ahead "opens at …" looks: long enough for the Spring Festival closure. */
const HORIZON_DAYS = 14;
/** "还有 N 分钟关门" from this many minutes before closing; before that, "营业到 17:00". */
export const CLOSING_SOON_MINUTES = 60;

/** One opening period in minutes since local midnight; `close` may be 1440 (24:00). */
export interface Period {
  open: number;
  close: number;
}

/** An outlet's hours: `weekly[0]` is Monday … `weekly[6]` Sunday; exceptions by local date. */
export interface OutletHours {
  weekly: ReadonlyArray<{ periods: readonly Period[] }>;
  exceptions: ReadonlyArray<{ date: string; periods: readonly Period[]; note?: string | null }>;
}

/** The local calendar day in Shanghai that contains `instant`. */
export interface LocalDay {
  /** `YYYY-MM-DD`. */
  date: string;
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: number;
  /** The UTC instant (ms) of this day's local midnight. */
  startMs: number;
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(instant: Date | number): LocalDay {
  const date = beijingDay(instant);
  return { date, weekday: beijingParts(instant).weekday, startMs: beijingMidnight(date).getTime() };
}

/** The day `n` days after `day` (calendar days; every Shanghai day is 24 h long). */
function addDays(day: LocalDay, n: number): LocalDay {
  return shanghaiDay(day.startMs + n * DAY_MINUTES * MINUTE + 1);
}

/** `08:30` → 510; `24:00` → 1440. */
export function parseTimeOfDay(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a time of day: ${text}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > DAY_MINUTES) throw new Error(`not a time of day: ${text}`);
  return minutes;
}

/** 510 → `8:30`, 1440 → `24:00`: hours without a leading zero, as people write them. */
export function formatTimeOfDay(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Periods as the API shows them (`08:30`-style, zero-padded for machines). */
export function toOpeningPeriods(periods: readonly Period[]): OpeningPeriod[] {
  const pad = (m: number) => formatTimeOfDay(m).padStart(5, '0');
  return periods.map((p) => ({ open: pad(p.open), close: pad(p.close) }));
}

/** 「8:30–12:00，13:30–17:00」, 「24小时」 or 「休息」. */
export function describePeriods(periods: readonly Period[]): string {
  if (periods.length === 0) return '休息';
  if (periods.length === 1 && periods[0]?.open === 0 && periods[0].close === DAY_MINUTES) return '24小时';
  return periods.map((p) => `${formatTimeOfDay(p.open)}–${formatTimeOfDay(p.close)}`).join('，');
}

/** The periods that apply on a local day: the exception for that date if any, else the weekday's. */
export function periodsOn(hours: OutletHours, day: LocalDay): readonly Period[] {
  const exception = hours.exceptions.find((e) => e.date === day.date);
  if (exception) return exception.periods;
  return hours.weekly[day.weekday - 1]?.periods ?? [];
}

/** Open spans from today's local midnight on, in minutes, with touching spans joined (24 h halls). */
function timeline(hours: OutletHours, today: LocalDay): Period[] {
  const spans: Period[] = [];
  for (let offset = 0; offset < HORIZON_DAYS; offset++) {
    const day = addDays(today, offset);
    const periods = [...periodsOn(hours, day)].sort((a, b) => a.open - b.open);
    for (const p of periods) {
      if (p.close <= p.open) continue;
      const span = { open: offset * DAY_MINUTES + p.open, close: offset * DAY_MINUTES + p.close };
      const last = spans[spans.length - 1];
      if (last && span.open <= last.close) last.close = Math.max(last.close, span.close);
      else spans.push(span);
    }
  }
  return spans;
}

/** 「」 today, 「明天」, 「后天」, 「周一」 within a week, else 「1月5日」; plus the time of day. */
function when(today: LocalDay, minutesFromToday: number, isClosing: boolean): string {
  let offset = Math.floor(minutesFromToday / DAY_MINUTES);
  let time = minutesFromToday - offset * DAY_MINUTES;
  // a closing at midnight is "24:00" of the day before, not "0:00" of the next
  if (isClosing && time === 0 && offset > 0) {
    offset -= 1;
    time = DAY_MINUTES;
  }
  const clock = formatTimeOfDay(time);
  if (offset === 0) return clock;
  if (offset === 1) return `明天 ${clock}`;
  if (offset === 2) return `后天 ${clock}`;
  const day = addDays(today, offset);
  if (offset < 7) return `${weekdayLabels[day.weekday - 1] ?? ''} ${clock}`;
  const [, month, date] = day.date.split('-').map(Number);
  return `${month}月${date}日 ${clock}`;
}

/**
 * Whether the outlet is open at `now` in Shanghai, with the hint a person reads: 「还有 N 分钟关门」
 * in the last hour, 「营业到 17:00」 before that, 「13:30 开门」 over lunch, 「明天 8:30 开门」 at
 * night, 「24小时营业」 for halls that never close. Holiday exceptions replace the weekday's hours.
 */
export function openState(hours: OutletHours, now: Date): OutletOpenState {
  const today = shanghaiDay(now);
  const nowMinutes = (now.getTime() - today.startMs) / MINUTE;
  const todayNote = hours.exceptions.find((e) => e.date === today.date)?.note ?? null;
  const spans = timeline(hours, today);
  const at = (minutes: number) => new Date(today.startMs + minutes * MINUTE).toISOString();

  const current = spans.find((s) => s.open <= nowMinutes && nowMinutes < s.close);
  if (current) {
    if (current.close >= HORIZON_DAYS * DAY_MINUTES) {
      return { openNow: true, hint: '24小时营业', changesAt: null, closesInMinutes: null, todayNote };
    }
    const closesIn = Math.ceil(current.close - nowMinutes);
    const hint =
      closesIn <= CLOSING_SOON_MINUTES ? `还有 ${closesIn} 分钟关门` : `营业到 ${when(today, current.close, true)}`;
    return { openNow: true, hint, changesAt: at(current.close), closesInMinutes: closesIn, todayNote };
  }
  const next = spans.find((s) => s.open > nowMinutes);
  if (!next) return { openNow: false, hint: '近期暂停营业', changesAt: null, closesInMinutes: null, todayNote };
  return {
    openNow: false,
    hint: `${when(today, next.open, false)} 开门`,
    changesAt: at(next.open),
    closesInMinutes: null,
    todayNote,
  };
}

/** The week's hours table, Monday first. */
export function weekTable(hours: OutletHours): OutletDayHours[] {
  return weekdayLabels.map((label, i) => {
    const periods = hours.weekly[i]?.periods ?? [];
    return { weekday: i + 1, label, periods: toOpeningPeriods(periods), text: describePeriods(periods) };
  });
}

/** Exceptions from today (Shanghai) to `days` ahead, in date order. */
export function upcomingExceptions(hours: OutletHours, now: Date, days = 60) {
  const today = shanghaiDay(now);
  const last = addDays(today, days).date;
  return hours.exceptions
    .filter((e) => e.date >= today.date && e.date <= last)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((e) => ({
      date: e.date,
      note: e.note ?? '',
      periods: toOpeningPeriods(e.periods),
      text: describePeriods(e.periods),
    }));
}

/** Periods as stored: `08:30-12:00,13:30-17:00`; the empty string is a closed day. */
export function encodePeriods(periods: readonly Period[]): string {
  const pad = (m: number) => formatTimeOfDay(m).padStart(5, '0');
  return periods.map((p) => `${pad(p.open)}-${pad(p.close)}`).join(',');
}

/** The inverse of {@link encodePeriods}. */
export function decodePeriods(text: string): Period[] {
  if (text === '') return [];
  return text.split(',').map((part) => {
    const [open = '', close = ''] = part.split('-');
    return { open: parseTimeOfDay(open), close: parseTimeOfDay(close) };
  });
}

/** An exception as stored: `2027-01-01|<periods>|<note>` (the note has no `;` or `|`). */
export function encodeException(e: { date: string; periods: readonly Period[]; note: string }): string {
  return `${e.date}|${encodePeriods(e.periods)}|${e.note.replace(/[;|]/g, ' ')}`;
}

/** Hours in their stored form: the weekdays and the exceptions, each a `;`-separated string. */
export function encodeHours(hours: OutletHours): { weekly: string; exceptions: string } {
  return {
    weekly: hours.weekly.map((day) => encodePeriods(day.periods)).join(';'),
    exceptions: hours.exceptions.map((e) => encodeException({ ...e, note: e.note ?? '' })).join(';'),
  };
}

/** Hours from their stored form (see {@link encodeHours}). */
export function decodeHours(weekly: string, exceptions: string): OutletHours {
  return {
    weekly: weekly.split(';').map((day) => ({ periods: decodePeriods(day) })),
    exceptions:
      exceptions === ''
        ? []
        : exceptions.split(';').map((text) => {
            const [date = '', periods = '', note = ''] = text.split('|');
            return { date, periods: decodePeriods(periods), note };
          }),
  };
}
