import Taro from '@tarojs/taro';
import type { HttpTransport } from './client';

/**
 * The app's transport: `Taro.request`, which resolves for every HTTP status and rejects only when
 * no answer came (offline, DNS, timeout, a weapp domain not on the allow-list).
 */
export const taroTransport: HttpTransport = async ({ url, method, data, header, timeout }) => {
  const response = await Taro.request({ url, method, data, header, timeout, dataType: 'json' });
  return { statusCode: response.statusCode, data: response.data as unknown };
};
