import { describe, expect, it } from 'vitest';
import { percent, percentValue } from './figures';

describe('percent', () => {
  it('writes two decimals, so close rates read apart', () => {
    expect(percent(0.9986)).toBe('99.86%');
    expect(percent(0.9991)).toBe('99.91%');
    expect(percent(1)).toBe('100.00%');
    expect(percent(0)).toBe('0.00%');
    expect(percent(2 / 3)).toBe('66.67%');
  });

  it('writes a dash when nothing was measured', () => {
    expect(percent(null)).toBe('—');
    expect(percentValue(null)).toBeNull();
  });

  it('gives a chart the same figure as a number', () => {
    expect(percentValue(0.9986)).toBe(99.86);
    expect(percentValue(2 / 3)).toBe(66.67);
  });
});
