import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { Types } from 'mongoose';
import { createManualClock } from '../../lib/clock';
import { createTestApp, type TestApp } from '../../testing/app';

/** Helpers of the help tests: a test app on a manual clock, staff with grids, SSE readers. */
export type Manual = ReturnType<typeof createManualClock>;

export async function helpTestApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const clock = options.clock ? (options.clock as Manual) : createManualClock('2026-01-05T02:00:00.000Z');
  const t = await createTestApp({ ...options, clock });
  return Object.assign(t, { clock, ...helpers(t, clock) });
}

function helpers(t: TestApp, clock: Manual) {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    bearer,
    /**
     * A signed-in agent with the given workbench fields; answers their token and id. Given a
     * `presence`, her workbench counts as open now (seen by the clock); without, she is 下线 and
     * not connected.
     */
    async agent(
      username: string,
      fields: {
        grids?: string[];
        capacity?: number;
        presence?: string;
        role?: 'agent' | 'supervisor';
        team?: string;
      } = {},
    ) {
      const token = await t.staffToken(username, fields.role ?? 'agent');
      const { role: _role, ...rest } = fields;
      const seen = fields.presence ? { lastSeenAt: clock.now() } : {};
      await t.models.Agent.updateOne({ username }, { $set: { presence: 'offline', ...seen, ...rest } });
      const agent = await t.models.Agent.findOne({ username }).lean();
      return { token, id: String(agent?._id), username };
    },
    /** Her workbench showed itself now (a heartbeat), by the test's clock. */
    async seen(agentId: string) {
      await t.models.Agent.updateOne({ _id: agentId }, { $set: { lastSeenAt: clock.now() } });
    },
    /** A resident; `elder` turns elder mode on. */
    async resident(openid?: string, profile: { elderMode?: boolean; phone?: string } = {}) {
      const token = await t.residentToken(openid);
      if (Object.keys(profile).length > 0) await t.http.patch('/api/me').set(bearer(token)).send(profile).expect(200);
      return token;
    },
    async account(gridId: string, district: string, accountNo = `10000${Math.floor(Math.random() * 1e5)}`) {
      const a = await t.models.UtilityAccount.create({
        utility: 'power',
        accountNo,
        holderName: '张建明',
        holderIdNumber: '110101195501011234',
        holderPhone: '13800138000',
        address: `北京市${district}某街道1号`,
        district,
        gridId,
      });
      return String(a._id);
    },
    /** Binds an account to the resident (her own: a help request may name it as its context). */
    async bind(token: string, accountId: string): Promise<void> {
      const me = await t.http.get('/api/me').set(bearer(token)).expect(200);
      await t.models.AccountBinding.create({
        userId: new Types.ObjectId((me.body as { id: string }).id),
        accountId: new Types.ObjectId(accountId),
      });
    },
    /** The agent claims the request and resolves it (办结) with `summary`. */
    async claimAndResolve(agentToken: string, id: string, summary = '已处理'): Promise<void> {
      await t.http.post(`/api/agent/help/${id}/claim`).set(bearer(agentToken)).expect(200);
      await t.http.post(`/api/agent/help/${id}/resolve`).set(bearer(agentToken)).send({ summary }).expect(200);
    },
    async createHelp(token: string, body: object = {}): Promise<string> {
      const res = await t.http.post('/api/help').set(bearer(token)).send(body).expect(201);
      return (res.body as { help: { id: string } }).help.id;
    },
  };
}

type HelpTestApp = Awaited<ReturnType<typeof helpTestApp>>;

/**
 * Two BFF instances on one database and one manual clock, for the tests of the calling describe
 * block: `a` through supertest, `b` also served on a real port (`urlB`, for streams) with its
 * live-event poller running. Read them inside the tests.
 */
export function twoInstances(env: Record<string, string>) {
  const made: { a?: HelpTestApp; b?: HelpTestApp; server?: Awaited<ReturnType<typeof listen>> } = {};
  beforeAll(async () => {
    made.a = await helpTestApp({ env });
    made.b = await helpTestApp({ dbName: made.a.config.db.name, clock: made.a.clock, env });
    made.b.services.help.live.poller.start();
    made.server = await listen(made.b.app);
  });
  afterAll(async () => {
    made.b?.services.help.live.poller.stop();
    await made.server?.close();
    await made.b?.close({ keepDatabase: true });
    await made.a?.close();
  });
  const started = <V>(value: V | undefined): V => {
    if (value === undefined) throw new Error('the instances start before the first test: use them inside a test');
    return value;
  };
  return {
    get a() {
      return started(made.a);
    },
    get b() {
      return started(made.b);
    },
    get urlB() {
      return started(made.server).url;
    },
  };
}

/** Serves an app on a real port (SSE needs a real, long-lived connection). */
export async function listen(app: { callback(): http.RequestListener }) {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** Opens an event stream and collects its events; `next` waits for a matching one (or fails). */
export function openStream(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const waiters: Array<{ pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
  let status = 0;
  let buffer = '';
  let close: () => void = () => undefined;
  let markEnded: () => void = () => undefined;
  /** Resolves when the server ends the response (or the connection drops). */
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const opened = new Promise<number>((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      status = res.statusCode ?? 0;
      resolve(status);
      res.on('end', markEnded);
      res.on('close', markEnded);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: Partial<SseEvent> & { dataText?: string } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.dataText = (e.dataText ? `${e.dataText}\n` : '') + line.slice(6);
          }
          if (!e.event) continue;
          const event: SseEvent = { id: e.id, event: e.event, data: e.dataText ? JSON.parse(e.dataText) : null };
          events.push(event);
          for (const w of [...waiters]) {
            if (w.pred(event)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
          }
        }
      });
    });
    req.on('error', reject);
    close = () => req.destroy();
  });
  return {
    events,
    opened,
    ended,
    close: () => close(),
    next(pred: (e: SseEvent) => boolean, timeoutMs = 3000): Promise<SseEvent> {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event within ${timeoutMs} ms: ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
  };
}
