import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app';
import { systemClock } from '../clock';
import { createEventStore } from './store';

/**
 * The events collection under load from two instances at once: FerretDB does not apply the
 * counter's `$inc` atomically, so numbers collide; every event must still be stored once, under a
 * number of its own, and read back in order by number.
 */
describe('event store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores 400 events appended at once by two instances, each once, under distinct numbers, read back in order', async () => {
    const a = createEventStore({ models: t.models, clock: systemClock });
    const b = createEventStore({ models: t.models, clock: systemClock });
    const appends = Array.from({ length: 400 }, (_, i) =>
      (i % 2 === 0 ? a : b).append({ type: 'test', helpId: `h${i}`, staff: { i } }).then((seq) => ({ i, seq })),
    );
    const written = await Promise.all(appends);
    expect(new Set(written.map((w) => w.seq)).size).toBe(400);

    const read = [];
    for (let after = 0; ;) {
      const batch = await a.readAfter(after);
      if (batch.length === 0) break;
      read.push(...batch);
      after = batch.at(-1)?.seq ?? after;
    }
    expect(read.map((e) => e.seq)).toEqual([...read.map((e) => e.seq)].sort((x, y) => x - y));
    expect(read.map((e) => (e.staff as { i: number }).i).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 400 }, (_, i) => i),
    );
    for (const w of written) expect(read.find((e) => e.seq === w.seq)?.helpId).toBe(`h${w.i}`);
  });

  it('still reads events written past the counter, as a lost $inc leaves them', async () => {
    const store = createEventStore({ models: t.models, clock: systemClock });
    const before = (await t.models.Sequence.findById('events').lean())?.value ?? 0;
    const seqs = await Promise.all([1, 2, 3].map((i) => store.append({ type: 'late', staff: { i } })));
    // the counter as an increment lost to a concurrent one would leave it
    await t.models.Sequence.updateOne({ _id: 'events' }, { $set: { value: before } });
    // read by another instance, which has none of them in memory
    const read = await createEventStore({ models: t.models, clock: systemClock }).readAfter(before);
    expect(read.map((e) => e.seq)).toEqual(seqs.sort((x, y) => x - y));
  });
});
