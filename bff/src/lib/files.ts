import type { Readable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import type { Clock } from './clock';

interface StoredFile<Meta> {
  _id: Types.ObjectId;
  length: number;
  metadata?: Meta & { contentType?: string };
}

/** A stored file's facts: its size, its checked type and what its owner feature keeps on it. */
export interface FileFacts<Meta> {
  size: number;
  contentType: string;
  meta: Meta;
}

/**
 * Uploaded files in a GridFS bucket, through the mongoose connection (FerretDB 1.24 serves it:
 * the driver's bucket writes `<bucket>.files` and `<bucket>.chunks`, with their unique chunk
 * index). Each file carries its checked content type and its feature's metadata (who may see it);
 * the feature decides who may read it.
 */
export function createFileStore<Meta extends object>({
  conn,
  clock,
  bucket: name,
}: {
  conn: Connection;
  clock: Clock;
  bucket: string;
}) {
  const db = () => {
    if (!conn.db) throw new Error('the database connection is not open');
    return conn.db;
  };
  const bucket = () => new mongoose.mongo.GridFSBucket(db(), { bucketName: name, chunkSizeBytes: 255 * 1024 });
  const files = () => db().collection<StoredFile<Meta>>(`${name}.files`);

  return {
    /** Stores the bytes of a checked file (`contentType` as their bytes said); answers its id. */
    async save(bytes: Buffer, contentType: string, meta: Meta): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        const upload = bucket().openUploadStream(`${clock.now().toISOString()}.${contentType.split('/')[1] ?? 'bin'}`, {
          metadata: { ...meta, contentType },
        });
        upload.once('error', reject).once('finish', () => resolve(String(upload.id)));
        upload.end(bytes);
      });
    },

    /** The stored file's facts, or null (also for an id that is no id). */
    async find(id: string): Promise<FileFacts<Meta> | null> {
      if (!Types.ObjectId.isValid(id)) return null;
      const file = await files().findOne({ _id: new Types.ObjectId(id) });
      if (!file?.metadata) return null;
      const meta = file.metadata;
      return { size: file.length, contentType: meta.contentType ?? 'application/octet-stream', meta };
    },

    /** Sets fields of a file's metadata. */
    async update(id: string, fields: Partial<Meta>): Promise<void> {
      const set = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`metadata.${k}`, v]));
      await files().updateOne({ _id: new Types.ObjectId(id) }, { $set: set });
    },

    /** Deletes a file and its chunks (one kept by mistake: its message was never posted). */
    async remove(id: string): Promise<void> {
      await bucket().delete(new Types.ObjectId(id));
    },

    /** The file's bytes, as a stream. */
    open(id: string): Readable {
      return bucket().openDownloadStream(new Types.ObjectId(id));
    },
  };
}

export type FileStore<Meta extends object> = ReturnType<typeof createFileStore<Meta>>;
