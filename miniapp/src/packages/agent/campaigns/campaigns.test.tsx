import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign, CampaignList, StaffRole } from '@bianmin/shared';
import { SessionProvider } from '../../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../../test/fake-bff';
import { navigateTo, request } from '../../../test/taro';
import { agentSession } from '../services';
import CampaignsPage from '.';
import { periodWords, quickPeriods } from './words';
import { signInStaff } from '../../../test/staff';

const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'a'.repeat(24),
  name: '改管专题',
  scope: { kind: 'business', business: 'pipe_change' },
  scopeText: '业务类型：改管',
  from: '2026-06-01',
  to: '2026-06-30',
  state: 'active',
  tasks: 40,
  done: 15,
  createdAt: '2026-06-01T01:00:00.000Z',
  createdBy: '赵班长',
  endedAt: null,
  ...over,
});

interface Sent {
  method: string;
  path: string;
  data: unknown;
}

function fakeBff(items: Campaign[]) {
  const sent: Sent[] = [];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const path = String(raw.url)
      .replace(/^https?:\/\/[^/]+/, '')
      .split('?')[0];
    const method = String(raw.method);
    sent.push({ method, path: path ?? '', data: raw.data });
    const ok = (data: unknown, statusCode = 200) => Promise.resolve({ statusCode, data });
    if (path === '/api/agent/followups/campaigns' && method === 'GET') {
      const list: CampaignList = { items, total: items.length, teams: ['营业1所'], districts: ['东城区'] };
      return ok(list);
    }
    if (path === '/api/agent/followups/campaigns' && method === 'POST') {
      const body = raw.data as { name: string };
      const made = campaign({ id: 'b'.repeat(24), name: body.name, tasks: 12, done: 0 });
      items.unshift(made);
      return ok(made, 201);
    }
    const end = /^\/api\/agent\/followups\/campaigns\/(\w+)\/end$/.exec(path ?? '')?.[1];
    if (end && method === 'POST') {
      const c = items.find((i) => i.id === end);
      if (c) c.state = 'ended';
      return ok(c);
    }
    return Promise.resolve({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有这个接口。' } } });
  });
  return { sent, posts: () => sent.filter((s) => s.method === 'POST') };
}

function signIn(role: StaffRole = 'supervisor') {
  signInStaff({ username: 'super01', displayName: '赵班长', role });
}

function renderPage() {
  const { session } = createTestSession(createFakeBff());
  return render(
    <SessionProvider store={session}>
      <CampaignsPage />
    </SessionProvider>,
  );
}

describe('专题回访', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    request.mockReset();
    navigateTo.mockClear();
    agentSession.signOut();
  });

  it('lists the campaigns with their counts and opens the desk on one', async () => {
    fakeBff([campaign()]);
    renderPage();
    const card = await screen.findByRole('group', { name: '改管专题' });
    expect(within(card).getByText('改管专题 · 进行中')).toBeTruthy();
    expect(within(card).getByText('业务类型：改管 · 2026年6月1日至6月30日（30 天）')).toBeTruthy();
    expect(within(card).getByText('回访 40 条，已回访 15 条，还剩 25 条')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: '看回访' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/agent/followups/index?campaign=${'a'.repeat(24)}` });
  });

  it('starts one from name, 班组 and a period, saying what is missing first', async () => {
    const { posts } = fakeBff([]);
    renderPage();
    await screen.findByText('还没有专题回访。');
    fireEvent.click(screen.getByRole('button', { name: '开始专题回访' }));
    expect(await screen.findByText('请写专题名称')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('专题名称'), { target: { value: '营业1所回访' } });
    fireEvent.click(screen.getByRole('button', { name: '班组' }));
    fireEvent.click(screen.getByRole('button', { name: '开始专题回访' }));
    expect(await screen.findByText('请选班组')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '营业1所' }));
    fireEvent.click(screen.getByRole('button', { name: '上月' }));
    fireEvent.click(screen.getByRole('button', { name: '开始专题回访' }));
    expect(await screen.findByText('已开始「营业1所回访」：12 条要回访。')).toBeTruthy();
    const last = quickPeriods(Date.now())[1];
    expect(posts().map((p) => p.data)).toEqual([
      { name: '营业1所回访', scope: { kind: 'team', team: '营业1所' }, from: last?.from, to: last?.to },
    ]);
    expect(await screen.findByRole('group', { name: '营业1所回访' })).toBeTruthy();
  });

  it('ends a campaign on a second, plainly worded press', async () => {
    const { posts } = fakeBff([campaign()]);
    renderPage();
    const card = await screen.findByRole('group', { name: '改管专题' });
    fireEvent.click(within(card).getByRole('button', { name: '结束专题' }));
    expect(posts()).toEqual([]);
    fireEvent.click(within(card).getByRole('button', { name: '确认结束' }));
    expect(await screen.findByText('已结束「改管专题」。')).toBeTruthy();
    expect(posts().map((p) => p.path)).toEqual([`/api/agent/followups/campaigns/${'a'.repeat(24)}/end`]);
    await waitFor(() => expect(within(card).getByText('改管专题 · 已结束')).toBeTruthy());
    expect(within(card).queryByRole('button', { name: '结束专题' })).toBeNull();
  });

  it('is the supervisor’s: follow-up staff read why', async () => {
    signIn('followup');
    fakeBff([]);
    renderPage();
    expect(await screen.findByText('专题回访由班长开始和结束。')).toBeTruthy();
  });

  it('says a period in words', () => {
    expect(periodWords('2025-12-20', '2026-01-05')).toBe('2025年12月20日至2026年1月5日（17 天）');
  });
});
