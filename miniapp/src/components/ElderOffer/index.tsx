import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { beijingParts, type User } from '@bianmin/shared';
import { ActionButton } from '../ActionButton';
import { roleProps } from '../../lib/a11y';
import { useSession } from '../../store/SessionProvider';
import { StorageKey, taroStorage, type KeyValueStorage } from '../../store/storage';
import './index.scss';

/** From this age on the home page offers elder mode once (工信部 适老化: 60 and over). */
export const ELDER_OFFER_AGE = 60;

/**
 * True when the home page should offer elder mode: the resident's birth year says 60 or over,
 * elder mode is off, and the offer has not been answered on this device.
 */
export function shouldOfferElderMode(user: User | null, elderMode: boolean, answered: boolean, now: Date): boolean {
  if (!user || user.birthYear === null || elderMode || answered) return false;
  return beijingParts(now).year - user.birthYear >= ELDER_OFFER_AGE;
}

/** Props of {@link ElderOffer}. */
export interface ElderOfferProps {
  /** Today, for the age; tests pass a fixed date. */
  now?: Date;
  /** Where the answer is remembered; the app's storage unless a test passes its own. */
  storage?: KeyValueStorage;
  className?: string;
}

/**
 * A gentle card on the home page for residents of 60 and over: offers elder mode once, in the
 * page flow (never a pop-up), and remembers the answer so it is not asked again. Turning elder
 * mode on by the switch counts as an answer too.
 */
export function ElderOffer({ now = new Date(), storage = taroStorage, className }: ElderOfferProps) {
  const { user, elderMode, setElderMode } = useSession();
  const [answeredNow, setAnsweredNow] = useState(false);
  const answered = answeredNow || storage.get(StorageKey.elderOfferAnswered) !== undefined;
  useEffect(() => {
    // switched on by the switch: that is an answer too, so the card does not come back later
    if (elderMode && storage.get(StorageKey.elderOfferAnswered) === undefined) {
      storage.set(StorageKey.elderOfferAnswered, 'accepted');
    }
  }, [elderMode, storage]);
  if (!shouldOfferElderMode(user, elderMode, answered, now)) return null;

  const answer = (accepted: boolean) => {
    storage.set(StorageKey.elderOfferAnswered, accepted ? 'accepted' : 'declined');
    setAnsweredNow(true);
    if (accepted) void setElderMode(true);
  };
  return (
    <View
      className={['bm-card', 'bm-elder-offer', className].filter(Boolean).join(' ')}
      {...roleProps('region')}
      aria-label="长辈模式推荐"
    >
      <Text className="bm-elder-offer__title">试试长辈模式？</Text>
      <Text className="bm-text">字更大，按钮更大，看得更清楚。以后也可以在首页或“我的”里随时关掉。</Text>
      <View className="bm-stack">
        <ActionButton variant="primary" onPress={() => answer(true)}>
          打开长辈模式
        </ActionButton>
        <ActionButton onPress={() => answer(false)}>先不用</ActionButton>
      </View>
    </View>
  );
}
