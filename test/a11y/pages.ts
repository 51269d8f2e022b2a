// The resident pages of the H5 build, read from miniapp/src/app.config.ts so a page added there
// is audited without touching this file, and the demo data each page needs in its query.
//
// No DOM here: scripts/audit.ts (Lighthouse) uses this module too.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_BILLING_ACCOUNTS } from '../../bff/src/seed/billing';
import { repoRoot } from '../helpers/process';

const miniappSrc = path.join(repoRoot, 'miniapp', 'src');

/** Subpackages of staff, not residents: the agent workbench and the field app are audited on their own. */
export const STAFF_ROOTS = ['packages/agent', 'packages/field'];

interface AppConfig {
  pages?: string[];
  subPackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string }[] };
}

/** One resident page as the harness opens it. */
export interface ResidentPage {
  /** `pages/pay/index`, `packages/outlets/detail/index`. */
  route: string;
  /** A tab page (the H5 tab bar is drawn under it). */
  tab: boolean;
  /** The query parameters with an id the page reads (from its source), to be filled from the demo data. */
  idParams: string[];
}

/**
 * Reads app.config.ts the way Taro does: `defineAppConfig` is a global of the build that
 * returns its argument.
 */
async function loadAppConfig(): Promise<AppConfig> {
  const g = globalThis as { defineAppConfig?: (config: unknown) => unknown };
  g.defineAppConfig ??= (config) => config;
  const file = path.join(miniappSrc, 'app.config.ts');
  const mod = (await import(pathToFileURL(file).href)) as { default: AppConfig };
  return mod.default;
}

/** Every page route of the app, main package first, with a flag for staff subpackages. */
export async function allRoutes(): Promise<{ route: string; staff: boolean }[]> {
  const config = await loadAppConfig();
  const main = (config.pages ?? []).map((route) => ({ route, staff: false }));
  const sub = (config.subPackages ?? []).flatMap((pkg) => {
    const root = pkg.root.replace(/\/$/, '');
    const staff = STAFF_ROOTS.some((s) => root === s || root.startsWith(`${s}/`));
    return pkg.pages.map((page) => ({ route: `${root}/${page.replace(/^\//, '')}`, staff }));
  });
  return [...main, ...sub];
}

const ID_PARAM = /^(id|ids|\w+Id|\w+Ids)$/;

/**
 * The query parameters a page's source reads (`params.accountId`, `params['billId']`,
 * `const { id } = useRouter().params`, `const { billIds = '' } = usePageParams()`), of those
 * only the ones naming ids.
 */
export function idParamsRead(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/\bparams\??\.(\w+)/g)) names.add(m[1] ?? '');
  for (const m of source.matchAll(/\bparams\??\.?\[\s*['"`](\w+)['"`]\s*\]/g)) names.add(m[1] ?? '');
  // destructured from `params`, `router.params`, `useRouter().params` or a hook like `usePageParams()`
  for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*[\w.?()<>\s]*?[Pp]arams\b/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part.split(/[:=]/)[0]?.trim() ?? '';
      if (/^\w+$/.test(name)) names.add(name);
    }
  }
  return [...names].filter((n) => ID_PARAM.test(n)).sort();
}

/** The source of a page: its folder's .ts/.tsx files except tests. */
function pageSource(route: string): string {
  const dir = path.join(miniappSrc, path.dirname(route));
  if (!existsSync(dir)) throw new Error(`page ${route} is registered in app.config.ts but ${dir} does not exist`);
  return readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.config.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/** Every resident page (all but staff subpackages), with the id parameters each reads. */
export async function residentPages(): Promise<ResidentPage[]> {
  const config = await loadAppConfig();
  const tabs = new Set((config.tabBar?.list ?? []).map((t) => t.pagePath.replace(/^\//, '')));
  return (await allRoutes())
    .filter((r) => !r.staff)
    .map(({ route }) => ({ route, tab: tabs.has(route), idParams: idParamsRead(pageSource(route)) }));
}

/**
 * A state of a page that its first view does not show and a resident meets all the same: the audit
 * opens the page once more in it. `storage` is what the app keeps in the browser (Taro's `{data}`
 * wrapping) to come back to it; `shows` is a text the page shows only in that state, so the audit
 * knows it got there.
 */
export interface PageState {
  name: string;
  storage: Record<string, string>;
  shows: string;
}

/**
 * The states by route. 网点 with the location already granted once (a returning resident, and the
 * list the issue found broken): the tab locates at once and lists the outlets by distance. The
 * audit's phone grants the location (a position in the demo city).
 */
export const PAGE_STATES: Record<string, PageState[]> = {
  'pages/outlets/index': [
    {
      name: 'located',
      // miniapp/src/pages/outlets/index.tsx USE_LOCATION_KEY
      storage: { 'bianmin.outlets.useLocation': JSON.stringify({ data: true }) },
      shows: '按离您的距离排列',
    },
  ],
};

/** Where the audit's phone is: 东城区, among the demo outlets. */
export const AUDIT_POSITION = { latitude: 39.9165, longitude: 116.4105 };

/** Finds the page a description names (`pay-confirm` → `packages/pay/confirm/index`), or throws. */
export function findPage(pages: ResidentPage[], pattern: RegExp, what: string): ResidentPage {
  const page = pages.find((p) => pattern.test(p.route));
  if (!page) {
    throw new Error(
      `no ${what} page in miniapp/src/app.config.ts (looked for ${String(pattern)} among: ${pages.map((p) => p.route).join(', ')})`,
    );
  }
  return page;
}

// ---------------------------------------------------------------------------------------------
// The demo resident and the demo data a page's query needs

/** A resident of the running demo, signed in through the development login. */
export interface DemoResident {
  base: string;
  /** The H5 build's stand-in identity: put in the browser's storage, the app signs in as the same person. */
  openid: string;
  token: string;
}

async function request<T>(
  resident: Pick<DemoResident, 'base'> & { token?: string },
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${resident.base}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(resident.token ? { Authorization: `Bearer ${resident.token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Signs a new demo resident in (a fresh H5 identity) through the development login, born in
 * 1950, and binds two of the demo seed's accounts, so the pages show what an elder with bills sees.
 */
export async function signInDemoResident(base: string): Promise<DemoResident> {
  const openid = `h5-${randomBytes(12).toString('hex')}`;
  const { token } = await request<{ token: string }>({ base }, 'POST', '/api/auth/dev-login', { openid });
  const resident = { base, openid, token };
  // an elder, so the home page also shows its first-launch elder-mode offer (normal mode)
  await request(resident, 'PATCH', '/api/me', { birthYear: 1950 });
  for (const { utility, accountNo, holderName } of [DEMO_BILLING_ACCOUNTS.power, DEMO_BILLING_ACCOUNTS.water]) {
    // binding needs proof of holdership: the holder's name, as README "The demo" names it
    await request(resident, 'POST', '/api/accounts', { utility, accountNo, holderName });
  }
  return resident;
}

/** Turns elder mode on or off for the resident on the server (what the home switch does). */
export async function setElderMode(resident: DemoResident, on: boolean): Promise<void> {
  const user = await request<{ elderMode: boolean }>(resident, 'PATCH', '/api/me', { elderMode: on });
  if (user.elderMode !== on) throw new Error(`PATCH /api/me did not set elderMode to ${String(on)}`);
}

/**
 * The localStorage entries (Taro's `{data}` wrapping) that make the H5 app sign in as `resident`
 * and paint its first frame in the given mode.
 */
export function browserStorageFor(resident: DemoResident, elderMode: boolean): Record<string, string> {
  return {
    'bianmin.h5Openid': JSON.stringify({ data: resident.openid }),
    'bianmin.elderMode': JSON.stringify({ data: elderMode }),
  };
}

type Resolver = (resident: DemoResident) => Promise<string>;

interface Listed {
  id: string;
}

function first(items: Listed[] | undefined, what: string): string {
  const item = items?.[0];
  if (!item) throw new Error(`the demo data has no ${what} for the audit resident`);
  return item.id;
}

async function firstAccountId(resident: DemoResident): Promise<string> {
  const { accounts } = await request<{ accounts: Listed[] }>(resident, 'GET', '/api/accounts');
  if (accounts.length > 0) return first(accounts, 'bound account');
  const family = await request<{ accounts: Listed[] }>(resident, 'GET', '/api/family').catch(() => ({
    accounts: [] as Listed[],
  }));
  if (family.accounts.length > 0) return first(family.accounts, 'family account');
  throw new Error(
    'the demo resident has no bound account (GET /api/accounts and /api/family are empty) although ' +
      "signInDemoResident bound two of the demo seed's accounts",
  );
}

async function firstBillId(resident: DemoResident): Promise<string> {
  const accountId = await memo(resident, 'accountId', firstAccountId);
  const { bills } = await request<{ bills: (Listed & { status?: string })[] }>(
    resident,
    'GET',
    `/api/bills?accountId=${encodeURIComponent(accountId)}`,
  );
  const unpaid = bills.filter((b) => b.status === undefined || b.status === 'unpaid');
  return first(unpaid.length > 0 ? unpaid : bills, `bill of account ${accountId}`);
}

/**
 * A paid payment, so the result and receipt pages show what a resident sees after paying (with
 * the order and transaction numbers). It pays a bill of the resident's last bound account that has
 * one (the demo accounts are shared: another resident may have paid some), so the first account's
 * bills stay unpaid for the bills and confirm pages.
 */
async function firstPaymentId(resident: DemoResident): Promise<string> {
  const { payments } = await request<{ payments: (Listed & { status: string })[] }>(resident, 'GET', '/api/payments');
  const paid = payments.find((p) => p.status === 'paid');
  if (paid) return paid.id;
  // the last account first: the bills and confirm pages take the first account's bills
  const { accounts } = await request<{ accounts: Listed[] }>(resident, 'GET', '/api/accounts');
  let billId: string | undefined;
  for (const account of [...accounts].reverse()) {
    const { bills } = await request<{ bills: (Listed & { status: string })[] }>(
      resident,
      'GET',
      `/api/bills?accountId=${encodeURIComponent(account.id)}`,
    );
    billId = bills.find((b) => b.status === 'unpaid')?.id;
    if (billId) break;
  }
  if (!billId) throw new Error('no bound account of the audit resident has an unpaid bill to pay');
  const created = await request<{ payment: Listed }>(resident, 'POST', '/api/payments', {
    billIds: [billId],
    idempotencyKey: `a11y-${randomBytes(8).toString('hex')}`,
  });
  // the sandbox's pay button: a signed notification through the real verification, answered paid
  const confirmed = await request<Listed & { status: string }>(
    resident,
    'POST',
    `/api/payments/${encodeURIComponent(created.payment.id)}/sandbox-confirm`,
  );
  if (confirmed.status !== 'paid')
    throw new Error(`the sandbox payment ${confirmed.id} is ${confirmed.status}, not paid`);
  return confirmed.id;
}

async function firstOutletId(resident: DemoResident): Promise<string> {
  const { outlets } = await request<{ outlets: Listed[] }>(resident, 'GET', '/api/outlets?limit=1');
  return first(outlets, 'outlet');
}

async function firstHelpId(resident: DemoResident): Promise<string> {
  const { items } = await request<{ items: Listed[] }>(resident, 'GET', '/api/help');
  if (items.length > 0) return first(items, 'help request');
  const created = await request<{ help: Listed }>(resident, 'POST', '/api/help', {});
  return created.help.id;
}

/** An order (报修) of the resident's: her first, or a new one at her bound power account. */
async function firstWorkOrderId(resident: DemoResident): Promise<string> {
  const { items } = await request<{ items: Listed[] }>(resident, 'GET', '/api/workorders');
  if (items.length > 0) return first(items, 'work order');
  const { accounts } = await request<{ accounts: Array<Listed & { utility: string }> }>(
    resident,
    'GET',
    '/api/accounts',
  );
  const power = accounts.find((a) => a.utility === 'power');
  if (!power) throw new Error('the demo resident has no bound power account to report a fault at');
  const created = await request<{ order: Listed }>(resident, 'POST', '/api/workorders', {
    problem: 'power_voltage',
    accountId: power.id,
    phone: '13700001234',
  });
  return created.order.id;
}

async function firstFamilyId(resident: DemoResident): Promise<string> {
  const { accounts } = await request<{ accounts: Listed[] }>(resident, 'GET', '/api/family');
  return first(accounts, 'family account');
}

/** Resolvers by parameter name; plural names get the one id. */
const RESOLVERS: Record<string, Resolver> = {
  accountId: firstAccountId,
  billId: firstBillId,
  billIds: firstBillId,
  paymentId: firstPaymentId,
  outletId: firstOutletId,
  helpId: firstHelpId,
  familyId: firstFamilyId,
  workOrderId: firstWorkOrderId,
};

/** What a bare `id` names, by the words in the page's route. */
const ID_BY_ROUTE: [RegExp, string][] = [
  [/repair/, 'workOrderId'],
  [/outlet/, 'outletId'],
  [/payment|receipt|result/, 'paymentId'],
  [/bill/, 'billId'],
  [/family/, 'familyId'],
  [/account/, 'accountId'],
  [/help|request|chat|survey/, 'helpId'],
];

const cache = new WeakMap<DemoResident, Map<string, Promise<string>>>();

function memo(resident: DemoResident, key: string, resolver: Resolver): Promise<string> {
  let forResident = cache.get(resident);
  if (!forResident) cache.set(resident, (forResident = new Map()));
  let value = forResident.get(key);
  if (!value) forResident.set(key, (value = resolver(resident)));
  return value;
}

/**
 * The query string a page needs, filled from the demo data; throws, naming the page and the
 * parameter, when a parameter cannot be resolved, so no page is skipped silently.
 */
export async function queryFor(page: ResidentPage, resident: DemoResident): Promise<string> {
  const parts: string[] = [];
  for (const name of page.idParams) {
    const key =
      name === 'id' || name === 'ids'
        ? ID_BY_ROUTE.find(([pattern]) => pattern.test(page.route))?.[1]
        : RESOLVERS[name]
          ? name
          : undefined;
    const resolver = key ? RESOLVERS[key] : undefined;
    if (!key || !resolver) {
      throw new Error(
        `page ${page.route} reads the query parameter "${name}" and test/a11y/pages.ts has no resolver for it: ` +
          'add one (RESOLVERS, or ID_BY_ROUTE for a bare id)',
      );
    }
    try {
      parts.push(`${name}=${encodeURIComponent(await memo(resident, key, resolver))}`);
    } catch (err) {
      throw new Error(`page ${page.route}: cannot fill "${name}" from the demo data: ${(err as Error).message}`);
    }
  }
  return parts.join('&');
}

/** The page's H5 address (hash router). */
export function pageUrl(base: string, route: string, query: string): string {
  return `${base}/#/${route}${query ? `?${query}` : ''}`;
}
