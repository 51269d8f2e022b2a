import { Image, View } from '@tarojs/components';
import type { PhotoRef } from '@bianmin/shared';
import { photoUrl } from '../../lib/photos';
import './index.scss';

/** One photo to show: its key and where the `<Image>` reads it (stored, or a local preview). */
export interface PhotoSource {
  id: string;
  src: string;
}

/**
 * Photos, small, side by side: on the resident's 报修 and timeline, in the field app and at the
 * desk, stored or still on the phone. Each is named `label` + n for screen readers.
 */
export function PhotoStrip({ photos, label }: { photos: readonly PhotoSource[]; label: string }) {
  if (photos.length === 0) return null;
  return (
    <View className="bm-photos">
      {photos.map((p, i) => (
        <Image key={p.id} className="bm-photos__photo" src={p.src} mode="aspectFill" aria-label={`${label}${i + 1}`} />
      ))}
    </View>
  );
}

/** Stored photos as the viewer may load them: her token goes in the URL (an `<Image>` sends no headers). */
export function storedPhotos(photos: readonly PhotoRef[], token: string | null): PhotoSource[] {
  return photos.map((p) => ({ id: p.id, src: photoUrl(p.id, token) }));
}

/** Photos still on the phone, before they are sent. */
export function localPhotos(photos: readonly { id: string; path: string }[]): PhotoSource[] {
  return photos.map((p) => ({ id: p.id, src: p.path }));
}
