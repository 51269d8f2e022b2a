import { describe, expect, it } from 'vitest';
import { clock, slaBadge } from './sla';

const created = Date.parse('2026-03-01T08:00:00.000Z');
const item = (over: Partial<Parameters<typeof slaBadge>[0]> = {}) => ({
  status: 'waiting' as const,
  createdAt: new Date(created).toISOString(),
  firstResponseAt: null,
  firstResponseDueAt: new Date(created + 10 * 60_000).toISOString(),
  resolutionDueAt: new Date(created + 60 * 60_000).toISOString(),
  slaPausedAt: null,
  ...over,
});

describe('slaBadge', () => {
  it('is green with the time left early in the window', () => {
    expect(slaBadge(item(), created + 60_000)).toEqual({ level: 'ok', text: '首次响应剩 9:00' });
  });

  it('turns amber, and says so in words, when a third of the window is left', () => {
    const badge = slaBadge(item(), created + 7 * 60_000 + 30_000);
    expect(badge.level).toBe('soon');
    expect(badge.text).toBe('首次响应剩 2:30，快到了');
  });

  it('turns red and counts up once the deadline passed', () => {
    expect(slaBadge(item(), created + 11 * 60_000 + 5000)).toEqual({ level: 'late', text: '首次响应已超时 1:05' });
  });

  it('follows the resolution deadline after the first response', () => {
    const badge = slaBadge(item({ status: 'in_progress', firstResponseAt: new Date(created).toISOString() }), created);
    expect(badge).toEqual({ level: 'ok', text: '解决剩 1:00:00' });
  });

  it('stands still while paused, however late it gets', () => {
    const paused = item({
      status: 'waiting_on_resident',
      firstResponseAt: new Date(created).toISOString(),
      slaPausedAt: new Date(created + 50 * 60_000).toISOString(),
    });
    expect(slaBadge(paused, created + 5 * 3600_000)).toEqual({
      level: 'paused',
      text: '已暂停（等居民回复），解决剩 10:00',
    });
  });

  it('formats hours', () => {
    expect(clock(3_725_000)).toBe('1:02:05');
  });
});
