import { z } from 'zod';
import { cityDistricts, utilityValues } from '../enums';
import { Timestamp } from './common';

/** What a resident can get done at an outlet (营业网点). */
export const OutletService = {
  pay: 'pay',
  business: 'business',
  invoice: 'invoice',
  install: 'install',
  terminal: 'terminal',
} as const;
export type OutletService = (typeof OutletService)[keyof typeof OutletService];
export const outletServiceValues = Object.values(OutletService) as [OutletService, ...OutletService[]];
export const outletServiceLabels: Record<OutletService, string> = {
  pay: '缴费',
  business: '业务办理',
  invoice: '发票',
  install: '报装',
  terminal: '自助终端',
};

/** What an outlet offers beyond its counters. `elderWindow` is the elderly priority window. */
export const OutletFacility = {
  elderWindow: 'elderWindow',
  accessible: 'accessible',
  parking: 'parking',
  terminal24h: 'terminal24h',
} as const;
export type OutletFacility = (typeof OutletFacility)[keyof typeof OutletFacility];
export const outletFacilityValues = Object.values(OutletFacility) as [OutletFacility, ...OutletFacility[]];
export const outletFacilityLabels: Record<OutletFacility, string> = {
  elderWindow: '爱心窗口',
  accessible: '无障碍通道',
  parking: '停车',
  terminal24h: '24小时自助终端',
};

/** Where "open now" is reckoned: the city's own clock, whatever the server's time zone. */
export const OUTLET_TIME_ZONE = 'Asia/Shanghai';
/** The largest page of outlets one request can ask for. */
export const OUTLET_LIMIT_MAX = 50;
export const OUTLET_LIMIT_DEFAULT = 20;

/** Monday = 1 … Sunday = 7 (ISO weekdays), with the label a resident reads. */
export const weekdayLabels = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** A time of day `H:MM` or `HH:MM`; `24:00` closes at midnight. */
const TimeOfDay = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式不对');

/** One opening period of a day, e.g. 8:30–12:00. */
export const OpeningPeriod = z.object({ open: TimeOfDay, close: TimeOfDay });
export type OpeningPeriod = z.infer<typeof OpeningPeriod>;

/** A number in the query string (always text on the wire), or a number from typed callers. */
function queryNumber(label: string, min: number, max: number, options: { int?: boolean } = {}) {
  const range = `${label}要在 ${min} 到 ${max} 之间`;
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i, `${label}要是数字`),
      ],
      {
        error: `${label}要是数字`,
      },
    )
    .transform(Number)
    .pipe(
      options.int
        ? z.number().int(`${label}要是整数`).min(min, range).max(max, range)
        : z.number().min(min, range).max(max, range),
    );
}

/** `true`/`false` in a query string (`1`/`0` too), or a boolean from typed callers. */
function queryFlag(label: string) {
  return z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: `${label}只能是 true 或 false` })
    .transform((v) => v === true || v === 'true' || v === '1');
}

/**
 * `GET /api/outlets`. Query strings arrive as text, so numbers and flags are parsed here, with a
 * Chinese message for every field. A position needs both `lat` and `lng` (GCJ-02, as WeChat's
 * location API gives them); without one the list is ordered by district, then name.
 */
export const OutletsQuery = z
  .object({
    lat: queryNumber('纬度', -90, 90).optional(),
    lng: queryNumber('经度', -180, 180).optional(),
    utility: z.enum(utilityValues, { error: '不认识这个公共事业类别' }).optional(),
    service: z.enum(outletServiceValues, { error: '不认识这项业务' }).optional(),
    district: z.enum(cityDistricts, { error: '不认识这个城区' }).optional(),
    openNow: queryFlag('营业中').optional(),
    elderWindow: queryFlag('爱心窗口').optional(),
    limit: queryNumber('数量', 1, OUTLET_LIMIT_MAX, { int: true }).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.lat === undefined) !== (q.lng === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.lat === undefined ? 'lat' : 'lng'],
        message: '纬度和经度要一起提供',
      });
    }
  });
export type OutletsQuery = z.infer<typeof OutletsQuery>;

/** `GET /api/outlets/:id`: any text; an unknown or malformed id is simply "not found" (404). */
export const OutletIdParams = z.object({ id: z.string() });

/** Open or closed right now (Asia/Shanghai), with a short hint a person reads. */
export const OutletOpenState = z.object({
  openNow: z.boolean(),
  /** 「还有 N 分钟关门」, 「营业到 17:00」, 「13:30 开门」, 「明天 8:30 开门」, 「24小时营业」… */
  hint: z.string(),
  /** When it closes next (if open) or opens next (if closed); null when nothing is scheduled. */
  changesAt: Timestamp.nullable(),
  /** Minutes until closing, when open and a closing time is known. */
  closesInMinutes: z.number().int().nullable(),
  /** Today's holiday note (e.g. 元旦休息), when today's hours are an exception. */
  todayNote: z.string().nullable(),
});
export type OutletOpenState = z.infer<typeof OutletOpenState>;

/** One outlet in a list: enough for a card. */
export const OutletSummary = z.object({
  id: z.string(),
  name: z.string(),
  utilities: z.array(z.enum(utilityValues)),
  services: z.array(z.enum(outletServiceValues)),
  facilities: z.array(z.enum(outletFacilityValues)),
  district: z.string(),
  address: z.string(),
  /** GCJ-02, as `Taro.openLocation` expects. */
  location: z.object({ lat: z.number(), lng: z.number() }),
  phone: z.string(),
  /** Metres from the given position; null without one. */
  distanceMeters: z.number().int().nullable(),
  open: OutletOpenState,
  /** People waiting right now, when the outlet reports it. */
  queueLength: z.number().int().nullable(),
  /** Demo data, not a real outlet. */
  demo: z.boolean(),
});
export type OutletSummary = z.infer<typeof OutletSummary>;

/** `GET /api/outlets`. */
export const OutletList = z.object({
  outlets: z.array(OutletSummary),
  /** The time "open now" was reckoned at. */
  asOf: Timestamp,
});
export type OutletList = z.infer<typeof OutletList>;

/** One row of the week's hours table. */
export const OutletDayHours = z.object({
  weekday: z.number().int().min(1).max(7),
  label: z.string(),
  periods: z.array(OpeningPeriod),
  /** 「8:30–12:00，13:30–17:00」 or 「休息」. */
  text: z.string(),
});
export type OutletDayHours = z.infer<typeof OutletDayHours>;

/** A holiday exception coming up: closed, or special hours on that date. */
export const OutletHoursException = z.object({
  date: z.iso.date(),
  note: z.string(),
  periods: z.array(OpeningPeriod),
  text: z.string(),
});
export type OutletHoursException = z.infer<typeof OutletHoursException>;

/** `GET /api/outlets/:id`: the card's fields plus the week's hours and coming exceptions. */
export const OutletDetail = OutletSummary.extend({
  week: z.array(OutletDayHours).length(7),
  /** Exceptions in the next 60 days, in date order. */
  exceptions: z.array(OutletHoursException),
  /** Today's ISO weekday in Asia/Shanghai, to mark today's row. */
  today: z.number().int().min(1).max(7),
});
export type OutletDetail = z.infer<typeof OutletDetail>;
