import Taro from '@tarojs/taro';

/** Opens the phone's dialer with the number; cancelling the system dialog is fine. */
export function dial(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}
