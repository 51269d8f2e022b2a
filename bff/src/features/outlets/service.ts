import {
  cityDistricts,
  OUTLET_LIMIT_DEFAULT,
  type OutletDetail,
  type OutletList,
  type OutletsQuery,
  type OutletSummary,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { freshCopy } from '../../lib/fresh';
import { boundingBoxFilter, haversineMeters, type LatLng } from './geo';
import { decodeHours, openState, shanghaiDay, upcomingExceptions, weekTable, type OutletHours } from './hours';
import type { OutletRecord } from './model';

/**
 * Search radii of the bounding-box prefilter, widened in turn until enough outlets lie within the
 * radius itself (a box also holds points in its corners that are farther than closer ones outside
 * it, so only those within the radius are certain to be in order). The last step has no box.
 * Two steps only: on FerretDB each query scans the collection, so a miss costs a whole query;
 * 20 km around central Beijing already holds more than a default page of the demo outlets.
 */
const SEARCH_RADII_M = [20_000, Number.POSITIVE_INFINITY];

/** The fields a list needs; nothing else leaves the database. */
const PROJECTION = {
  name: 1,
  utilities: 1,
  services: 1,
  facilities: 1,
  district: 1,
  address: 1,
  location: 1,
  phone: 1,
  weekly: 1,
  exceptions: 1,
  queueLength: 1,
  demo: 1,
} as const;

type OutletDoc = Pick<
  OutletRecord,
  | '_id'
  | 'name'
  | 'utilities'
  | 'services'
  | 'facilities'
  | 'district'
  | 'address'
  | 'location'
  | 'phone'
  | 'weekly'
  | 'exceptions'
  | 'queueLength'
  | 'demo'
>;

const districtRank = new Map<string, number>(cityDistricts.map((d, i) => [d, i]));
const byName = new Intl.Collator('zh-CN');

/** Hours from their stored strings. */
function hoursOf(doc: OutletDoc): OutletHours {
  return decodeHours(doc.weekly, doc.exceptions);
}

function toSummary(doc: OutletDoc, now: Date, distance: number | null): OutletSummary {
  return {
    id: String(doc._id),
    name: doc.name,
    utilities: [...((doc.utilities as OutletDoc['utilities'] | undefined) ?? [])],
    services: [...((doc.services as OutletDoc['services'] | undefined) ?? [])],
    facilities: [...((doc.facilities as OutletDoc['facilities'] | undefined) ?? [])],
    district: doc.district,
    address: doc.address,
    location: { lat: doc.location.lat, lng: doc.location.lng },
    phone: doc.phone,
    distanceMeters: distance === null ? null : Math.round(distance),
    open: openState(hoursOf(doc), now),
    queueLength: doc.queueLength ?? null,
    demo: doc.demo,
  };
}

/** The Mongo filter of the query's plain fields; position and "open now" are handled in code. */
function baseFilter(query: OutletsQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.utility) filter.utilities = query.utility;
  if (query.service) filter.services = query.service;
  if (query.district) filter.district = query.district;
  if (query.elderWindow) filter.facilities = 'elderWindow';
  return filter;
}

/**
 * Whether `doc` matches `filter` as MongoDB would, for the filters built here: a value equals a
 * field or is an element of an array field; `{$gte, $lte}` bounds a number on a dotted path.
 */
export function matchesFilter(doc: object, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([path, condition]) => {
    const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
    if (condition !== null && typeof condition === 'object') {
      const { $gte, $lte } = condition as { $gte: number; $lte: number };
      return typeof value === 'number' && value >= $gte && value <= $lte;
    }
    return Array.isArray(value) ? value.includes(condition) : value === condition;
  });
}

export function createOutletService({ models, clock, cacheMs }: { models: Models; clock: Clock; cacheMs: number }) {
  const query = (filter: Record<string, unknown>) => models.Outlet.find(filter, PROJECTION).lean<OutletDoc[]>().exec();

  /**
   * The outlets change seldom and are few (one city's halls), and every query on FerretDB reads
   * the whole collection anyway: lists are answered from an in-memory copy read at most every
   * `cacheMs` (one read at a time), with the same filters applied in code. Freshness is counted
   * on the process's own monotonic clock, not the business clock.
   */
  const copy = freshCopy(cacheMs, () => query({}));
  async function find(filter: Record<string, unknown>): Promise<OutletDoc[]> {
    if (cacheMs <= 0) return query(filter);
    return (await copy.get()).filter((doc) => matchesFilter(doc, filter));
  }

  /** Nearest first: prefilter by a box in the query, exact haversine order here. */
  async function nearest(center: LatLng, query: OutletsQuery, limit: number, now: Date) {
    const filter = baseFilter(query);
    for (const radius of SEARCH_RADII_M) {
      const box = Number.isFinite(radius) ? boundingBoxFilter(center, radius) : {};
      const docs = await find({ ...filter, ...box });
      const within = docs
        .map((doc) => ({ doc, distance: haversineMeters(center, doc.location) }))
        .filter((c) => c.distance <= radius)
        .map((c) => ({ ...c, summary: toSummary(c.doc, now, c.distance) }))
        .filter((c) => !query.openNow || c.summary.open.openNow);
      if (within.length < limit && Number.isFinite(radius)) continue;
      within.sort((a, b) => a.distance - b.distance || byName.compare(a.doc.name, b.doc.name));
      return within.slice(0, limit).map((c) => c.summary);
    }
    return [];
  }

  /** Without a position: by district (the city's order), then name. */
  async function byDistrict(query: OutletsQuery, limit: number, now: Date) {
    const docs = await find(baseFilter(query));
    return docs
      .map((doc) => toSummary(doc, now, null))
      .filter((o) => !query.openNow || o.open.openNow)
      .sort(
        (a, b) =>
          (districtRank.get(a.district) ?? 99) - (districtRank.get(b.district) ?? 99) || byName.compare(a.name, b.name),
      )
      .slice(0, limit);
  }

  return {
    /** `GET /api/outlets`: filters combine (all must hold); "open now" is reckoned at the clock's now. */
    async list(query: OutletsQuery): Promise<OutletList> {
      const now = clock.now();
      const limit = query.limit ?? OUTLET_LIMIT_DEFAULT;
      const outlets =
        query.lat !== undefined && query.lng !== undefined
          ? await nearest({ lat: query.lat, lng: query.lng }, query, limit, now)
          : await byDistrict(query, limit, now);
      return { outlets, asOf: now.toISOString() };
    },

    /** One outlet with its week and coming exceptions; null for an unknown or malformed id. */
    async get(id: string): Promise<OutletDetail | null> {
      if (!/^[0-9a-f]{24}$/i.test(id)) return null;
      const doc = await models.Outlet.findById(id, PROJECTION).lean<OutletDoc>().exec();
      if (!doc) return null;
      const now = clock.now();
      const hours = hoursOf(doc);
      return {
        ...toSummary(doc, now, null),
        week: weekTable(hours),
        exceptions: upcomingExceptions(hours, now),
        today: shanghaiDay(now).weekday,
      };
    },
  };
}

export type OutletService = ReturnType<typeof createOutletService>;
