import { describe, expect, it } from 'vitest';
import type { AssessmentFigures } from '@bianmin/shared';
import { beijingAt } from './Notices';
import { changeText, rateText, scoreText } from './Units';

const rate = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });
const figures = (score: number | null): AssessmentFigures => ({
  orders: 3,
  contactOnTime: rate(2, 3),
  arrivalOnTime: rate(0, 0),
  completionOnTime: rate(3, 3),
  returned: rate(0, 3),
  returnedAtCheck: rate(1, 3),
  satisfaction: rate(1, 1),
  score,
});

describe('unit scores in words', () => {
  it('says each rate to two decimals with both numbers, and a dash when nothing was measured', () => {
    expect(rateText(rate(18, 20))).toBe('90.00%（18/20）');
    expect(rateText(rate(1997, 2000))).toBe('99.85%（1997/2000）');
    expect(rateText(rate(0, 0))).toBe('—');
    expect(scoreText(86.4)).toBe('86 分');
    expect(scoreText(null)).toBe('暂无');
  });

  it('compares this period with the previous one in words', () => {
    expect(changeText(figures(90), figures(80))).toBe('比上期高 10 分');
    expect(changeText(figures(70), figures(80))).toBe('比上期低 10 分');
    expect(changeText(figures(80.2), figures(79.8))).toBe('与上期持平（80 分）');
    expect(changeText(figures(80), figures(null))).toBe('上期 暂无');
  });
});

describe('a notice window in Beijing time', () => {
  it('is the chosen hour of the Beijing day, wherever the phone is', () => {
    // 23:30 in Beijing on 5 January is still 5 January there
    const now = new Date('2026-01-05T15:30:00.000Z');
    expect(beijingAt(0, 9, now)).toBe('2026-01-05T01:00:00.000Z');
    expect(beijingAt(1, 17, now)).toBe('2026-01-06T09:00:00.000Z');
  });
});
