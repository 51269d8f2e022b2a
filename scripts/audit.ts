/**
 * `npm run audit`: Lighthouse's accessibility score of the home, bills (缴费 tab), pay-confirm,
 * outlets and help pages in elder mode, each of which must be 100, and, for information only,
 * the performance score of the H5 home page with Lighthouse's mobile emulation (issue 8 wants
 * ≥ 90). Runs the real `npm start` demo unless BIANMIN_URL names a running one; writes the
 * reports to .artifacts/lighthouse/ and exits 1 when a score is short or a page is missing.
 *
 * lighthouse 12.x: 13 needs Node >= 22.19 and these machines run Node 20. Chromium is Debian's
 * (CHROME_PATH or CHROMIUM_PATH, default /usr/bin/chromium), driven as in the browser tests.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { freePort } from '../bff/src/db/embedded';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium';
import { startDemo } from '../test/helpers/demo';
import { repoRoot } from '../test/helpers/process';
import {
  browserStorageFor,
  findPage,
  pageUrl,
  queryFor,
  residentPages,
  setElderMode,
  signInDemoResident,
  type DemoResident,
  type ResidentPage,
} from '../test/a11y/pages';

const CHROME = process.env.CHROME_PATH ?? CHROMIUM;
const OUT = path.join(repoRoot, '.artifacts', 'lighthouse');

/** The pages issue 7 names, found in app.config.ts by their route. */
const TARGETS: { name: string; pattern: RegExp; what: string }[] = [
  { name: 'home', pattern: /^pages\/index\/index$/, what: 'home' },
  { name: 'bills', pattern: /^pages\/pay\/index$/, what: 'bills (缴费 tab)' },
  { name: 'pay-confirm', pattern: /(^|\/)pay\/.*confirm|confirm.*\/index$/, what: 'pay-confirm' },
  { name: 'outlets', pattern: /^pages\/outlets\/index$/, what: 'outlets' },
  { name: 'help', pattern: /^pages\/help\/index$|(^|\/)help\/index$/, what: 'help' },
];

/** The performance metrics printed beside the score. */
const PERFORMANCE_METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
  'total-byte-weight',
];

interface Score {
  name: string;
  route: string | null;
  category: 'accessibility' | 'performance';
  score: number | null;
  failing: string[];
  error?: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function runLighthouse(
  url: string,
  port: number,
  category: Score['category'],
  keepStorage: boolean,
): Promise<{ score: number | null; failing: string[]; report: unknown }> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [category],
    formFactor: 'mobile',
    // keep the audit resident's sign-in and elder mode in localStorage; the performance run of
    // the home page starts from nothing, as a newcomer does
    disableStorageReset: keepStorage,
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  const cat = lhr.categories[category];
  const audits = (cat?.auditRefs ?? []).map((ref) => lhr.audits[ref.id]);
  // accessibility: the failing checks; performance: the metrics and what would save the most
  const failing =
    category === 'accessibility'
      ? audits
          .filter((audit) => audit && audit.score !== null && audit.score < 1)
          .map((audit) => `${audit?.id ?? ''}: ${audit?.title ?? ''}`)
      : [
          ...PERFORMANCE_METRICS.map((id) => `${id}: ${lhr.audits[id]?.displayValue ?? 'n/a'}`),
          ...Object.values(lhr.audits)
            .filter((audit) => audit.details?.type === 'opportunity' && audit.score !== null && audit.score < 0.9)
            .map((audit) => `${audit.id}: ${audit.displayValue ?? audit.title}`),
        ];
  return { score: cat?.score ?? null, failing, report: lhr };
}

async function main(): Promise<number> {
  await fs.mkdir(OUT, { recursive: true });
  const demo = process.env.BIANMIN_URL ? null : await startDemo();
  const base = process.env.BIANMIN_URL?.replace(/\/$/, '') ?? demo?.url ?? '';
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'bianmin-lighthouse-'));
  const port = await freePort();
  // the default (persistent) context: the tabs Lighthouse opens share its localStorage
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME,
    headless: true,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  const scores: Score[] = [];
  try {
    const resident: DemoResident = await signInDemoResident(base);
    await setElderMode(resident, true);
    const setup = await context.newPage();
    // any page of the origin will do to write its localStorage; this one runs no app code
    await setup.goto(`${base}/api/health`);
    await setup.evaluate(
      (entries: Record<string, string>) => {
        // runs in the page; this script's tsconfig has no DOM types
        const storage = (globalThis as unknown as { localStorage: { setItem: (k: string, v: string) => void } })
          .localStorage;
        for (const [key, value] of Object.entries(entries)) storage.setItem(key, value);
      },
      browserStorageFor(resident, true),
    );
    // the app in this profile now starts as the audit resident, in elder mode: check it once
    await setup.goto(`${base}/`);
    await setup.locator('.bm-page.theme-elder').first().waitFor({ state: 'visible', timeout: 30_000 });
    await setup.close();

    const pages = await residentPages();
    for (const target of TARGETS) {
      let page: ResidentPage | null = null;
      try {
        page = findPage(pages, target.pattern, target.what);
        const url = pageUrl(base, page.route, await queryFor(page, resident));
        const { score, failing, report } = await runLighthouse(url, port, 'accessibility', true);
        await fs.writeFile(path.join(OUT, `${target.name}-elder.json`), JSON.stringify(report));
        scores.push({ name: target.name, route: page.route, category: 'accessibility', score, failing });
      } catch (err) {
        const error = (err as Error).message;
        scores.push({
          name: target.name,
          route: page?.route ?? null,
          category: 'accessibility',
          score: null,
          failing: [],
          error,
        });
      }
    }

    try {
      const { score, failing, report } = await runLighthouse(`${base}/`, port, 'performance', false);
      await fs.writeFile(path.join(OUT, 'home-performance.json'), JSON.stringify(report));
      scores.push({ name: 'home', route: 'pages/index/index', category: 'performance', score, failing });
    } catch (err) {
      const error = (err as Error).message;
      scores.push({
        name: 'home',
        route: 'pages/index/index',
        category: 'performance',
        score: null,
        failing: [],
        error,
      });
    }
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
    await demo?.stop();
  }

  await fs.writeFile(path.join(OUT, 'scores.json'), `${JSON.stringify(scores, null, 2)}\n`);
  say('\nLighthouse (mobile emulation; accessibility in elder mode must be 100):');
  for (const s of scores) {
    const shown = s.score === null ? 'n/a' : String(Math.round(s.score * 100));
    const gate = s.category === 'accessibility' ? (s.score === 1 ? 'ok' : 'FAIL') : 'info (issue 8 wants ≥ 90)';
    say(`  ${s.category.padEnd(13)} ${s.name.padEnd(12)} ${shown.padStart(4)}  ${gate}  ${s.route ?? ''}`);
    for (const f of s.failing) say(`      - ${f}`);
    if (s.error) say(`      ! ${s.error}`);
  }
  say(`Reports: ${path.relative(repoRoot, OUT)}/\n`);
  return scores.some((s) => s.category === 'accessibility' && s.score !== 1) ? 1 : 0;
}

process.exitCode = await main();
