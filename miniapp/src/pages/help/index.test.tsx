import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelpMessage, ResidentHelp, ResidentWorkOrder } from '@bianmin/shared';
import { outbox, session } from '../../services';
import { SessionProvider } from '../../store/SessionProvider';
import { makePhoneCall, navigateTo, pageScrollTo, request, routerParams } from '../../test/taro';
import { FakeEventSource } from '../../test/event-source';
import HelpPage from '.';

const HELP_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ORDER_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** The order an agent turned the request into, as the resident sees it. */
function helpOrder(over: Partial<ResidentWorkOrder> = {}): ResidentWorkOrder {
  const at = new Date().toISOString();
  return {
    id: ORDER_ID,
    no: 'GD26010512345678',
    type: 'emergency_repair',
    utility: 'power',
    problem: 'power_outage',
    status: 'dispatched',
    statusText: '已派单',
    helpId: HELP_ID,
    createdAt: at,
    updatedAt: at,
    priority: 'emergency',
    danger: true,
    emergencyNumbers: [],
    district: '东城区',
    address: '北京市东城区东华门街道1号',
    description: null,
    photos: [],
    preferredTime: null,
    slot: null,
    unit: { name: '东城供电所', phone: null },
    worker: null,
    timeline: [
      { n: 0, at, action: 'created', text: '已受理', photos: [] },
      { n: 1, at, action: 'dispatched', text: '已派给东城供电所', photos: [] },
    ],
    report: null,
    rating: { state: 'not_yet', satisfaction: null, comment: null },
    notice: null,
    ...over,
  };
}

function residentHelp(over: Partial<ResidentHelp> = {}): ResidentHelp {
  return {
    id: HELP_ID,
    category: null,
    status: 'waiting',
    priority: 'normal',
    text: null,
    queuePosition: 3,
    expectedWaitSeconds: 120,
    agentsOnline: 1,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    danger: false,
    emergencyNumbers: [],
    agent: null,
    callback: { requested: false, phone: null },
    messages: [],
    resolutionSummary: null,
    resolvedAt: null,
    survey: { state: 'not_asked', onTime: null, satisfaction: null, suggestion: null },
    cancellable: true,
    cancelledAt: null,
    notice: null,
    ...over,
  };
}

interface Call {
  method: string;
  path: string;
  data: unknown;
}

/**
 * A fake BFF behind Taro.request for the help endpoints. `lose` makes the next POST /api/help
 * reach the server (the request is made) while its answer is lost, as on a dropping network.
 */
function fakeBff(
  options: {
    help?: ResidentHelp;
    /** What a new request looks like (no agent online, ...). */
    created?: Partial<ResidentHelp>;
    failCreate?: 'lost' | 'unreachable';
    unreachable?: () => boolean;
    /** The order made from the request (转工单), if any. */
    order?: ResidentWorkOrder;
  } = {},
) {
  const calls: Call[] = [];
  let stored: ResidentHelp | null = options.help ?? null;
  let failCreate = options.failCreate ?? null;
  let storedKey: string | null = null;
  let made = 0;
  request.mockImplementation((raw: Record<string, unknown>) => {
    const url = String(raw.url);
    const method = String(raw.method);
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
    calls.push({ method, path, data: raw.data });
    // no network at all: nothing reaches the BFF
    if (options.unreachable?.()) return Promise.reject(new Error('request:fail'));
    const ok = (data: unknown, statusCode = 200) => Promise.resolve({ statusCode, data });
    if (path === '/api/auth/dev-login') {
      return ok({
        token: 'resident-token-1234567890',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: {
          id: 'u1',
          nickname: '王阿姨',
          phone: '13800138000',
          elderMode: false,
          birthYear: null,
          createdAt: '2025-01-01T00:00:00.000Z',
        },
      });
    }
    if (path === '/api/help' && method === 'POST') {
      if (failCreate === 'unreachable') {
        failCreate = null;
        return Promise.reject(new Error('request:fail'));
      }
      // like the BFF: a known tap key answers the request that key made
      const key = (raw.data as { clientKey?: string }).clientKey;
      if (key && key === storedKey && stored) return ok({ help: stored }, 201);
      storedKey = key ?? null;
      stored = residentHelp(options.created);
      made += 1;
      if (failCreate === 'lost') {
        failCreate = null;
        return Promise.reject(new Error('request:fail timeout'));
      }
      return ok({ help: stored }, 201);
    }
    if (path === '/api/help' && method === 'GET') return ok({ items: stored ? [stored] : [] });
    if (path === '/api/workorders' && method === 'GET') {
      // like the BFF: only the orders of the request the query names
      const asked = String(raw.url).includes(`helpId=${HELP_ID}`);
      return ok({ items: asked && options.order ? [options.order] : [] });
    }
    if (path === `/api/workorders/${ORDER_ID}` && options.order) return ok(options.order);
    if (path === `/api/help/${HELP_ID}` && stored) return ok(stored);
    if (path === `/api/help/${HELP_ID}/details` && stored) {
      const body = raw.data as { category?: ResidentHelp['category'] };
      const danger = body.category === 'gas_smell';
      stored = {
        ...stored,
        category: body.category ?? stored.category,
        danger,
        priority: danger ? 'danger' : stored.priority,
        emergencyNumbers: danger
          ? [
              { name: '燃气抢修', number: '96777' },
              { name: '火警', number: '119' },
            ]
          : [],
      };
      return ok(stored);
    }
    if (path === `/api/help/${HELP_ID}/callback` && stored) {
      const body = raw.data as { phone?: string };
      stored = { ...stored, callback: { requested: true, phone: body.phone ?? '13800138000' } };
      return ok(stored);
    }
    if (path === `/api/help/${HELP_ID}/messages` && stored) {
      // like the BFF: a message's key answers the message that key posted
      const body = raw.data as { text: string; clientKey?: string };
      const found = stored.messages.find((m) => body.clientKey && m.clientKey === body.clientKey);
      const message: HelpMessage = found ?? {
        id: `m${stored.messages.length + 1}`,
        from: 'resident',
        authorName: null,
        text: body.text,
        at: new Date().toISOString(),
        clientKey: body.clientKey ?? null,
      };
      if (!found) stored = { ...stored, messages: [...stored.messages, message] };
      return ok({ message }, 201);
    }
    if (path === `/api/help/${HELP_ID}/cancel` && stored) {
      stored = {
        ...stored,
        status: 'closed',
        cancellable: false,
        cancelledAt: new Date().toISOString(),
        queuePosition: null,
        expectedWaitSeconds: null,
        agentsOnline: null,
      };
      return ok(stored);
    }
    if (path === `/api/help/${HELP_ID}/survey` && stored) {
      const body = raw.data as { onTime: boolean; satisfaction: 'good' | 'average' | 'poor'; suggestion?: string };
      stored = {
        ...stored,
        status: 'closed',
        survey: { state: 'answered', onTime: body.onTime, satisfaction: body.satisfaction, suggestion: null },
      };
      return ok(stored);
    }
    return ok({ error: { code: 'NOT_FOUND', message: '没有这个接口。' } }, 404);
  });
  return {
    calls,
    posts: (path: string) => calls.filter((c) => c.method === 'POST' && c.path === path),
    madeRequests: () => made,
    stored: () => stored,
    /** The server changes the request (an agent acted): the next read shows it. */
    update: (change: Partial<ResidentHelp>) => {
      if (stored) stored = { ...stored, ...change };
    },
  };
}

/** The browser's network as the page sees it: `navigator.onLine` and the online/offline events. */
const browserNetwork = {
  online: true,
  set(next: boolean) {
    this.online = next;
    act(() => {
      window.dispatchEvent(new Event(next ? 'online' : 'offline'));
    });
  },
};
Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => browserNetwork.online });

function renderHelp() {
  return render(
    <SessionProvider store={session}>
      <HelpPage />
    </SessionProvider>,
  );
}

describe('一键求助 page', () => {
  let stopOutbox: () => void = () => undefined;
  beforeEach(() => {
    FakeEventSource.last = null;
    vi.stubGlobal('EventSource', FakeEventSource);
    // as the app's launch does (app.tsx)
    stopOutbox = outbox.start();
  });
  afterEach(() => {
    stopOutbox();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    browserNetwork.online = true;
  });

  it('creates the request at once with an empty body when opened with no input at all, and says a person is coming', async () => {
    const bff = fakeBff();
    renderHelp();
    // before the BFF has answered, the screen already says it
    expect(screen.getByText('正在为您接通人工客服')).toBeTruthy();
    await screen.findByText('您前面还有 2 位');
    expect(screen.getByText('预计等待大约 2 分钟')).toBeTruthy();
    const posts = bff.posts('/api/help');
    expect(posts).toHaveLength(1);
    // nothing typed: only the tap's own key
    expect(posts[0]?.data).toEqual({ clientKey: expect.stringMatching(/^tap-/) as unknown });
  });

  it('carries the context the help button put in the query, dropping what the schema refuses', async () => {
    routerParams.page = encodeURIComponent('/pages/pay/index');
    routerParams.accountId = '0123456789abcdef01234567';
    routerParams.billId = 'not-an-id';
    const bff = fakeBff();
    renderHelp();
    await screen.findByText('您前面还有 2 位');
    expect(bff.posts('/api/help')[0]?.data).toEqual({
      clientKey: expect.stringMatching(/^tap-/) as unknown,
      context: { page: '/pages/pay/index', accountId: '0123456789abcdef01234567' },
    });
  });

  it('says plainly when the network fails, and offers a retry and the hotline', async () => {
    fakeBff({ failCreate: 'unreachable' });
    renderHelp();
    await screen.findByText('求助还没有发出去');
    fireEvent.click(screen.getByRole('button', { name: '拨打热线 12345' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12345' });
    fireEvent.click(screen.getByRole('button', { name: '再试一次' }));
    await screen.findByText('您前面还有 2 位');
  });

  it('does not make a second request when the first arrived but its answer was lost', async () => {
    const bff = fakeBff({ failCreate: 'lost' });
    renderHelp();
    await screen.findByText('求助还没有发出去');
    fireEvent.click(screen.getByRole('button', { name: '再试一次' }));
    await screen.findByText('您前面还有 2 位');
    // the retry carried the first attempt's key, so the BFF answered with the request it had made
    const [first, retry] = bff.posts('/api/help').map((c) => (c.data as { clientKey?: string }).clientKey);
    expect(first).toMatch(/^tap-[\w-]{12,}$/);
    expect(retry).toBe(first);
    expect(bff.madeRequests()).toBe(1);
  });

  it('for 燃气异味 shows the emergency numbers first and big, one tap to call, and still sends the reason', async () => {
    const bff = fakeBff();
    const view = renderHelp();
    await screen.findByText('您前面还有 2 位');
    fireEvent.click(screen.getByRole('button', { name: '燃气异味' }));
    const alert = await screen.findByRole('alert');
    // before anything else on the page
    const body = view.container.querySelector('.bm-page__body');
    expect(body?.firstElementChild).toBe(alert);
    fireEvent.click(screen.getByRole('button', { name: '拨打火警 119' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '119' });
    await waitFor(() => expect(bff.posts(`/api/help/${HELP_ID}/details`)[0]?.data).toEqual({ category: 'gas_smell' }));
    // the server's own list replaces the built-in one
    await screen.findByRole('button', { name: '拨打燃气抢修 96777' });
  });

  it('asks to be called back on the profile phone, checking a changed number with the shared schema first', async () => {
    const bff = fakeBff();
    renderHelp();
    await screen.findByText('您前面还有 2 位');
    const phone = screen.getByLabelText('回电手机号');
    fireEvent.input(phone, { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: '请给我回电话' }));
    await screen.findByText('请填写 11 位手机号');
    expect(bff.posts(`/api/help/${HELP_ID}/callback`)).toHaveLength(0);
    fireEvent.input(phone, { target: { value: '13912345678' } });
    fireEvent.click(screen.getByRole('button', { name: '请给我回电话' }));
    await screen.findByText(/客服会打电话给您：13912345678/);
    expect(bff.posts(`/api/help/${HELP_ID}/callback`)[0]?.data).toEqual({ phone: '13912345678' });
  });

  it('shows the agent and their reply live from the stream', async () => {
    fakeBff();
    renderHelp();
    await screen.findByText('您前面还有 2 位');
    await waitFor(() => expect(FakeEventSource.last?.url).toContain(`/api/help/${HELP_ID}/events?access_token=`));
    const message: HelpMessage = {
      id: 'm1',
      from: 'agent',
      authorName: '王晓丽',
      text: '您好，我来帮您看看。',
      at: new Date().toISOString(),
    };
    act(() => {
      FakeEventSource.last?.emit('help.message', '9', { helpId: HELP_ID, message });
    });
    await screen.findByText('您好，我来帮您看看。');
    // the same message again (a resumed stream) is not shown twice
    act(() => {
      FakeEventSource.last?.emit('help.message', '9', { helpId: HELP_ID, message });
    });
    expect(screen.getAllByText('您好，我来帮您看看。')).toHaveLength(1);
    expect(screen.getByRole('button', { name: '发送' })).toBeTruthy();
  });

  it('shows the order the agent made from the request, moving live with the help stream, and opens its timeline', async () => {
    routerParams.id = HELP_ID;
    fakeBff({
      help: residentHelp({ status: 'in_progress', agent: { displayName: '王晓丽' }, queuePosition: null }),
      order: helpOrder(),
    });
    renderHelp();
    await screen.findByText('客服已转给东城供电所上门处理');
    expect(screen.getByText('已派单')).toBeTruthy();
    expect(screen.getByText('已派给东城供电所')).toBeTruthy();
    await waitFor(() => expect(FakeEventSource.last?.url).toContain(`/api/help/${HELP_ID}/events`));
    const accepted = helpOrder({
      status: 'accepted',
      statusText: '师傅已接单',
      timeline: [
        ...helpOrder().timeline,
        {
          n: 2,
          at: new Date().toISOString(),
          action: 'accepted',
          text: '张师傅已接单（电话 138****0001）',
          photos: [],
        },
      ],
    });
    act(() => {
      FakeEventSource.last?.emit('workorder.status', '11', accepted);
    });
    await screen.findByText('师傅已接单');
    expect(screen.getByText('张师傅已接单（电话 138****0001）')).toBeTruthy();
    // an order of another request on the stream changes nothing here
    act(() => {
      FakeEventSource.last?.emit('workorder.status', '12', {
        ...accepted,
        helpId: 'c'.repeat(24),
        statusText: '已完成',
      });
    });
    expect(screen.queryByText('已完成')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '查看处理进度' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/repair/order/index?id=${ORDER_ID}` });
  });

  it('says at once, in one sentence, the current outage notice of the district of her account', async () => {
    fakeBff({
      created: {
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
      },
    });
    renderHelp();
    await screen.findByText('东城区计划停电，1月6日 09:00 至 17:00。');
    expect(screen.getByText('范围：东华门街道')).toBeTruthy();
  });

  it('shows the order card as soon as the agent makes the order, with no reload', async () => {
    fakeBff();
    renderHelp();
    await screen.findByText('您前面还有 2 位');
    expect(screen.queryByRole('region', { name: '维修进度' })).toBeNull();
    await waitFor(() => expect(FakeEventSource.last?.url).toContain(`/api/help/${HELP_ID}/events`));
    act(() => {
      FakeEventSource.last?.emit('workorder.status', '13', helpOrder());
    });
    await screen.findByText('客服已转给东城供电所上门处理');
  });

  it('opened from 我的求助 after resolution, asks the survey once and thanks the resident', async () => {
    routerParams.id = HELP_ID;
    const bff = fakeBff({
      help: residentHelp({
        status: 'resolved',
        queuePosition: null,
        expectedWaitSeconds: null,
        agent: { displayName: '王晓丽' },
        resolutionSummary: '已为您重新缴费成功。',
        survey: { state: 'pending', onTime: null, satisfaction: null, suggestion: null },
      }),
    });
    renderHelp();
    await screen.findByText('处理结果：已为您重新缴费成功。');
    expect(bff.posts('/api/help')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await screen.findByText('请选一下“准时吗”和“满意吗”');
    fireEvent.click(screen.getByRole('button', { name: '准时' }));
    fireEvent.click(screen.getByRole('button', { name: '满意' }));
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await screen.findByText('谢谢您的评价！');
    expect(bff.posts(`/api/help/${HELP_ID}/survey`)[0]?.data).toEqual({ onTime: true, satisfaction: 'good' });
    expect(screen.queryByRole('button', { name: '提交评价' })).toBeNull();
  });

  it('opens without network, says so, offers the hotline, and sends the tap and a message once when it returns', async () => {
    browserNetwork.set(false);
    const bff = fakeBff({ unreachable: () => !browserNetwork.online });
    const view = renderHelp();
    await screen.findByText('手机现在没有网络');
    expect(screen.getByText('您的求助已经记下了，网络一恢复就会自动发出，不用再点。')).toBeTruthy();
    // the banner every page shows while the network is down
    expect(view.container.querySelector('.bm-offline')?.textContent).toContain('手机没有网络');
    fireEvent.click(screen.getByRole('button', { name: '拨打热线 12345' }));
    expect(makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12345' });

    // words typed meanwhile are kept too, and shown as not sent yet
    fireEvent.input(screen.getByLabelText('说说遇到的问题'), { target: { value: '家里停电了' } });
    fireEvent.click(screen.getByRole('button', { name: '告诉客服' }));
    await screen.findByText('我 · 还没发出，网络恢复后自动发出');

    browserNetwork.set(true);
    await screen.findByText('您前面还有 2 位');
    await waitFor(() => expect(bff.stored()?.messages.map((m) => m.text)).toEqual(['家里停电了']));
    expect(bff.madeRequests()).toBe(1);
    const keys = bff.posts('/api/help').map((c) => (c.data as { clientKey?: string }).clientKey);
    expect(new Set(keys).size).toBe(1);
    await waitFor(() => expect(screen.queryByText('我 · 还没发出，网络恢复后自动发出')).toBeNull());
    expect(screen.getAllByText('家里停电了')).toHaveLength(1);
    expect(view.container.querySelector('.bm-offline')).toBeNull();
  });

  it('makes one request of taps made offline on two visits to the help page (the page closed in between)', async () => {
    browserNetwork.set(false);
    const bff = fakeBff({ unreachable: () => !browserNetwork.online });
    const first = renderHelp();
    await screen.findByText('手机现在没有网络');
    first.unmount();
    routerParams.page = encodeURIComponent('/pages/outlets/index');
    renderHelp();
    await screen.findByText('手机现在没有网络');
    browserNetwork.set(true);
    await screen.findByText('您前面还有 2 位');
    expect(bff.madeRequests()).toBe(1);
    const keys = bff.posts('/api/help').map((c) => (c.data as { clientKey?: string }).clientKey);
    expect(new Set(keys).size).toBe(1);
    expect(outbox.pending()).toEqual([]);
  });

  it('with no agent online says so, gives no made-up wait, and offers the call-back and the hotline', async () => {
    fakeBff({ created: { queuePosition: 1, expectedWaitSeconds: null, agentsOnline: 0 } });
    renderHelp();
    await screen.findByText(/现在没有客服在线/);
    expect(screen.queryByText('下一位就是您')).toBeNull();
    expect(screen.queryByText(/预计等待/)).toBeNull();
    expect(screen.getByRole('button', { name: '请给我回电话' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '拨打热线 12345' })).toBeTruthy();
  });

  it('takes back a request made by mistake after asking once more', async () => {
    const bff = fakeBff();
    renderHelp();
    await screen.findByText('您前面还有 2 位');
    fireEvent.click(screen.getByRole('button', { name: '不用了，取消求助' }));
    fireEvent.click(screen.getByRole('button', { name: '不取消，继续等' }));
    expect(bff.posts(`/api/help/${HELP_ID}/cancel`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '不用了，取消求助' }));
    fireEvent.click(screen.getByRole('button', { name: '是的，取消求助' }));
    await screen.findByText('好的，求助已取消');
    expect(bff.posts(`/api/help/${HELP_ID}/cancel`)).toHaveLength(1);
    expect(screen.queryByRole('button', { name: '不用了，取消求助' })).toBeNull();
  });

  it('takes back a tap that never went out without sending anything', async () => {
    browserNetwork.set(false);
    const bff = fakeBff({ unreachable: () => !browserNetwork.online });
    renderHelp();
    await screen.findByText('手机现在没有网络');
    fireEvent.click(screen.getByRole('button', { name: '不用了，取消求助' }));
    fireEvent.click(screen.getByRole('button', { name: '是的，取消求助' }));
    await screen.findByText('好的，求助已取消');
    browserNetwork.set(true);
    await outbox.flush();
    expect(outbox.pending()).toEqual([]);
    expect(bff.madeRequests()).toBe(0);
    expect(bff.posts('/api/help')).toHaveLength(1);
  });

  it('puts the survey right after the result and scrolls both into view when the agent resolves the request', async () => {
    const bff = fakeBff({
      created: {
        status: 'in_progress',
        queuePosition: null,
        expectedWaitSeconds: null,
        agentsOnline: null,
        cancellable: false,
        agent: { displayName: '王晓丽' },
        messages: [
          {
            id: 'm1',
            from: 'agent',
            authorName: '王晓丽',
            text: '您好',
            at: new Date().toISOString(),
            clientKey: null,
          },
        ],
      },
    });
    const view = renderHelp();
    await screen.findByText('客服王晓丽正在为您服务');
    await waitFor(() => expect(FakeEventSource.last).not.toBeNull());
    bff.update({
      status: 'resolved',
      resolutionSummary: '已处理。',
      survey: { state: 'pending', onTime: null, satisfaction: null, suggestion: null },
    });
    act(() => {
      FakeEventSource.last?.emit('help.status', '10', {
        id: HELP_ID,
        status: 'resolved',
        priority: 'normal',
        category: null,
        agent: { displayName: '王晓丽' },
        queuePosition: null,
        expectedWaitSeconds: null,
        agentsOnline: null,
        survey: { state: 'pending', onTime: null, satisfaction: null, suggestion: null },
        cancellable: false,
      });
    });
    await screen.findByText('请您评价一下');
    const survey = view.container.querySelector('#help-survey');
    if (!survey) throw new Error('no survey card');
    const conversation = screen.getByRole('log');
    // before the conversation, right after the status
    expect(survey.compareDocumentPosition(conversation) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(survey.previousElementSibling?.className).toContain('help__status');
    await waitFor(() => expect(pageScrollTo).toHaveBeenCalledWith({ selector: '#help-status', duration: 0 }));
  });
});
