/**
 * A small seeded random source for the demo history (mulberry32): the same day always gets the
 * same requests and orders, so a re-run adds nothing twice and tests can count on the shape.
 */
export interface Dice {
  /** 0 ≤ x < 1. */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** Whether an event of probability `p` happened. */
  chance(p: number): boolean;
  /** One of the keys, drawn by weight. */
  weighted<K extends string>(weights: Record<K, number>): K;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
  /** A positive duration around `median` with a long tail (log-normal, spread `sigma`). */
  around(median: number, sigma: number): number;
}

/** A 32-bit hash of a text, as the seed of its dice. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function dice(seed: string): Dice {
  let a = hash(seed);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const self: Dice = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    weighted(weights) {
      const entries = Object.entries(weights) as Array<[keyof typeof weights, number]>;
      let r = next() * entries.reduce((n, [, w]) => n + w, 0);
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return (entries[entries.length - 1] as [keyof typeof weights, number])[0];
    },
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    around(median, sigma) {
      // Box–Muller: a normal draw, exponentiated
      const u = Math.max(next(), 1e-9);
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
  };
  return self;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];

/** A resident of the demo history as staff see one: 「王女士」. */
export function residentName(d: Dice): string {
  return `${d.pick(SURNAMES)}${d.chance(0.5) ? '女士' : '先生'}`;
}
