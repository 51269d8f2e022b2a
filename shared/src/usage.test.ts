import { describe, expect, it } from 'vitest';
import { tieredFen, usageOf, usageTiers, usageText } from './usage';

describe('阶梯 usage from an amount', () => {
  it('finds the quantity whose tiered price is the amount, and the tier it reached', () => {
    // 240 度 at 0.4883 元 = 117.19 元: the top of the first tier
    expect(usageOf('power', 11_719)).toEqual({ quantity: 240, unit: 'kWh', tier: 1 });
    // 300 度: 240 at 0.4883 and 60 at 0.5383 = 149.49 元
    expect(usageOf('power', 14_949)).toEqual({ quantity: 300, unit: 'kWh', tier: 2 });
    // 500 度 reaches the third tier
    expect(
      usageOf('power', Math.round(tieredFen(usageTiers.power ?? { unit: 'kWh', bounds: [], prices: [] }, 500))),
    ).toEqual({
      quantity: 500,
      unit: 'kWh',
      tier: 3,
    });
    expect(usageOf('water', 5000)).toEqual({ quantity: 10, unit: 'm3', tier: 1 });
  });

  it('has none for what is billed by plan', () => {
    expect(usageOf('telecom', 5800)).toBeNull();
    expect(usageOf('cable', 2650)).toBeNull();
  });

  it('says it as a resident would', () => {
    expect(usageText('power', { quantity: 230.5, unit: 'kWh', tier: 1 })).toBe('用电 230.5 度，第一档');
    expect(usageText('gas', { quantity: 31, unit: 'm3', tier: 2 })).toBe('用气 31 立方米，第二档');
  });
});
