import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { ErrorBody, messageFor } from '@bianmin/shared';
import { ApiError } from '../api/client';

/**
 * Sends one file's bytes as the body of an upload endpoint (a photo, a voice message) and
 * answers its 201 answer, parsed by the contract's schema. The BFF tells the file by its bytes;
 * `contentType` only describes them. Errors are ApiErrors with the shared Chinese message.
 */
export async function uploadBytes<S extends z.ZodType>(
  url: string,
  bytes: ArrayBuffer,
  contentType: string,
  token: string | null,
  schema: S,
): Promise<z.output<S>> {
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url,
      method: 'POST',
      header: { 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      data: bytes,
      dataType: 'json',
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', messageFor('NETWORK_ERROR'), 0);
  }
  const created = schema.safeParse(res.data);
  if (res.statusCode === 201 && created.success) return created.data;
  const failure = ErrorBody.safeParse(res.data);
  const code = failure.success ? failure.data.error.code : 'INTERNAL';
  throw new ApiError(code, messageFor(code), res.statusCode);
}

/** Where a player or an `<Image>` reads a file: the token goes in the query, as they send no headers. */
export function withToken(url: string, token: string | null): string {
  return `${url}${token ? `?access_token=${encodeURIComponent(token)}` : ''}`;
}
