import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bulletin, BulletinRow } from '@bianmin/shared';
import { SessionProvider } from '../../../store/SessionProvider';
import { createFakeBff, createTestSession } from '../../../test/fake-bff';
import { request } from '../../../test/taro';
import { agentSession } from '../services';
import { fileNameOf } from './csv';
import BulletinPage from '.';
import { signInStaff } from '../../../test/staff';

function row(team: string, visited: number, fair: number, rateText: string, lastYearRateText: string): BulletinRow {
  return {
    team,
    visited,
    counts: { excellent: 42, good: visited - 42 - fair - 306, fair, pass: 0, fail: 0, none: 306 },
    rate: null,
    rateText,
    lastYearVisited: 1311,
    lastYearRate: null,
    lastYearRateText,
    trend: 'up',
    trendText: '有所提高',
  };
}

/** The paper's Table 1 as the BFF answers it for the year containing `date`. */
function bulletinFor(period: string, date: string, rows = true): Bulletin {
  const y = date.slice(0, 4);
  return {
    period: period as Bulletin['period'],
    current: { from: `${y}-01-01`, to: `${y}-12-31`, label: `${y}年` },
    lastYear: { from: `${Number(y) - 1}-01-01`, to: `${Number(y) - 1}-12-31`, label: `${Number(y) - 1}年` },
    rows: rows ? [row('营业1所', 2779, 4, '99.86%', '99.39%'), row('营业2所', 3497, 3, '99.91%', '99.85%')] : [],
    total: row('合计', 6276, 7, '99.89%', '99.62%'),
  };
}

function fakeBff(options: { fail?: boolean; empty?: boolean } = {}) {
  const asked: URLSearchParams[] = [];
  request.mockImplementation((raw: Record<string, unknown>) => {
    const [path = '', search = ''] = String(raw.url).split('?');
    const query = new URLSearchParams(search);
    asked.push(query);
    if (options.fail)
      return Promise.resolve({
        statusCode: 403,
        data: { error: { code: 'FORBIDDEN', message: '没有权限做这件事。' } },
      });
    if (path.endsWith('/api/agent/followups/bulletin'))
      return Promise.resolve({
        statusCode: 200,
        data: bulletinFor(query.get('period') ?? 'month', query.get('date') ?? '2009-06-15', !options.empty),
      });
    return Promise.resolve({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '没有这个接口。' } } });
  });
  return asked;
}

function renderPage() {
  const { session } = createTestSession(createFakeBff());
  return render(
    <SessionProvider store={session}>
      <BulletinPage />
    </SessionProvider>,
  );
}

/** The row's header and its cells, as read. */
function cells(name: RegExp): Array<string | null> {
  const row = within(screen.getByRole('row', { name }));
  return [...row.getAllByRole('rowheader'), ...row.getAllByRole('cell')].map((c) => c.textContent);
}

describe('回访简报', () => {
  beforeEach(() => signInStaff({ username: 'super01', displayName: '赵班长', role: 'supervisor' }));
  afterEach(() => {
    request.mockReset();
    agentSession.signOut();
    vi.unstubAllGlobals();
  });

  it('shows each team and the 合计 row with its counts, both rates to two decimals and the words', async () => {
    fakeBff();
    renderPage();
    await screen.findByRole('table');
    const heads = screen.getAllByRole('columnheader').map((c) => c.textContent);
    expect(heads).toEqual([
      '班组',
      '回访户数',
      '优秀',
      '良好',
      '一般',
      '合格',
      '不合格',
      '未评价',
      '本期满意率',
      '去年同期满意率',
      '比较',
    ]);
    expect(cells(/^营业1所/)).toEqual([
      '营业1所',
      '2 779',
      '42',
      '2 427',
      '4',
      '0',
      '0',
      '306',
      '99.86%',
      '99.39%',
      '有所提高',
    ]);
    expect(cells(/^营业2所/)).toEqual([
      '营业2所',
      '3 497',
      '42',
      '3 146',
      '3',
      '0',
      '0',
      '306',
      '99.91%',
      '99.85%',
      '有所提高',
    ]);
    expect(cells(/^合计/)).toEqual([
      '合计',
      '6 276',
      '42',
      '5 921',
      '7',
      '0',
      '0',
      '306',
      '99.89%',
      '99.62%',
      '有所提高',
    ]);
    expect(screen.getAllByRole('row').at(-1)?.textContent.startsWith('合计')).toBe(true);
  });

  it('picks the period and steps to the one before', async () => {
    const asked = fakeBff();
    renderPage();
    await screen.findByRole('table');
    expect(asked[0]?.get('period')).toBe('month');
    fireEvent.click(screen.getByRole('button', { name: '年报' }));
    await waitFor(() => expect(asked.at(-1)?.get('period')).toBe('year'));
    const thisYear = (asked.at(-1)?.get('date') ?? '').slice(0, 4);
    expect(await screen.findByText(`${thisYear}年回访简报（${thisYear}年1月1日—${thisYear}年12月31日）`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '上一期' }));
    await waitFor(() => expect(asked.at(-1)?.get('date')).toBe(`${Number(thisYear) - 1}-12-31`));
    expect(await screen.findByText(new RegExp(`^${Number(thisYear) - 1}年回访简报`))).toBeTruthy();
  });

  it('says so when a period has no follow-ups', async () => {
    fakeBff({ empty: true });
    renderPage();
    expect(await screen.findByText('这一期还没有回访记录。')).toBeTruthy();
  });

  it('shows the API’s message when it cannot be read', async () => {
    fakeBff({ fail: true });
    renderPage();
    expect((await screen.findByRole('alert')).textContent).toBe('没有权限做这件事。');
  });

  it('prints and exports the BFF’s CSV under the file name it gives', async () => {
    fakeBff();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const csv = vi.fn((_url: string, _init: RequestInit) =>
      Promise.resolve(
        new Response('班组,回访户数\n', {
          status: 200,
          headers: {
            'Content-Disposition': `attachment; filename="bulletin.csv"; filename*=UTF-8''${encodeURIComponent('回访简报-月报-2026-01-01.csv')}`,
          },
        }),
      ),
    );
    vi.stubGlobal('fetch', csv);
    URL.createObjectURL = vi.fn(() => 'blob:bulletin');
    URL.revokeObjectURL = vi.fn();
    renderPage();
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: '打印' }));
    expect(print).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }));
    expect(await screen.findByText('已下载 回访简报-月报-2026-01-01.csv')).toBeTruthy();
    const [url, init] = csv.mock.calls[0] ?? [];
    expect(url).toMatch(/^\/api\/agent\/followups\/bulletin\?period=month&date=\d{4}-\d{2}-\d{2}&format=csv$/);
    expect(init?.headers).toEqual({ Authorization: 'Bearer staff-token-1234567890' });
    expect(fileNameOf(null, '回访简报.csv')).toBe('回访简报.csv');
  });
});
