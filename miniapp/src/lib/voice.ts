import Taro from '@tarojs/taro';
import { endpoints, fillPath, HelpMessageCreated, VOICE_MAX_SECONDS } from '@bianmin/shared';
import { isH5 } from './platform';
import { uploadBytes, withToken } from './upload';

/** A finished recording: its bytes, how long it lasted (seconds, as measured) and its type. */
export interface Recording {
  bytes: ArrayBuffer;
  seconds: number;
  contentType: string;
}

/** Records one voice message at a time: `start` asks for the microphone, `stop` hands over the clip. */
export interface Recorder {
  /** Starts recording; rejects when the microphone is not allowed, not there or busy. */
  start(): Promise<void>;
  /** Stops and answers the recording (null when nothing was recorded). */
  stop(): Promise<Recording | null>;
  /** Stops and throws the recording away. */
  cancel(): void;
}

/** What MediaRecorder records in, in the order asked for: Opus in WebM (Chromium), OGG (Firefox), MP4 (Safari). */
const BROWSER_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

/** H5: getUserMedia and MediaRecorder. */
function browserRecorder(): Recorder {
  let stream: MediaStream | null = null;
  let recorder: MediaRecorder | null = null;
  let chunks: Blob[] = [];
  let startedAt = 0;
  const release = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    recorder = null;
  };
  return {
    async start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        throw new Error('the microphone was refused or is missing');
      }
      const mimeType = BROWSER_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      chunks = [];
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      };
      recorder.start();
      startedAt = Date.now();
    },
    stop() {
      const current = recorder;
      if (!current) return Promise.resolve(null);
      return new Promise<Recording | null>((resolve) => {
        current.onstop = () => {
          const seconds = (Date.now() - startedAt) / 1000;
          const blob = new Blob(chunks, { type: current.mimeType });
          release();
          void blob
            .arrayBuffer()
            .then((bytes) =>
              resolve(bytes.byteLength > 0 ? { bytes, seconds, contentType: blob.type || 'audio/webm' } : null),
            );
        };
        current.stop();
      });
    },
    cancel() {
      if (recorder) {
        recorder.onstop = null;
        if (recorder.state !== 'inactive') recorder.stop();
      }
      release();
    },
  };
}

/** The mini-program: WeChat's recorder, in MP3 (the BFF also takes its AAC). */
function weappRecorder(): Recorder {
  const manager = Taro.getRecorderManager();
  let finish: ((recording: Recording | null) => void) | null = null;
  manager.onStop((res) => {
    const done = finish;
    finish = null;
    if (!done) return;
    Taro.getFileSystemManager().readFile({
      filePath: res.tempFilePath,
      success: (file) =>
        done({ bytes: file.data as ArrayBuffer, seconds: res.duration / 1000, contentType: 'audio/mpeg' }),
      fail: () => done(null),
    });
  });
  return {
    start() {
      return new Promise<void>((resolve, reject) => {
        manager.onStart(() => resolve());
        manager.onError(() => reject(new Error('the recorder did not start')));
        manager.start({
          duration: VOICE_MAX_SECONDS * 1000,
          format: 'mp3',
          sampleRate: 16000,
          numberOfChannels: 1,
          encodeBitRate: 48000,
        });
      });
    },
    stop() {
      return new Promise<Recording | null>((resolve) => {
        finish = resolve;
        manager.stop();
      });
    },
    cancel() {
      finish = null;
      manager.stop();
    },
  };
}

/** The recorder of this build. */
export function createRecorder(): Recorder {
  return isH5 ? browserRecorder() : weappRecorder();
}

/** Sends a recording as a voice message on the resident's request (`POST /api/help/:id/voice`). */
export function uploadVoice(helpId: string, recording: Recording, clientKey: string, token: string | null) {
  const seconds = Math.min(VOICE_MAX_SECONDS, Math.round(recording.seconds * 10) / 10);
  const url = `${BIANMIN_API_BASE}${fillPath(endpoints.sendHelpVoice.path, { id: helpId })}?seconds=${seconds}&clientKey=${clientKey}`;
  return uploadBytes(
    url,
    recording.bytes,
    recording.contentType.split(';')[0] ?? 'audio/webm',
    token,
    HelpMessageCreated,
  );
}

/** Where a player reads a voice message (the token in the query: players send no headers). */
export function voiceUrl(voiceId: string, token: string | null): string {
  return withToken(`${BIANMIN_API_BASE}${fillPath(endpoints.getHelpVoice.path, { id: voiceId })}`, token);
}
