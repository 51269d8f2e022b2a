import { describe, expect, it } from 'vitest';
import { CLIPS } from '../testing/clips';
import { audioTypeOf } from './media-types';

describe('audioTypeOf', () => {
  it('tells WebM/Opus, OGG, MP3, AAC and M4A by their first bytes', () => {
    expect(audioTypeOf(CLIPS.webm)).toBe('audio/webm');
    expect(audioTypeOf(CLIPS.ogg)).toBe('audio/ogg');
    expect(audioTypeOf(CLIPS.mp3Tagged)).toBe('audio/mpeg');
    expect(audioTypeOf(CLIPS.mp3Frame)).toBe('audio/mpeg');
    expect(audioTypeOf(CLIPS.aac)).toBe('audio/aac');
    expect(audioTypeOf(CLIPS.m4a)).toBe('audio/mp4');
  });

  it('refuses everything else: images, pages, WAV, a Matroska video, a frame header that cannot be', () => {
    const others: Array<[string, Buffer]> = [
      ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
      ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['wav', Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')],
      ['mkv', Buffer.concat([CLIPS.webm.subarray(0, 11), Buffer.from([0x88]), Buffer.from('matroska')])],
      ['bad mpeg frame', Buffer.from([0xff, 0xfb, 0xf0, 0x64])],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [name, bytes] of others) expect(audioTypeOf(bytes), name).toBeNull();
  });
});
