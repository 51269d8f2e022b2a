import type { Readable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import type { Role } from '@bianmin/shared';
import type { Clock } from '../../lib/clock';

/** The image types accepted, recognised by their first bytes (never by a name or a header). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type of `bytes`, or null when they are not a JPEG, PNG or WebP image. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, text: string) =>
    Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).every((c, i) => at(from + i) === c);
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}

/** What a stored photo carries: who uploaded it and, once attached, the order it belongs to. */
export interface PhotoMeta {
  ownerId: string;
  ownerRole: Role;
  orderId: string | null;
}

interface PhotoFile {
  _id: Types.ObjectId;
  length: number;
  contentType?: string;
  metadata?: PhotoMeta;
}

const BUCKET = 'photos';

/**
 * Photos of work orders in GridFS, through the mongoose connection (FerretDB 1.24 serves it:
 * the driver's bucket writes `photos.files` and `photos.chunks`, with their unique chunk index).
 * A photo is uploaded first, owned by its uploader, then attached to one order.
 */
export function createPhotoStore({ conn, clock }: { conn: Connection; clock: Clock }) {
  const db = () => {
    if (!conn.db) throw new Error('the database connection is not open');
    return conn.db;
  };
  const bucket = () => new mongoose.mongo.GridFSBucket(db(), { bucketName: BUCKET, chunkSizeBytes: 255 * 1024 });
  const files = () => db().collection<PhotoFile>(`${BUCKET}.files`);

  return {
    /** Stores the bytes of a checked image; answers its id. */
    async save(bytes: Buffer, type: ImageType, owner: { id: string; role: Role }): Promise<string> {
      const metadata: PhotoMeta = { ownerId: owner.id, ownerRole: owner.role, orderId: null };
      return new Promise<string>((resolve, reject) => {
        const upload = bucket().openUploadStream(`${clock.now().toISOString()}.${type.slice(6)}`, {
          metadata: { ...metadata, contentType: type },
        });
        upload.once('error', reject).once('finish', () => resolve(String(upload.id)));
        upload.end(bytes);
      });
    },

    /** The stored photo's facts, or null. */
    async find(id: string): Promise<{ size: number; contentType: string; meta: PhotoMeta } | null> {
      if (!Types.ObjectId.isValid(id)) return null;
      const file = await files().findOne({ _id: new Types.ObjectId(id) });
      if (!file?.metadata) return null;
      const meta = file.metadata as PhotoMeta & { contentType?: string };
      return { size: file.length, contentType: meta.contentType ?? 'application/octet-stream', meta };
    },

    /**
     * Attaches the owner's photos to an order. Each must exist, be hers and be free (or already
     * this order's: a retried submission); otherwise nothing is attached and the answer is false.
     */
    async attach(ids: readonly string[], ownerId: string, orderId: string): Promise<boolean> {
      const found = await Promise.all(ids.map((id) => this.find(id)));
      const ok = found.every((f) => f && f.meta.ownerId === ownerId && (f.meta.orderId ?? orderId) === orderId);
      if (!ok) return false;
      for (const id of ids) {
        await files().updateOne({ _id: new Types.ObjectId(id) }, { $set: { 'metadata.orderId': orderId } });
      }
      return true;
    },

    /** The photo's bytes, as a stream. */
    open(id: string): Readable {
      return bucket().openDownloadStream(new Types.ObjectId(id));
    },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
