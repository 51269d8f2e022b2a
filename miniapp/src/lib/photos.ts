import Taro from '@tarojs/taro';
import { messageFor, PhotoCreated } from '@bianmin/shared';
import { ApiError } from '../api/client';
import { isH5 } from './platform';
import { uploadBytes, withToken } from './upload';

/** The longest edge of a photo after it is downscaled on the phone, in pixels. */
export const PHOTO_MAX_EDGE = 1280;
/** JPEG quality of the downscaled photo (0–1). */
const QUALITY = 0.8;

/**
 * Takes or picks up to `count` photos: the camera first (a field member at the door, a resident
 * showing the fault). In H5 Taro's chooseMedia is a file input with `capture`. Cancelling is an
 * empty list, not an error.
 */
export async function pickPhotos(count: number): Promise<string[]> {
  if (count <= 0) return [];
  try {
    const res = await Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['camera', 'album'],
      sizeType: ['compressed'],
      camera: 'back',
    });
    return res.tempFiles.map((f) => f.tempFilePath);
  } catch {
    return [];
  }
}

/**
 * Scales a picked image down to PHOTO_MAX_EDGE in the browser and encodes it as JPEG. The file
 * is read through an image element (the page's CSP lets images, not fetches, read `blob:` URLs).
 */
export async function downscaleInBrowser(url: string, maxEdge = PHOTO_MAX_EDGE): Promise<ArrayBuffer> {
  const image = document.createElement('img');
  image.src = url;
  await image.decode();
  const scale = Math.min(1, maxEdge / Math.max(image.naturalWidth, image.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new ApiError('PHOTO_NOT_IMAGE', messageFor('PHOTO_NOT_IMAGE'), 0);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  if (!jpeg) throw new ApiError('PHOTO_NOT_IMAGE', messageFor('PHOTO_NOT_IMAGE'), 0);
  return jpeg.arrayBuffer();
}

/** The bytes of a picked photo, downscaled on the phone before they travel. */
export async function photoBytes(path: string): Promise<ArrayBuffer> {
  if (isH5) return downscaleInBrowser(path);
  const small = await Taro.compressImage({ src: path, quality: QUALITY * 100, compressedWidth: PHOTO_MAX_EDGE }).catch(
    () => ({ tempFilePath: path }),
  );
  return new Promise<ArrayBuffer>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: small.tempFilePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: reject,
    });
  });
}

/** Uploads one photo's bytes (`POST /api/photos`, the body is the image) and answers its id. */
export async function uploadPhoto(bytes: ArrayBuffer, token: string | null): Promise<string> {
  const created = await uploadBytes(`${BIANMIN_API_BASE}/api/photos`, bytes, 'image/jpeg', token, PhotoCreated);
  return created.photo.id;
}

/** Picks, downscales and uploads up to `count` photos; answers their ids and local paths. */
export async function takePhotos(
  count: number,
  token: () => string | null,
): Promise<Array<{ id: string; path: string }>> {
  const out: Array<{ id: string; path: string }> = [];
  for (const path of await pickPhotos(count))
    out.push({ id: await uploadPhoto(await photoBytes(path), token()), path });
  return out;
}

/** Where an `<Image>` reads a photo: the token goes in the query, as `<Image>` sends no headers. */
export function photoUrl(id: string, token: string | null): string {
  return withToken(`${BIANMIN_API_BASE}/api/photos/${id}`, token);
}
