/**
 * What uploaded bytes are, told by their first bytes (never by a name or a Content-Type header):
 * images of work orders and the recorded clips of voice messages.
 */

/** The image types accepted. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/**
 * The recorded clips accepted: WebM/Opus (MediaRecorder in Chromium), OGG (MediaRecorder in
 * Firefox), MP3 and AAC (the WeChat recorder's `mp3` and `aac` formats) and M4A (its AAC in an
 * MP4 box, as some WeChat versions write it).
 */
export type AudioType = 'audio/webm' | 'audio/ogg' | 'audio/mpeg' | 'audio/aac' | 'audio/mp4';

function reader(bytes: Uint8Array) {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, text: string) =>
    Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).every((c, i) => at(from + i) === c);
  return { at, ascii };
}

/** The image type of `bytes`, or null when they are not a JPEG, PNG or WebP image. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const { at, ascii } = reader(bytes);
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}

/** How far into a WebM file its EBML header names the document type (`webm`). */
const EBML_HEADER_SCAN = 64;

/** The clip type of `bytes`, or null when they are none of {@link AudioType}. */
export function audioTypeOf(bytes: Uint8Array): AudioType | null {
  const { at, ascii } = reader(bytes);
  // EBML (Matroska) whose DocType is "webm"
  if (at(0) === 0x1a && at(1) === 0x45 && at(2) === 0xdf && at(3) === 0xa3) {
    const head = Math.min(bytes.length, EBML_HEADER_SCAN);
    for (let i = 4; i + 4 <= head; i++) if (ascii(i, 'webm')) return 'audio/webm';
    return null;
  }
  if (ascii(0, 'OggS')) return 'audio/ogg';
  if (ascii(0, 'ID3')) return 'audio/mpeg';
  if (ascii(4, 'ftyp')) return 'audio/mp4';
  if (at(0) === 0xff) {
    const b1 = at(1);
    const b2 = at(2);
    // ADTS (AAC): 12 sync bits, layer 00
    if ((b1 & 0xf6) === 0xf0) return 'audio/aac';
    // an MPEG audio frame: 11 sync bits, a layer, a bitrate and a sample rate that exist
    const layer = (b1 >> 1) & 0x03;
    const bitrate = b2 >> 4;
    const rate = (b2 >> 2) & 0x03;
    if ((b1 & 0xe0) === 0xe0 && layer !== 0 && bitrate !== 0x0f && rate !== 0x03) return 'audio/mpeg';
  }
  return null;
}
