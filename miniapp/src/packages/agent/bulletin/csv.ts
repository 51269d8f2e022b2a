import { endpoints, type BulletinPeriod } from '@bianmin/shared';
import { toApiError } from '../../../api/client';
import { downloadBlob } from '../../../lib/download';
import { agentSession } from '../services';

/** The file name the BFF gives (`filename*=UTF-8''…`), or `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (!encoded) return fallback;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return fallback;
  }
}

/**
 * Downloads the 回访简报 as the BFF's CSV (`format=csv`) under the file name it gives, in the
 * browser (H5): the typed client reads JSON, so this one request goes through `fetch` with the
 * staff token. Throws an ApiError with the BFF's Chinese message when it refuses.
 */
export async function downloadBulletinCsv(period: BulletinPeriod, date: string): Promise<string> {
  const query = new URLSearchParams({ period, date, format: 'csv' });
  const token = agentSession.token();
  const res = await fetch(`${BIANMIN_API_BASE}${endpoints.followupBulletin.path}?${query.toString()}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  const name = fileNameOf(res.headers.get('Content-Disposition'), '回访简报.csv');
  downloadBlob(await res.blob(), name);
  return name;
}
