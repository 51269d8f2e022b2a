import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { utilityValues, outletFacilityValues, outletServiceValues } from '@bianmin/shared';

/** GCJ-02 latitude and longitude. */
const locationSchema = new Schema(
  {
    lat: { type: Number, required: true, min: -90, max: 90 },
    lng: { type: Number, required: true, min: -180, max: 180 },
  },
  { _id: false },
);

/**
 * Hours are stored as two plain strings rather than subdocuments or arrays: FerretDB 1.24 on
 * SQLite decodes every nested value of every scanned document, and every list reads them all
 * (measured here over the 40 demo outlets: ~50 exception subdocuments each took about 200 ms per
 * find, arrays of strings about 25 ms, one joined string about 15 ms). See hours.ts for the format.
 */
const PERIODS = String.raw`(\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*)?`;
const WEEKLY = new RegExp(`^${PERIODS}(;${PERIODS}){6}$`);
const EXCEPTION = String.raw`\d{4}-\d{2}-\d{2}\|${PERIODS}\|[^;|]*`;
const EXCEPTIONS = new RegExp(`^(${EXCEPTION}(;${EXCEPTION})*)?$`);

/**
 * A service outlet (营业网点). `location` is GCJ-02 (what WeChat's location APIs return and
 * `openLocation` takes). `key` names a seeded outlet so the seed stays idempotent.
 */
export const outletSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    utilities: { type: [{ type: String, enum: utilityValues }], required: true },
    services: { type: [{ type: String, enum: outletServiceValues }], default: [] },
    facilities: { type: [{ type: String, enum: outletFacilityValues }], default: [] },
    district: { type: String, required: true },
    address: { type: String, required: true },
    location: { type: locationSchema, required: true },
    phone: { type: String, required: true },
    /** Seven days, Monday first, `;`-separated, each `08:30-12:00,13:30-17:00` or empty (closed). */
    weekly: { type: String, required: true, match: WEEKLY },
    /** Holiday exceptions, `;`-separated, each `2027-01-01|<periods>|<note>`; no periods = closed. */
    exceptions: { type: String, default: '', match: EXCEPTIONS },
    queueLength: { type: Number, default: null },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);
// the bounding-box prefilter ranges over latitude first; district lists come second
outletSchema.index({ 'location.lat': 1, 'location.lng': 1 });
outletSchema.index({ district: 1, name: 1 });

export type OutletRecord = InferSchemaType<typeof outletSchema> & { _id: Types.ObjectId };
