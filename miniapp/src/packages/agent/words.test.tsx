import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  billStatusValues,
  helpAuditActionValues,
  helpCategoryValues,
  helpPriorityValues,
  helpStatusValues,
  pageNames,
  paymentStatusValues,
  presenceText,
  presenceValues,
  satisfactionValues,
  slaKindValues,
  utilityValues,
  type AgentHelpDetail,
  type AgentProfile,
  type HelpAuditEntry,
  type HelpStatus,
  type QueueItem,
} from '@bianmin/shared';
import { AgentDetail } from './AgentDetail';
import { QueueRow } from './QueueRow';

// The class of issue 12.9: whatever the BFF stores as a code (statuses, priorities, categories,
// audit actions and their from/to/detail, page paths, presence), staff read it in Chinese words.
// Everything rendered here, text and accessible names, is checked for Latin letters and paths.

/** A Latin letter: a code, an English word or a path (`/pages/…`). */
const CODE = /[A-Za-z]/;

const AT = '2026-03-01T08:00:00.000Z';
const me: AgentProfile = {
  id: 'agent-me',
  username: 'agent01',
  displayName: '王晓丽',
  role: 'agent',
  team: '综合服务组',
  grids: [],
  capacity: 5,
  load: 1,
  presence: 'online',
  connected: true,
  lastSeenAt: AT,
};
const colleague: AgentProfile = { ...me, id: 'agent-2', username: 'agent02', displayName: '刘强' };

function item(status: HelpStatus, over: Partial<QueueItem> = {}): QueueItem {
  return {
    id: `help-${status}`,
    rev: 1,
    category: null,
    priority: 'normal',
    status,
    textPreview: '电费多了',
    elder: true,
    danger: false,
    offeredTo: 'grid',
    gridId: 'dongcheng-1',
    gridUntil: AT,
    district: '东城区',
    residentName: '张*明',
    assignedAgent: status === 'waiting' ? null : { id: me.id, displayName: me.displayName },
    callback: null,
    createdAt: AT,
    firstResponseAt: null,
    firstResponseDueAt: AT,
    resolutionDueAt: AT,
    slaPausedAt: null,
    escalated: [...slaKindValues],
    returnedFrom: status === 'waiting' ? { displayName: '刘强', at: AT } : null,
    ...over,
  };
}

/** Audit entries for every action, with every value its from/to/detail can carry. */
function everyAuditEntry(): HelpAuditEntry[] {
  const entry = (action: string, from: string | null, to: string | null, detail: string | null): HelpAuditEntry => ({
    at: AT,
    actor: { kind: 'agent', id: me.id, name: me.displayName },
    action,
    from,
    to,
    detail,
  });
  const out: HelpAuditEntry[] = [];
  for (const action of helpAuditActionValues) out.push(entry(action, null, null, null));
  for (const from of helpStatusValues)
    for (const to of helpStatusValues) out.push(entry('status', from, to, to === 'resolved' ? '已退费' : null));
  for (const c of helpCategoryValues) out.push(entry('category', null, c, null), entry('created', null, 'waiting', c));
  for (const p of helpPriorityValues) out.push(entry('priority', 'normal', p, null));
  for (const k of slaKindValues) out.push(entry('escalated', null, null, k));
  for (const s of satisfactionValues) out.push(entry('survey', null, null, s));
  out.push(
    entry('transfer', '刘强', '王晓丽', '需要电费专员'),
    entry('reassign', '刘强', '王晓丽', '均衡'),
    entry('auto_assign', 'waiting', '王晓丽', null),
    entry('claim', 'waiting', '王晓丽', null),
    entry('offered_to_pool', 'dongcheng-1', null, null),
    entry('callback_task', null, null, '60'),
    entry('returned', '刘强', 'waiting', null),
  );
  for (const kind of ['resident', 'system', 'supervisor'] as const)
    out.push({ ...entry('note', null, null, null), actor: { kind, id: null, name: null } });
  return out;
}

function detail(status: HelpStatus, over: Partial<AgentHelpDetail> = {}): AgentHelpDetail {
  return {
    ...item(status),
    text: '我家电费怎么这么多',
    context: { page: '/pages/index/index', billId: 'b'.repeat(24), paymentId: 'c'.repeat(24) },
    location: null,
    resident: { name: '张*明', phone: '138****5678', elderMode: true },
    account: {
      utility: 'power',
      accountNo: '1000000001',
      holderName: '张*明',
      district: '东城区',
      gridId: 'dongcheng-1',
    },
    inView: {
      bill: { utility: 'power', period: '2026-02', amountFen: 12340, status: 'unpaid' },
      payment: { utility: 'power', amountFen: 12340, status: 'pending' },
      outlet: { name: '东城区供电营业厅' },
    },
    messages: [
      { id: 'm1', from: 'resident', authorName: null, text: '你好', at: AT },
      { id: 'm2', from: 'agent', authorName: '王晓丽', text: '您好', at: AT },
      { id: 'm3', from: 'system', authorName: null, text: '客服已经给您打过电话了。', at: AT },
    ],
    notes: [{ id: 'n1', author: { id: me.id, displayName: '王晓丽' }, text: '常来问', at: AT }],
    audit: everyAuditEntry(),
    resolutionSummary: status === 'resolved' || status === 'closed' ? '已退费' : null,
    resolvedAt: null,
    survey: { answered: true, onTime: true, satisfaction: 'good', suggestion: '很好' },
    notice: null,
    ...over,
  };
}

/** Every text and accessible name on screen that is not data someone typed. */
function shown(container: HTMLElement): string[] {
  const texts = [container.textContent];
  for (const el of container.querySelectorAll('[aria-label],[placeholder]')) {
    texts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '');
  }
  return texts;
}

function codesIn(container: HTMLElement): string[] {
  return shown(container).flatMap((t) => t.match(new RegExp(`.{0,12}(${CODE.source}).{0,12}`, 'g')) ?? []);
}

describe('the workbench speaks Chinese', () => {
  it('shows no code or path for any status, category, priority, audit action or page', () => {
    const variants: AgentHelpDetail[] = [];
    for (const status of helpStatusValues) {
      variants.push(detail(status));
      variants.push(
        detail(status, { callback: { phone: null, reason: 'timeout', since: AT } }),
        detail(status, { callback: { phone: '13700001234', reason: 'resident', since: AT } }),
      );
    }
    for (const page of [...Object.keys(pageNames).map((p) => `/${p}`), '/pages/new-page/index?x=1'])
      variants.push(detail('in_progress', { context: { page } }));
    for (const category of helpCategoryValues)
      for (const priority of helpPriorityValues) variants.push(detail('assigned', { category, priority }));
    for (const utility of utilityValues)
      for (const b of billStatusValues)
        for (const p of paymentStatusValues)
          variants.push(
            detail('assigned', {
              inView: {
                bill: { utility, period: '2026-01', amountFen: 100, status: b },
                payment: { utility, amountFen: 100, status: p },
                outlet: null,
              },
            }),
          );
    const found: string[] = [];
    for (const d of variants) {
      for (const supervisor of [false, true]) {
        const { container, unmount } = render(
          <AgentDetail
            detail={d}
            me={supervisor ? null : me}
            agents={[me, colleague]}
            now={Date.parse(AT)}
            supervisor={supervisor}
            onChange={() => undefined}
          />,
        );
        found.push(...codesIn(container));
        unmount();
      }
      const { container, unmount } = render(<QueueRow item={d} now={Date.parse(AT)} onOpen={() => undefined} />);
      found.push(...codesIn(container));
      unmount();
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it("tells the agent the current outage notice of the account's district in one sentence", () => {
    render(
      <AgentDetail
        detail={detail('in_progress', {
          notice: {
            id: 'd'.repeat(24),
            utility: 'power',
            kind: 'planned',
            status: 'scheduled',
            district: '东城区',
            streets: ['东华门街道'],
            title: '东城区计划停电',
            description: '线路检修。',
            startsAt: '2026-01-06T01:00:00.000Z',
            endsAt: '2026-01-06T09:00:00.000Z',
            whenText: '1月6日 09:00 至 17:00。',
            updatedAt: '2026-01-05T01:00:00.000Z',
          },
        })}
        me={me}
        agents={[]}
        now={Date.parse(AT)}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByText(/当地通知：东城区计划停电，1月6日 09:00 至 17:00。/)).toBeTruthy();
  });

  it('names the page the resident was on by its title, never its path', () => {
    render(
      <AgentDetail
        detail={detail('in_progress', { context: { page: '/packages/pay/history/index' } })}
        me={me}
        agents={[]}
        now={Date.parse(AT)}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByText('求助时在「缴费记录」页')).toBeTruthy();
  });

  it('tells every presence in words, 离开 when the workbench is not connected', () => {
    const words = presenceValues.flatMap((presence) =>
      [true, false].map((connected) => presenceText({ presence, connected })),
    );
    expect(words.filter((w) => CODE.test(w))).toEqual([]);
    expect(presenceText({ presence: 'online', connected: false })).toBe('离开');
    expect(presenceText({ presence: 'offline', connected: true })).toBe('下线');
  });

  it('says what is missing at the field when any action is pressed with its box empty', () => {
    render(
      <AgentDetail
        detail={detail('in_progress')}
        me={me}
        agents={[me, colleague]}
        now={Date.parse(AT)}
        onChange={() => undefined}
      />,
    );
    for (const [button, field, words] of [
      ['发送', '回复居民', '请写几个字'],
      ['添加内部备注', '内部备注（居民看不到）', '请写几个字'],
      ['办结', '处理结果（居民能看到）', '请写处理结果'],
      ['转交', '转交原因', '请先在上面选一位同事'],
    ] as const) {
      fireEvent.click(screen.getByRole('button', { name: button }));
      const alert = screen.getByText(`${field}：${words}`);
      expect(alert.getAttribute('role')).toBe('alert');
      // right under its own box
      expect(alert.previousElementSibling?.getAttribute('aria-label')).toBe(field);
    }
  });

  it('offers no 已接通 / 没接通 for a call-back task without a number, and asks the resident for one', () => {
    render(
      <AgentDetail
        detail={detail('assigned', { callback: { phone: null, reason: 'timeout', since: AT } })}
        me={me}
        agents={[]}
        now={Date.parse(AT)}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByRole('button', { name: '已接通' })).toBeNull();
    expect(screen.queryByRole('button', { name: '没接通' })).toBeNull();
    expect(screen.getByRole('button', { name: '再请居民留电话' })).toBeTruthy();
    expect(screen.getByText(/居民还没有留电话/)).toBeTruthy();
  });
});
