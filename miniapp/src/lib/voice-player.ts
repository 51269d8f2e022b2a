import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isH5 } from './platform';

/** Where a player is: stopped, playing, or unable to play the clip. */
export type PlayerState = 'idle' | 'playing' | 'failed';

/**
 * Plays one voice message. H5: an `<audio>` element the caller renders (`audio` is its ref),
 * so the page holds the real player; the mini-program: WeChat's InnerAudioContext.
 */
export function useVoicePlayer(src: string) {
  const [state, setState] = useState<PlayerState>('idle');
  const audio = useRef<HTMLAudioElement | null>(null);
  // the H5 element, given by its callback ref (a function, so the page never reads the ref while drawing)
  const bind = useCallback((element: HTMLAudioElement | null) => {
    audio.current = element;
  }, []);
  const inner = useRef<Taro.InnerAudioContext | null>(null);

  useEffect(() => {
    if (isH5) return;
    const context = Taro.createInnerAudioContext();
    context.src = src;
    context.onPlay(() => setState('playing'));
    context.onEnded(() => setState('idle'));
    context.onStop(() => setState('idle'));
    context.onError(() => setState('failed'));
    inner.current = context;
    return () => {
      context.destroy();
      inner.current = null;
    };
  }, [src]);

  const toggle = () => {
    if (isH5) {
      const element = audio.current;
      if (!element) return;
      if (state === 'playing') {
        element.pause();
        element.currentTime = 0;
        setState('idle');
      } else {
        void element.play().catch(() => setState('failed'));
      }
      return;
    }
    if (state === 'playing') inner.current?.stop();
    else inner.current?.play();
  };

  /** The H5 element's events (spread on the `<audio>`). */
  const events = {
    onPlaying: () => setState('playing'),
    onEnded: () => setState('idle'),
    onError: () => setState('failed'),
  };
  return { state, toggle, audio: bind, events };
}
