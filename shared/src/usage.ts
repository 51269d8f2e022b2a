import type { Utility } from './enums';

/**
 * 阶梯价 (tiered prices) of the utilities that bill by what was used, as Beijing sets them for
 * households: each tier's upper bound per month (the yearly bounds divided by twelve) and its
 * price in fen per unit. Telecom, cable and post bill a plan, not a quantity.
 */
export interface UsageTiers {
  unit: 'kWh' | 'm3';
  /** Upper bound of each tier but the last, per month, in units. */
  bounds: readonly number[];
  /** Fen per unit of each tier (may have fractions of a fen: 48.83 is 0.4883 元). */
  prices: readonly number[];
}

export const usageTiers: Partial<Record<Utility, UsageTiers>> = {
  // 电 2 880 / 4 800 度 a year: 0.4883, 0.5383, 0.7883 元/度
  power: { unit: 'kWh', bounds: [240, 400], prices: [48.83, 53.83, 78.83] },
  // 水 180 / 260 立方米 a year: 5, 7, 9 元/立方米
  water: { unit: 'm3', bounds: [15, 260 / 12], prices: [500, 700, 900] },
  // 燃气 350 / 500 立方米 a year: 2.61, 2.83, 4.23 元/立方米
  gas: { unit: 'm3', bounds: [350 / 12, 500 / 12], prices: [261, 283, 423] },
};

/** The unit as a resident says it. */
export const usageUnitLabels: Record<UsageTiers['unit'], string> = { kWh: '度', m3: '立方米' };

/** What a bill's amount bought: the quantity, its unit and the highest tier it reached (1–3). */
export interface BillUsageFigures {
  quantity: number;
  unit: UsageTiers['unit'];
  tier: number;
}

/** The amount of `quantity` units at the tiers, in fen (fractions kept). */
export function tieredFen(tiers: UsageTiers, quantity: number): number {
  let fen = 0;
  let from = 0;
  for (const [i, price] of tiers.prices.entries()) {
    const to = tiers.bounds[i] ?? Infinity;
    if (quantity <= from) break;
    fen += (Math.min(quantity, to) - from) * price;
    from = to;
  }
  return fen;
}

/**
 * The usage behind an amount at the utility's tiers (the inverse of {@link tieredFen}), to one
 * decimal; null for a utility billed by plan.
 */
export function usageOf(utility: Utility, amountFen: number): BillUsageFigures | null {
  const tiers = usageTiers[utility];
  if (!tiers) return null;
  let from = 0;
  let fenBefore = 0;
  for (const [i, price] of tiers.prices.entries()) {
    const to = tiers.bounds[i] ?? Infinity;
    const fenAtTop = fenBefore + (to - from) * price;
    if (amountFen <= fenAtTop) {
      const quantity = Math.round((from + (amountFen - fenBefore) / price) * 10) / 10;
      return { quantity, unit: tiers.unit, tier: i + 1 };
    }
    fenBefore = fenAtTop;
    from = to;
  }
  return null;
}

/** 「用电 230.5 度，第一档」. */
export function usageText(utility: Utility, usage: BillUsageFigures): string {
  const verb = utility === 'power' ? '用电' : utility === 'water' ? '用水' : '用气';
  const tier = ['第一档', '第二档', '第三档'][usage.tier - 1] ?? `第${usage.tier}档`;
  return `${verb} ${usage.quantity} ${usageUnitLabels[usage.unit]}，${tier}`;
}
