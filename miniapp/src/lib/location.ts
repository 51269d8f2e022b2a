import Taro from '@tarojs/taro';
import { isH5 } from './platform';

/** A position in GCJ-02, the datum of WeChat's location APIs and of the outlets' coordinates. */
export interface Position {
  lat: number;
  lng: number;
}

const A = 6378245.0;
const EE = 0.006693421622965943;

/** Roughly mainland China, where GCJ-02 applies; outside it the datum equals WGS-84. */
function outsideChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/**
 * WGS-84 (what a browser's geolocation gives) to GCJ-02 (what the outlets and WeChat use), by the
 * published conversion formula. In H5 Taro's getLocation only offers WGS-84.
 */
export function wgs84ToGcj02(lat: number, lng: number): Position {
  if (outsideChina(lat, lng)) return { lat, lng };
  const dLat0 = transformLat(lng - 105, lat - 35);
  const dLng0 = transformLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (dLng0 * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

/** How long to wait for a position before falling back to choosing a district. */
const LOCATE_TIMEOUT_MS = 10_000;

/**
 * The resident's position in GCJ-02, or null when it cannot be had (permission refused, no
 * geolocation in this browser, timeout). Only called after the resident taps the button.
 */
export async function locate(): Promise<Position | null> {
  const request = isH5
    ? Taro.getLocation({ type: 'wgs84', highAccuracyExpireTime: LOCATE_TIMEOUT_MS }).then((r) =>
        wgs84ToGcj02(r.latitude, r.longitude),
      )
    : Taro.getLocation({ type: 'gcj02' }).then((r) => ({ lat: r.latitude, lng: r.longitude }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LOCATE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([request.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the one tap's location may take; the tap itself never waits for it. */
const GRANTED_TIMEOUT_MS = 5000;

/** Whether the resident has already allowed location, asked without ever prompting her. */
async function alreadyGranted(): Promise<boolean> {
  if (isH5) {
    // no Permissions API: we cannot know without asking, so we do not ask
    const permissions = (globalThis.navigator as Navigator | undefined)?.permissions;
    if (!permissions) return false;
    const status = await permissions.query({ name: 'geolocation' }).catch(() => null);
    return status?.state === 'granted';
  }
  const setting = await Taro.getSetting().catch(() => null);
  return setting?.authSetting['scope.userLocation'] === true;
}

/**
 * The resident's position in GCJ-02 if she has already allowed location (the outlets page asked
 * her once), else null — never a permission prompt: this runs on the one-tap help path, where a
 * dialog would stand between an old person and the human she wants.
 */
export async function locateIfGranted(): Promise<Position | null> {
  if (!(await alreadyGranted())) return null;
  const request = isH5
    ? Taro.getLocation({ type: 'wgs84' }).then((r) => wgs84ToGcj02(r.latitude, r.longitude))
    : Taro.getLocation({ type: 'gcj02' }).then((r) => ({ lat: r.latitude, lng: r.longitude }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), GRANTED_TIMEOUT_MS);
  });
  try {
    return await Promise.race([request.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the map at a place: WeChat's map in the mini-program, Amap's web page in a browser
 * (GCJ-02 as well).
 */
export function openMap(place: Position, name: string, address?: string): void {
  if (isH5 && !(window as { wx?: unknown }).wx) {
    const url = `https://uri.amap.com/marker?position=${place.lng},${place.lat}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=1`;
    window.open(url, '_blank', 'noopener');
    return;
  }
  Taro.openLocation({
    latitude: place.lat,
    longitude: place.lng,
    name,
    ...(address ? { address } : {}),
    scale: 17,
  }).catch(() => undefined);
}

/** 「850 米」, 「1.2 公里」, 「23 公里」. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.max(10, Math.round(meters / 10) * 10)} 米`;
  if (meters < 10_000) return `${(meters / 1000).toFixed(1)} 公里`;
  return `${Math.round(meters / 1000)} 公里`;
}
