import { randomId } from '../lib/ids';
/**
 * Runs `query` once per distinct value and joins the answers: `field ∈ values` as plain
 * equalities. The embedded FerretDB sends only top-level equalities to its storage (PostgreSQL,
 * where an index serves them); an `$in`, `$or` or range makes it read the whole collection. So
 * hot paths that look up a handful of ids ask for each one, together; on MongoDB this is a few
 * indexed point reads instead of one. For long lists keep `$in`.
 */
export async function eachOf<V, T>(values: readonly V[], query: (value: V) => Promise<T[]>): Promise<T[]> {
  const distinct = [...new Map(values.map((v) => [String(v), v])).values()];
  return (await Promise.all(distinct.map(query))).flat();
}

/** Whether a write failed on a unique key already taken (MongoDB and FerretDB: code 11000). */
export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * The positions an unordered `insertMany` refused because their unique key was taken, or null
 * when anything else failed (each refused document names its own code and position).
 */
export function refusedAsTaken(err: unknown): Set<number> | null {
  const errors = (
    err as { writeErrors?: Array<{ index?: number; code?: number; err?: { index?: number; code?: number } }> }
  ).writeErrors;
  if (!errors?.every((e) => (e.code ?? e.err?.code) === 11000)) return null;
  return new Set(errors.map((e) => e.index ?? e.err?.index ?? -1));
}

/** A model's insert of many documents (mongoose's `insertMany`). */
interface InsertModel {
  insertMany(docs: unknown[], options: { ordered: false }): Promise<Array<{ _id: unknown }>>;
}

/**
 * Inserts `docs` `batch` at a time, leaving those whose unique key is taken (written before, or
 * by another instance at the same moment); any other failure is thrown. Answers the ids of the
 * documents written now.
 */
export async function insertNew(model: InsertModel, docs: readonly unknown[], batch = 2000): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < docs.length; i += batch) {
    const done = await model.insertMany(docs.slice(i, i + batch), { ordered: false }).catch((err: unknown) => {
      // ordered: false writes the rest and names them; a lone failure may come without the list
      const taken = (err as { writeErrors?: unknown }).writeErrors ? refusedAsTaken(err) : isDuplicateKey(err);
      if (!taken) throw err;
      return ((err as { insertedDocs?: unknown }).insertedDocs ?? []) as Array<{ _id: unknown }>;
    });
    for (const doc of done) inserted.add(String(doc._id));
  }
  return inserted;
}

/** Runs `fn` over `items`, `width` at a time (a backlog read without flooding the database). */
export async function inTurns<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

/** A sum collection's model: one whole document per what it sums (a day, a month). */
interface SumModel {
  replaceOne(filter: { _id: string }, doc: object, options: { upsert: boolean }): PromiseLike<unknown>;
}

/**
 * Writes the sum `_id` whole, creating it if it is the first. Answers false when two first sums
 * raced and the other was written (it is stale at worst: readers compare its token).
 */
export function putSum(model: SumModel, _id: string, doc: object): Promise<boolean> {
  return Promise.resolve(model.replaceOne({ _id }, doc, { upsert: true })).then(
    () => true,
    (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      return false;
    },
  );
}

/** A mark collection's model: documents keyed by what they mark, carrying a token. */
interface MarkModel {
  updateOne(filter: { _id: string }, update: object, options?: { upsert: boolean }): PromiseLike<unknown>;
}

/**
 * Gives the mark `_id` a new random token (with `fields`), creating it if it is the first: a
 * count taken under the old token is stale from now on. Not `$inc`: FerretDB loses parallel ones.
 */
export async function markAgain(model: MarkModel, _id: string, fields: Record<string, unknown>): Promise<void> {
  const set = { $set: { ...fields, token: randomId(12) } };
  try {
    await model.updateOne({ _id }, set, { upsert: true });
  } catch (err) {
    // two first marks at once: one inserted it, the other now updates it
    if (!isDuplicateKey(err)) throw err;
    await model.updateOne({ _id }, set);
  }
}
