import { Text, View } from '@tarojs/components';
import { voiceLabel } from '@bianmin/shared';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { isH5 } from '../../lib/platform';
import { useVoicePlayer } from '../../lib/voice-player';
import './index.scss';

/** Props of {@link VoiceBubble}. */
export interface VoiceBubbleProps {
  /** Where the player reads the clip (`voiceUrl`, with the token of whoever listens). */
  src: string;
  seconds: number;
}

/**
 * A voice message (语音留言) in a conversation: its length in words and one large button that
 * plays it, and stops it when pressed again. The resident and the agent see the same bubble.
 */
export function VoiceBubble({ src, seconds }: VoiceBubbleProps) {
  const { state, toggle, audio, events } = useVoicePlayer(src);
  const label = voiceLabel(seconds);
  const playing = state === 'playing';
  return (
    <View className="bm-voice">
      <View
        className={`bm-voice__play${playing ? ' bm-voice__play--on' : ''}`}
        {...roleProps('button')}
        aria-label={playing ? `停止播放${label}` : `播放${label}`}
        aria-pressed={playing}
        onClick={toggle}
        {...keyboardPressProps(toggle)}
      >
        <Text className="bm-voice__icon" aria-hidden>
          {playing ? '■' : '▶'}
        </Text>
        <Text className="bm-voice__label">{label}</Text>
        <Text className="bm-voice__state">{playing ? '正在播放' : '点一下播放'}</Text>
      </View>
      {state === 'failed' ? (
        <Text className="bm-voice__problem" {...roleProps('alert')}>
          这段语音现在放不了，请稍后再试。
        </Text>
      ) : null}
      {/* H5: the page's own player; the mini-program plays through InnerAudioContext */}
      {isH5 ? <audio ref={audio} src={src} preload="none" {...events} /> : null}
    </View>
  );
}
