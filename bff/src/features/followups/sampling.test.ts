import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { loadConfig } from '../../config';
import { bulletinRanges, rateText, satisfaction, trendOf } from './bulletin';
import { DEFAULT_SHARES, followupReason, sharesProblem } from './sampling';

// 1 000 completions with ids as the database makes them (a second apart): fixed, so the test
// gives the same answer on every run, as the sampling does for each record
const ids = Array.from({ length: 1000 }, (_, i) => Types.ObjectId.createFromTime(1_767_225_600 + i).toHexString());

describe('sampling per business type', () => {
  it('follows up every 改管, 维修, 急修 and 投诉 of 1 000 completions', () => {
    for (const business of ['pipe_change', 'repair', 'emergency_repair', 'complaint'] as const)
      expect(ids.every((id) => followupReason(DEFAULT_SHARES, business, id) === 'always')).toBe(true);
  });

  it('samples 营业 and 抄表 within ±3 points of their share, and a configured share too', () => {
    for (const business of ['counter', 'meter'] as const) {
      const share = ids.filter((id) => followupReason(DEFAULT_SHARES, business, id) === 'sampled').length / ids.length;
      expect(Math.abs(share - 0.2)).toBeLessThanOrEqual(0.03);
    }
    const shares = { ...DEFAULT_SHARES, counter: 0.15, default: 0.3 };
    const counter = ids.filter((id) => followupReason(shares, 'counter', id)).length / ids.length;
    const other = ids.filter((id) => followupReason(shares, 'safety_check', id)).length / ids.length;
    expect(Math.abs(counter - 0.15)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(other - 0.3)).toBeLessThanOrEqual(0.03);
  });

  it('samples the same record the same way every time', () => {
    const first = ids.map((id) => followupReason(DEFAULT_SHARES, 'counter', id));
    expect(ids.map((id) => followupReason({ ...DEFAULT_SHARES }, 'counter', id))).toEqual(first);
  });

  it('refuses routine shares outside 15–30% and shares outside 0..1 at start', () => {
    expect(sharesProblem({ counter: 0.1 })).toContain('routine');
    expect(sharesProblem({ meter: 0.31 })).toContain('routine');
    expect(sharesProblem({ default: 1.2 })).toContain('between 0 and 1');
    expect(sharesProblem({ counter: 0.3, repair: 0.5 })).toBeNull();
    expect(() => loadConfig({ FOLLOWUP_SHARES_JSON: '{"counter":0.05}' })).toThrow(/FOLLOWUP_SHARES_JSON/);
    expect(() => loadConfig({ FOLLOWUP_SHARES_JSON: '{"nonsense":0.5}' })).toThrow(/FOLLOWUP_SHARES_JSON/);
    expect(loadConfig({ FOLLOWUP_SHARES_JSON: '{"counter":0.25}' }).followups.shares.counter).toBe(0.25);
  });
});

describe('the 回访简报 figures', () => {
  it('computes 满意率 = 1 − (一般+合格+不合格)/回访户数, 未评价 counted as not dissatisfied', () => {
    const counts = { excellent: 42, good: 2427, fair: 4, pass: 0, fail: 0, none: 306 };
    expect(rateText(satisfaction(2779, counts))).toBe('99.86%');
    expect(rateText(satisfaction(2775, counts))).toBe('99.86%');
    expect(satisfaction(0, counts)).toBeNull();
    expect(rateText(null)).toBe('—');
  });

  it('says 有所提高 from 0.05 points up, 有所下降 from 0.05 down, 继续保持 between', () => {
    expect(trendOf(0.9986, 0.9939)).toBe('up');
    expect(trendOf(0.999, 0.9985)).toBe('up');
    expect(trendOf(0.9989, 0.9985)).toBe('same');
    expect(trendOf(1, 1)).toBe('same');
    expect(trendOf(0.9981, 0.9985)).toBe('same');
    expect(trendOf(0.998, 0.9985)).toBe('down');
    expect(trendOf(0.99, null)).toBe('none');
  });

  it('compares with the same period a year before, in Beijing calendar terms', () => {
    expect(bulletinRanges('year', '2009-06-15')).toMatchObject({
      current: { from: '2009-01-01', to: '2009-12-31' },
      lastYear: { from: '2008-01-01', to: '2008-12-31' },
    });
    expect(bulletinRanges('quarter', '2009-05-02')).toMatchObject({
      current: { from: '2009-04-01', to: '2009-06-30' },
      lastYear: { from: '2008-04-01', to: '2008-06-30' },
    });
    expect(bulletinRanges('month', '2009-02-10').lastYear).toMatchObject({ from: '2008-02-01', to: '2008-02-29' });
    const week = bulletinRanges('week', '2009-06-17');
    expect(week.current).toMatchObject({ from: '2009-06-15', to: '2009-06-21' });
    expect(week.lastYear).toMatchObject({ from: '2008-06-16', to: '2008-06-22' });
  });
});
