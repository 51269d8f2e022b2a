import { Text, View } from '@tarojs/components';
import type { ITouchEvent } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { VOICE_MAX_SECONDS } from '@bianmin/shared';
import { roleProps } from '../../lib/a11y';
import { isH5 } from '../../lib/platform';
import { createRecorder, type Recorder, type Recording } from '../../lib/voice';

/** Shorter than this is a slip of the finger, not a message. */
const MIN_SECONDS = 1;
/** How far the finger may slide from where it pressed before letting go cancels (the touch's own px). */
const SLIDE_CANCEL_PX = 60;
/** How often the length on screen moves on. */
const TICK_MS = 200;
/** A touch is followed by the browser's copy of it as mouse events: those are not a second press. */
const TOUCH_ECHO_MS = 1500;

const TOO_SHORT = '说话时间太短了，没有发出。请按住按钮多说一会儿。';
const CANCELLED = '已取消，这段语音没有发出。';
const NO_MICROPHONE = '没有打开麦克风，不能录音。请允许使用麦克风，或者打字留言。';

type Phase = 'idle' | 'starting' | 'recording' | 'sending';
type Point = { x: number; y: number };

/**
 * 按住说话: hold to record a voice message, let go to send it (up to 60 s: it stops there and
 * sends by itself). Sliding the finger away before letting go, or a press under a second, sends
 * nothing and says so. The length so far and the time left show while she speaks.
 */
export function VoiceButton({ onSend }: { onSend: (recording: Recording) => Promise<string | null> }) {
  const recorder = useRef<Recorder | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const phaseRef = useRef<Phase>('idle');
  const [elapsed, setElapsed] = useState(0);
  const [leaving, setLeaving] = useState(false);
  const leavingRef = useRef(false);
  const [note, setNote] = useState<string | null>(null);
  const startedAt = useRef(0);
  const origin = useRef<Point | null>(null);
  const releasedEarly = useRef(false);
  const lastTouch = useRef(0);

  const move = (next: Phase) => {
    phaseRef.current = next;
    setPhase(next);
  };
  const setAway = (away: boolean) => {
    leavingRef.current = away;
    setLeaving(away);
  };

  const wasReleasedEarly = () => releasedEarly.current;
  const slide = useCallback((point: Point) => {
    const from = origin.current;
    if (!from) return;
    const away = Math.hypot(point.x - from.x, point.y - from.y) > SLIDE_CANCEL_PX;
    leavingRef.current = away;
    setLeaving(away);
  }, []);

  const begin = async (point: Point | null) => {
    if (phaseRef.current !== 'idle') return;
    setNote(null);
    setAway(false);
    releasedEarly.current = false;
    origin.current = point;
    recorder.current ??= createRecorder();
    move('starting');
    try {
      await recorder.current.start();
    } catch {
      move('idle');
      setNote(NO_MICROPHONE);
      return;
    }
    // let go while the microphone was still opening
    if (wasReleasedEarly()) {
      recorder.current.cancel();
      move('idle');
      setNote(TOO_SHORT);
      return;
    }
    startedAt.current = Date.now();
    setElapsed(0);
    move('recording');
  };

  const finish = useCallback(
    async (send: boolean) => {
      if (phaseRef.current === 'starting') {
        releasedEarly.current = true;
        return;
      }
      const current = recorder.current;
      if (phaseRef.current !== 'recording' || !current) return;
      if (!send || leavingRef.current) {
        current.cancel();
        move('idle');
        setNote(CANCELLED);
        return;
      }
      move('sending');
      const recording = await current.stop();
      if (!recording || recording.seconds < MIN_SECONDS) {
        move('idle');
        setNote(TOO_SHORT);
        return;
      }
      const failed = await onSend(recording);
      move('idle');
      setNote(failed);
    },
    [onSend],
  );

  // the length on screen, and the stop at 60 s (it sends what she said)
  useEffect(() => {
    if (phase !== 'recording') return;
    const timer = setInterval(() => {
      const seconds = (Date.now() - startedAt.current) / 1000;
      setElapsed(seconds);
      if (seconds >= VOICE_MAX_SECONDS) void finish(true);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [phase, finish]);

  // H5 with a mouse: the button may be let go of anywhere on the page
  const holding = phase === 'starting' || phase === 'recording';
  useEffect(() => {
    if (!isH5 || !holding) return;
    const up = () => {
      if (Date.now() - lastTouch.current > TOUCH_ECHO_MS) void finish(true);
    };
    const drag = (e: MouseEvent) => slide({ x: e.clientX, y: e.clientY });
    window.addEventListener('mouseup', up);
    window.addEventListener('mousemove', drag);
    return () => {
      window.removeEventListener('mouseup', up);
      window.removeEventListener('mousemove', drag);
    };
  }, [holding, finish, slide]);

  // leaving the page while recording throws the recording away
  useEffect(() => () => recorder.current?.cancel(), []);

  // Taro types the View's touch handlers with its base event; the event is a touch event
  const touchPoint = (e: object): Point | null => {
    const touch = (e as Partial<ITouchEvent>).touches?.[0];
    return touch ? { x: touch.clientX, y: touch.clientY } : null;
  };

  const spoken = Math.min(VOICE_MAX_SECONDS, Math.floor(elapsed));
  const face =
    phase === 'recording'
      ? leaving
        ? '松开手指，取消发送'
        : '松开 发送'
      : phase === 'sending'
        ? '正在发送…'
        : '按住说话';

  return (
    <View className="help__voice">
      <View
        className={`help__voice-button${holding ? ' help__voice-button--on' : ''}${leaving ? ' help__voice-button--leaving' : ''}`}
        {...roleProps('button')}
        aria-label="按住说话，松开发送"
        aria-pressed={holding}
        onTouchStart={(e) => {
          lastTouch.current = Date.now();
          void begin(touchPoint(e));
        }}
        onTouchMove={(e) => {
          const point = touchPoint(e);
          if (point) slide(point);
        }}
        onTouchEnd={() => {
          lastTouch.current = Date.now();
          void finish(true);
        }}
        onTouchCancel={() => void finish(false)}
        {...(isH5
          ? {
              tabIndex: 0,
              onMouseDown: (e: { clientX: number; clientY: number }) => {
                if (Date.now() - lastTouch.current > TOUCH_ECHO_MS) void begin({ x: e.clientX, y: e.clientY });
              },
              onKeyDown: (e: { key: string; repeat: boolean; preventDefault: () => void }) => {
                if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
                  e.preventDefault();
                  void begin(null);
                }
              },
              onKeyUp: (e: { key: string }) => {
                if (e.key === ' ' || e.key === 'Enter') void finish(true);
              },
            }
          : {})}
      >
        <Text className="help__voice-face">{face}</Text>
      </View>
      {phase === 'recording' ? (
        <Text className="help__voice-time" {...roleProps('timer')}>
          已说 {spoken} 秒，还能说 {VOICE_MAX_SECONDS - spoken} 秒
        </Text>
      ) : (
        <Text className="bm-note">
          按住说话，松开就发给客服，最长 {VOICE_MAX_SECONDS} 秒。说错了，手指滑开再松开就不发。
        </Text>
      )}
      {note ? (
        <Text className="help__problem" {...roleProps('alert')}>
          {note}
        </Text>
      ) : null}
    </View>
  );
}
