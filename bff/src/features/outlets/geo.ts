/** Distances on the Earth for the outlet lookup (no geospatial index: FerretDB has none). */

/** The Earth's mean radius in metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE_LAT = (Math.PI * EARTH_RADIUS_M) / 180;

export interface LatLng {
  lat: number;
  lng: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). GCJ-02 offsets are the same on both ends, so fine here. */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A Mongo filter on `location.lat`/`location.lng` that keeps every point within `radius` metres
 * of `center` (and some more in the corners). Near the poles or across the 180° meridian the
 * longitude range is dropped rather than split: still a superset, which is all the caller needs.
 */
export function boundingBoxFilter(center: LatLng, radius: number): Record<string, { $gte: number; $lte: number }> {
  const dLat = radius / METRES_PER_DEGREE_LAT;
  const filter: Record<string, { $gte: number; $lte: number }> = {
    'location.lat': { $gte: center.lat - dLat, $lte: center.lat + dLat },
  };
  const maxLat = Math.abs(center.lat) + dLat;
  if (maxLat >= 89) return filter;
  const dLng = radius / (METRES_PER_DEGREE_LAT * Math.cos(rad(maxLat)));
  if (center.lng - dLng < -180 || center.lng + dLng > 180) return filter;
  filter['location.lng'] = { $gte: center.lng - dLng, $lte: center.lng + dLng };
  return filter;
}
