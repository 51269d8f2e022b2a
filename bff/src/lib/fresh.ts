/**
 * A value read at most once every `maxAgeMs` and shared meanwhile: one read at a time, on the
 * process's own monotonic clock (not the business clock). A failed read is forgotten at once,
 * so the next caller reads again.
 */
export function freshCopy<T>(maxAgeMs: number, read: () => Promise<T>) {
  let copy: { readAt: number; value: Promise<T> } | null = null;
  return {
    get(): Promise<T> {
      const now = performance.now();
      if (!copy || now - copy.readAt >= maxAgeMs) {
        const current = { readAt: now, value: read() };
        copy = current;
        current.value.catch(() => {
          if (copy === current) copy = null;
        });
      }
      return copy.value;
    },
    /** Applies a change made here to the copy, if there is one, without reading again. */
    update(change: (value: T) => T): void {
      if (copy) copy.value = copy.value.then(change);
    },
    /** Forgets the copy: the next `get` reads again. */
    drop(): void {
      copy = null;
    },
  };
}
