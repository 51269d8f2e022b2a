import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowupPage, FollowupTask, StaffRole } from '@bianmin/shared';
import { SessionProvider } from '../../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../../test/fake-bff';
import { makePhoneCall, request } from '../../../test/taro';
import { agentSession } from '../services';
import FollowupDeskPage, { PAGE_SIZE } from '.';
import { signInStaff } from '../../../test/staff';

const DAY = 86_400_000;

/** Task `n`: a 改管 of 燃气东城抢修班 served `n + 1` days ago, due in 13 − n days. */
function task(n: number, over: Partial<FollowupTask> = {}): FollowupTask {
  const now = Date.now();
  return {
    id: String(n).padStart(24, '0'),
    source: 'workorder',
    sourceRef: `GD2601050000${n}`,
    sourceId: 'b'.repeat(24),
    business: 'pipe_change',
    reason: 'always',
    team: '燃气东城抢修班',
    utility: 'gas',
    district: '东城区',
    servedAt: new Date(now - (n + 1) * DAY - 60_000).toISOString(),
    dueAt: new Date(now + (13 - n) * DAY + 60_000).toISOString(),
    overdue: false,
    residentName: `张*${n}`,
    phone: `1370000${String(n).padStart(4, '0')}`,
    summary: '改好了燃气管',
    campaign: null,
    result: null,
    ...over,
  };
}

interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  data: unknown;
}

/**
 * The follow-up endpoints over `tasks` (due order): the list paged as the BFF pages it, a record
 * once (a second record of the same task is the BFF's 409).
 */
function fakeBff(
  tasks: FollowupTask[],
  options: { total?: number; recordedElsewhere?: string[]; campaigns?: Array<{ id: string; name: string }> } = {},
) {
  const sent: Sent[] = [];
  const recorded = new Set(options.recordedElsewhere);
  const open = [...tasks];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const [path = '', search = ''] = String(raw.url)
      .replace(/^https?:\/\/[^/]+/, '')
      .split('?');
    const query = new URLSearchParams(search);
    const method = String(raw.method);
    sent.push({ method, path, query, data: raw.data });
    const ok = (data: unknown) => Promise.resolve({ statusCode: 200, data });
    if (path === '/api/agent/followups/campaigns' && options.campaigns) {
      const items = options.campaigns.map((c) => ({
        ...c,
        scope: { kind: 'business', business: 'pipe_change' },
        scopeText: '业务类型：改管',
        from: '2026-06-01',
        to: '2026-06-30',
        state: 'active',
        tasks: 1,
        done: 0,
        createdAt: new Date().toISOString(),
        createdBy: '赵班长',
        endedAt: null,
      }));
      return ok({ items, total: items.length, teams: [], districts: [] });
    }
    if (path === '/api/agent/followups' && method === 'GET') {
      const page = Number(query.get('page') ?? 1);
      const size = Number(query.get('pageSize') ?? 20);
      const answer: FollowupPage = {
        serverTime: new Date().toISOString(),
        items: open.slice((page - 1) * size, page * size),
        page,
        pageSize: size,
        total: options.total ?? open.length,
        teams: ['燃气东城抢修班', '营业1所'],
      };
      return ok(answer);
    }
    const id = /^\/api\/agent\/followups\/(\w+)$/.exec(path)?.[1];
    if (id && method === 'POST') {
      if (recorded.has(id)) {
        // the BFF lists it no more
        open.splice(0, open.length, ...open.filter((t) => t.id !== id));
        return Promise.resolve({
          statusCode: 409,
          data: { error: { code: 'FOLLOWUP_DONE', message: '这条回访已经记录过了。' } },
        });
      }
      recorded.add(id);
      const at = open.findIndex((t) => t.id === id);
      const [done] = open.splice(at, 1);
      return ok({
        ...done,
        result: {
          onTime: true,
          level: (raw.data as { level: string }).level,
          noRating: null,
          suggestion: null,
          complaintOrder: (raw.data as { complaint?: unknown }).complaint
            ? { id: 'c'.repeat(24), no: 'GD26010599999999' }
            : null,
          at: new Date().toISOString(),
          by: { id: 'e'.repeat(24), displayName: '孙丽娟' },
        },
      });
    }
    return Promise.resolve({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有这个接口。' } } });
  });
  return { sent, records: () => sent.filter((s) => s.method === 'POST') };
}

function signIn(role: StaffRole = 'followup') {
  signInStaff({ username: 'followup01', displayName: '孙丽娟', role });
}

function renderDesk() {
  const { session } = createTestSession(createFakeBff());
  return render(
    <SessionProvider store={session}>
      <FollowupDeskPage />
    </SessionProvider>,
  );
}

/** The card of task `n`. */
const card = (n: number) => screen.getByRole('group', { name: `改管 · 燃气东城抢修班 · 张*${n}` });

describe('回访台', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    request.mockReset();
    makePhoneCall.mockClear();
    agentSession.signOut();
  });

  it('shows the due list with business, team, masked name, age and 打电话, and says its total and page', async () => {
    fakeBff([task(0), task(1)], { total: 1198 });
    renderDesk();
    expect(await screen.findByText('共 1 198 条，第 1 页（共 60 页）')).toBeTruthy();
    const first = card(0);
    expect(within(first).getByText(/张\*0 · 东城区 · 1 天前办理 · 还有 13 天到期/)).toBeTruthy();
    fireEvent.click(within(first).getByRole('button', { name: '打电话 13700000000' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13700000000' });
  });

  it('pages with 下一页 and 上一页, never cutting the list short', async () => {
    const tasks = Array.from({ length: PAGE_SIZE + 3 }, (_, i) => task(i));
    const { sent } = fakeBff(tasks);
    renderDesk();
    expect(await screen.findByText('共 23 条，第 1 页（共 2 页）')).toBeTruthy();
    expect(screen.getAllByRole('group', { name: /^改管/ })).toHaveLength(PAGE_SIZE);
    expect(screen.queryByRole('button', { name: '上一页' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    expect(await screen.findByText('共 23 条，第 2 页（共 2 页）')).toBeTruthy();
    expect(screen.getAllByRole('group', { name: /^改管/ })).toHaveLength(3);
    expect(sent.at(-1)?.query.get('page')).toBe('2');
    expect(screen.queryByRole('button', { name: '下一页' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '上一页' }));
    expect(await screen.findByText('共 23 条，第 1 页（共 2 页）')).toBeTruthy();
  });

  it('filters by 班组 and 业务 from page 1', async () => {
    const { sent } = fakeBff([task(0)]);
    renderDesk();
    fireEvent.click(await screen.findByRole('button', { name: '筛选：全部班组 · 全部业务' }));
    fireEvent.click(await screen.findByRole('button', { name: '营业1所' }));
    await waitFor(() => expect(sent.at(-1)?.query.get('team')).toBe('营业1所'));
    fireEvent.click(screen.getByRole('button', { name: '抄表' }));
    await waitFor(() => expect(sent.at(-1)?.query.get('business')).toBe('meter'));
    expect(sent.at(-1)?.query.get('page')).toBe('1');
  });

  it('names each task’s 专题回访 and filters by campaign', async () => {
    const special = { id: 'c'.repeat(24), name: '改管专题' };
    const { sent } = fakeBff([task(0, { campaign: special }), task(1)], { campaigns: [special] });
    renderDesk();
    await screen.findByText('共 2 条，第 1 页（共 1 页）');
    expect(within(card(0)).getByText('专题回访：改管专题')).toBeTruthy();
    expect(within(card(1)).queryByText(/专题回访：/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '筛选：全部班组 · 全部业务' }));
    fireEvent.click(await screen.findByRole('button', { name: '改管专题' }));
    await waitFor(() => expect(sent.at(-1)?.query.get('campaign')).toBe(special.id));
    expect(screen.getByRole('button', { name: '收起筛选' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '收起筛选' }));
    expect(screen.getByRole('button', { name: '筛选：全部班组 · 全部业务 · 改管专题' })).toBeTruthy();
  });

  it('records in three taps (是, 良好, 记录): the body the API wants, the row leaves, the next is ready', async () => {
    const { records } = fakeBff([task(0), task(1), task(2)]);
    renderDesk();
    await screen.findByText('共 3 条，第 1 页（共 1 页）');
    const first = card(0);
    fireEvent.click(within(first).getByRole('button', { name: '是' }));
    fireEvent.click(within(first).getByRole('button', { name: '良好' }));
    fireEvent.click(within(first).getByRole('button', { name: '记录回访' }));
    expect(await screen.findByText('已记录：张*0，良好。')).toBeTruthy();
    expect(records().map((r) => [r.path, r.data])).toEqual([
      [`/api/agent/followups/${task(0).id}`, { level: 'good', onTime: true }],
    ]);
    await waitFor(() => expect(screen.queryByRole('group', { name: /张\*0$/ })).toBeNull());
    expect(screen.getByText('共 2 条，第 1 页（共 1 页）')).toBeTruthy();
    // the next one is open for recording
    expect(within(card(1)).getByRole('button', { name: '记录回访' })).toBeTruthy();
    expect(within(card(2)).queryByRole('button', { name: '记录回访' })).toBeNull();
  });

  it('records 未接通 in two taps and a heard complaint with its text and utility', async () => {
    const { records } = fakeBff([task(0), task(1, { utility: null, business: 'help', source: 'help' })]);
    renderDesk();
    await screen.findByText('共 2 条，第 1 页（共 1 页）');
    fireEvent.click(within(card(0)).getByRole('button', { name: '未接通' }));
    fireEvent.click(within(card(0)).getByRole('button', { name: '记录回访' }));
    await screen.findByText('已记录：张*0，未评价。');
    const help = await screen.findByRole('group', { name: '求助 · 燃气东城抢修班 · 张*1' });
    fireEvent.click(within(help).getByRole('button', { name: '否' }));
    fireEvent.click(within(help).getByRole('button', { name: '不合格' }));
    fireEvent.input(within(help).getByLabelText('建议'), { target: { value: '师傅要准时' } });
    fireEvent.click(within(help).getByRole('switch', { name: '听到投诉' }));
    fireEvent.input(within(help).getByLabelText('投诉内容'), { target: { value: '师傅迟到两小时' } });
    // a help request has no utility of its own: the complaint names one
    fireEvent.click(within(help).getByRole('button', { name: '记录回访' }));
    expect(await within(help).findByText('请选投诉的是哪项业务（供电、供水、燃气）。')).toBeTruthy();
    fireEvent.click(within(help).getByRole('button', { name: '燃气' }));
    fireEvent.click(within(help).getByRole('button', { name: '记录回访' }));
    expect(await screen.findByText('已记录：张*1，不合格；已转投诉工单 GD26010599999999。')).toBeTruthy();
    expect(records().map((r) => r.data)).toEqual([
      { level: 'none', noRating: 'unreachable' },
      {
        level: 'fail',
        onTime: false,
        suggestion: '师傅要准时',
        complaint: { text: '师傅迟到两小时', utility: 'gas' },
      },
    ]);
    expect(await screen.findByText('回访都做完了。')).toBeTruthy();
  });

  it('asks for what is missing before sending anything', async () => {
    const { records } = fakeBff([task(0)]);
    renderDesk();
    await screen.findByText('共 1 条，第 1 页（共 1 页）');
    fireEvent.click(within(card(0)).getByRole('button', { name: '记录回访' }));
    expect(await within(card(0)).findByText('请选一个评价')).toBeTruthy();
    fireEvent.click(within(card(0)).getByRole('button', { name: '优秀' }));
    fireEvent.click(within(card(0)).getByRole('button', { name: '记录回访' }));
    expect(await within(card(0)).findByText('请选是否按约服务')).toBeTruthy();
    expect(records()).toEqual([]);
  });

  it('says so when the list is empty', async () => {
    fakeBff([]);
    renderDesk();
    expect(await screen.findByText('回访都做完了。')).toBeTruthy();
    expect(screen.getByText('共 0 条，第 1 页（共 1 页）')).toBeTruthy();
  });

  it('shows the API’s message when the task was recorded already, and the row leaves', async () => {
    // a colleague recorded it a moment ago
    const { records } = fakeBff([task(0)], { recordedElsewhere: [task(0).id] });
    renderDesk();
    await screen.findByText('共 1 条，第 1 页（共 1 页）');
    fireEvent.click(within(card(0)).getByRole('button', { name: '是' }));
    fireEvent.click(within(card(0)).getByRole('button', { name: '一般' }));
    fireEvent.click(within(card(0)).getByRole('button', { name: '记录回访' }));
    expect((await screen.findByRole('alert')).textContent).toBe('这条回访已经记录过了。');
    expect(await screen.findByText('回访都做完了。')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('这条回访已经记录过了。');
    expect(records()).toHaveLength(1);
  });

  it('shows the API’s message when the list cannot be read', async () => {
    request.mockImplementation(() =>
      Promise.resolve({ statusCode: 503, data: { error: { code: 'DB_UNAVAILABLE', message: 'x' } } }),
    );
    renderDesk();
    expect((await screen.findByRole('alert')).textContent).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lets a supervisor read it without 打电话 (her phone numbers are masked)', async () => {
    signIn('supervisor');
    fakeBff([task(0, { phone: '137****0000' })]);
    renderDesk();
    await screen.findByText('共 1 条，第 1 页（共 1 页）');
    expect(within(card(0)).queryByRole('button', { name: /^打电话/ })).toBeNull();
    expect(within(card(0)).getByText('电话 137****0000')).toBeTruthy();
  });
});
