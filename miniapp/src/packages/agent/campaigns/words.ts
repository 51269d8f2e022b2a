import { addDays, addMonths, beijingDay, daysBetween } from '@bianmin/shared';

/** A period the form offers in one tap: its words and its days (Beijing, both included). */
export interface QuickPeriod {
  label: string;
  from: string;
  to: string;
}

/** 本月, 上月 and 近 30 天, counted from `now` in Beijing. */
export function quickPeriods(now: number): QuickPeriod[] {
  const today = beijingDay(new Date(now));
  const month = today.slice(0, 7);
  const last = addMonths(month, -1);
  return [
    { label: '本月', from: `${month}-01`, to: today },
    { label: '上月', from: `${last}-01`, to: addDays(`${month}-01`, -1) },
    { label: '近 30 天', from: addDays(today, -29), to: today },
  ];
}

/** `2026-06-01` to `2026-06-30` as people read it: 2026年6月1日至6月30日（30 天）. */
export function periodWords(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const end = fy === ty ? `${tm}月${td}日` : `${ty}年${tm}月${td}日`;
  return `${fy}年${fm}月${fd}日至${end}（${daysBetween(from, to) + 1} 天）`;
}
