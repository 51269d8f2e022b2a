import type { Connection } from 'mongoose';
import type { Role } from '@bianmin/shared';
import type { Clock } from '../../lib/clock';
import { createFileStore } from '../../lib/files';
import type { ImageType } from '../../lib/media-types';

/** What a stored photo carries: who uploaded it and, once attached, the order it belongs to. */
export interface PhotoMeta {
  ownerId: string;
  ownerRole: Role;
  orderId: string | null;
}

/**
 * Photos of work orders in the GridFS bucket `photos` (lib/files.ts). A photo is uploaded
 * first, owned by its uploader, then attached to one order.
 */
export function createPhotoStore({ conn, clock }: { conn: Connection; clock: Clock }) {
  const files = createFileStore<PhotoMeta>({ conn, clock, bucket: 'photos' });

  return {
    /** Stores the bytes of a checked image; answers its id. */
    save(bytes: Buffer, type: ImageType, owner: { id: string; role: Role }): Promise<string> {
      return files.save(bytes, type, { ownerId: owner.id, ownerRole: owner.role, orderId: null });
    },

    /** The stored photo's facts, or null. */
    find: (id: string) => files.find(id),

    /**
     * Attaches the owner's photos to an order. Each must exist, be hers and be free (or already
     * this order's: a retried submission); otherwise nothing is attached and the answer is false.
     */
    async attach(ids: readonly string[], ownerId: string, orderId: string): Promise<boolean> {
      const found = await Promise.all(ids.map((id) => files.find(id)));
      const ok = found.every((f) => f && f.meta.ownerId === ownerId && (f.meta.orderId ?? orderId) === orderId);
      if (!ok) return false;
      for (const id of ids) await files.update(id, { orderId });
      return true;
    },

    /** The photo's bytes, as a stream. */
    open: (id: string) => files.open(id),
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
