/** The time source. Injected everywhere time matters, so expiry and SLA code is testable without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock tests move by hand. */
export function createManualClock(start: Date | string = '2026-01-05T02:00:00.000Z'): Clock & {
  set(to: Date | string): void;
  advance(ms: number): void;
} {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * A gate for work done at most once every `ms` of a clock's time (a tick's slower chores): true
 * the first time and whenever `ms` have passed since it last said true.
 */
export function atMostEvery(ms: number): (now: Date) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (now) => {
    if (now.getTime() - last < ms) return false;
    last = now.getTime();
    return true;
  };
}
