import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsDone, launchBrowser, phoneContext, screenshot } from '../helpers/browser';
import { startDemo, type Demo } from '../helpers/demo';
import { repoRoot } from '../helpers/process';
import { axeViolations, type AxeFinding } from './axe';
import { layoutFaultsInPage, scrollPageTo, type LayoutFault } from './layout';
import { CLICKABLE_SELECTOR, ELDER_FLOORS, measureInPage, NORMAL_FLOORS, type PageFigures } from './measure';
import {
  allRoutes,
  AUDIT_POSITION,
  browserStorageFor,
  PAGE_STATES,
  pageUrl,
  queryFor,
  residentPages,
  setElderMode,
  signInDemoResident,
  type DemoResident,
} from './pages';

// Every resident page of the H5 build, in normal and in elder mode, on a 375 × 667 phone and on a
// 320 × 568 one, at the top and scrolled to the bottom: axe-core finds no serious or critical
// violation (colour contrast included, at 375), the rendered page keeps its text, line height and
// touch targets above the floors of DESIGN.md "Elder mode", and its layout has none of the faults
// of layout.ts: the help button over or touching a control, text squeezed one character a line,
// text cut off. One page load per page and mode: the phone is resized and the page scrolled within
// it. The figures go to .artifacts/a11y/figures.json and a table in the output; screenshots of
// every page, mode, width and scroll position to .artifacts/screenshots/.

const pages = await residentPages();

/** Each page once in its first view, and once more in each further state of PAGE_STATES. */
const views = pages.flatMap((page) => [
  { name: page.route, page, state: undefined },
  ...(PAGE_STATES[page.route] ?? []).map((state) => ({ name: `${page.route} (${state.name})`, page, state })),
]);

/** The phones: the one the elder sizes are specified at, and a narrow one (iPhone SE, first model). */
const VIEWPORTS = [
  { width: 375, height: 667 },
  { width: 320, height: 568 },
] as const;

const MODES = [
  { mode: 'normal', elderMode: false, floors: NORMAL_FLOORS },
  { mode: 'elder', elderMode: true, floors: ELDER_FLOORS },
] as const;

/** How long a page may take to show its root before it counts as one that cannot be opened. */
const OPEN_TIMEOUT_MS = 30_000;

interface Row {
  mode: string;
  route: string;
  url: string;
  /** At 375 × 667, at the top. */
  figures: PageFigures;
  /** The layout faults found at any width and scroll position, each once. */
  layout: LayoutFault[];
  violations: AxeFinding[];
  problems: string[];
}

function table(rows: Row[]): string {
  const head = [
    'mode',
    'page',
    'min text px',
    'min line h.',
    'min target (w×h)',
    'targets',
    'primary',
    'axe s/c',
    'layout',
    'ok',
  ];
  const body = rows.map((r) => [
    r.mode,
    r.route,
    String(r.figures.minFontPx),
    String(r.figures.minLineHeight),
    r.figures.minTarget ? `${r.figures.minTarget.width}×${r.figures.minTarget.height}` : '-',
    String(r.figures.targetCount),
    String(r.figures.primaryActions),
    String(r.violations.length),
    String(r.layout.length),
    r.problems.length === 0 ? 'yes' : `NO (${r.problems.length})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  return [head, ...body].map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

describe('every resident page of the H5 build', () => {
  // set by beforeAll; undefined when it failed half-way, so afterAll closes only what there is
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  let resident: DemoResident;
  /** The running demo and browser, for the tests (beforeAll failing fails them anyway). */
  const running = (): { demo: Demo; browser: Browser } => {
    if (!demo || !browser) throw new Error('the demo or the browser did not start');
    return { demo, browser };
  };
  const rows: Row[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    resident = await signInDemoResident(running().demo.url);
  });

  afterAll(async () => {
    if (rows.length > 0) {
      const dir = path.join(repoRoot, '.artifacts', 'a11y');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'figures.json'), `${JSON.stringify(rows, null, 2)}\n`);
      process.stdout.write(
        `\nAccessibility figures per page (375×667 CSS px; layout: faults at 375 and 320 wide, top and bottom):\n${table(rows)}\n\n`,
      );
    }
    await browser?.close();
    await demo?.stop();
  });

  it('audits every page of app.config.ts except the staff workbench', async () => {
    const routes = await allRoutes();
    expect(pages.map((p) => p.route)).toEqual(routes.filter((r) => !r.staff).map((r) => r.route));
    expect(pages.map((p) => p.route)).toContain('pages/index/index');
    expect(pages.some((p) => p.route.startsWith('packages/agent'))).toBe(false);
  });

  it('switches elder mode on with one tap on the home page, remembers it per user, paints it first on the next start and shows the four entries big on the first screen', async () => {
    const { demo, browser } = running();
    const newcomer = await signInDemoResident(demo.url);
    const context = await phoneContext(browser);
    try {
      await context.addInitScript((openid: string) => {
        // the same person on this phone: the app's own storage, nothing of elder mode in it yet
        if (!localStorage.getItem('bianmin.h5Openid')) {
          localStorage.setItem('bianmin.h5Openid', JSON.stringify({ data: openid }));
        }
        // the classes of the page root when it first enters the DOM, before the browser paints it
        const seen: string[] = [];
        (window as unknown as { firstPageClasses: string[] }).firstPageClasses = seen;
        new MutationObserver(() => {
          const root = document.querySelector('.bm-page');
          if (root && seen.length === 0) seen.push(`${root.className} / html ${document.documentElement.className}`);
        }).observe(document, { childList: true, subtree: true });
      }, newcomer.openid);
      const firstClasses = (tab: Page) =>
        tab.evaluate(() => (window as unknown as { firstPageClasses: string[] }).firstPageClasses[0] ?? '');

      const first = await context.newPage();
      await first.goto(`${demo.url}/`);
      const toggle = first.getByRole('switch', { name: '长辈模式' });
      await toggle.waitFor({ state: 'visible', timeout: OPEN_TIMEOUT_MS });
      expect(await firstClasses(first)).toContain('theme-normal');
      const saved = first.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
      await toggle.click();
      expect((await saved).status()).toBe(200);
      await first.close();

      const me = await fetch(`${demo.url}/api/me`, { headers: { Authorization: `Bearer ${newcomer.token}` } });
      expect(((await me.json()) as { elderMode: boolean }).elderMode).toBe(true);

      const next = await context.newPage();
      await next.goto(`${demo.url}/`);
      await next.locator('.bm-page').first().waitFor({ state: 'visible', timeout: OPEN_TIMEOUT_MS });
      const painted = await firstClasses(next);
      expect(painted).toContain('theme-elder');
      expect(painted).toMatch(/html .*theme-elder/);

      // the elder home: the switch near the top, and the four things elders do most, big and all
      // on the first screen above the dock and the tab bar
      const switchBox = await next.getByRole('switch', { name: '长辈模式' }).boundingBox();
      expect(switchBox?.y).toBeLessThan(200);
      expect(switchBox?.height).toBeGreaterThanOrEqual(60);
      // the first screen ends where the dock (the help button's strip) starts, above the tab bar
      const tabBarTop = (await next.locator('.weui-tabbar').boundingBox())?.y ?? 667;
      const dockTop = (await next.locator('.bm-dock').filter({ visible: true }).first().boundingBox())?.y ?? tabBarTop;
      const screenEnd = Math.min(tabBarTop, dockTop);
      const entries = next.locator('.home__entry').filter({ visible: true });
      await expect.poll(() => entries.count()).toBe(4);
      for (const entry of await entries.all()) {
        const box = await entry.boundingBox();
        expect(box, 'a home entry').not.toBeNull();
        if (!box) continue;
        expect(box.y + box.height).toBeLessThanOrEqual(screenEnd);
        expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(60);
        const titleSize = await entry
          .locator('.home__entry-title')
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(titleSize).toBeGreaterThanOrEqual(30);
      }
      await next.close();
    } finally {
      await context.close();
    }
  });

  describe.each(MODES)('in $mode mode', ({ mode, elderMode, floors }) => {
    let context: BrowserContext | undefined;

    beforeAll(async () => {
      await setElderMode(resident, elderMode);
      context = await phoneContext(running().browser, { geolocation: AUDIT_POSITION });
      // the app signs in as the audit resident and paints its first frame in this mode
      await context.addInitScript(
        (entries: Record<string, string>) => {
          for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
        },
        browserStorageFor(resident, elderMode),
      );
    });

    afterAll(async () => {
      await context?.close();
    });

    it.each(views.map((v) => [v.name, v] as const))(
      '%s has no serious axe violation, keeps text and targets above the floors and lays out clean at 375 and 320 wide',
      async (name, { page: residentPage, state }) => {
        const { route } = residentPage;
        const query = await queryFor(residentPage, resident);
        const url = pageUrl(running().demo.url, route, query);
        if (!context) throw new Error(`no browser context for ${mode} mode`);
        const tab = await context.newPage();
        const problems: string[] = [];
        tab.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
        tab.on('response', (res) => {
          const at = new URL(res.url());
          if (at.pathname.startsWith('/api/') && res.status() >= 400) {
            problems.push(`${res.request().method()} ${at.pathname}${at.search} answered ${res.status()}`);
          }
        });
        if (state) {
          await tab.addInitScript((entries: Record<string, string>) => {
            for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
          }, state.storage);
        }
        try {
          await tab.goto(url);
          const root = tab.locator(`.bm-page${elderMode ? '.theme-elder' : '.theme-normal'}`).filter({ visible: true });
          try {
            await root.first().waitFor({ state: 'visible', timeout: OPEN_TIMEOUT_MS });
            if (state) await tab.getByText(state.shows).first().waitFor({ state: 'visible', timeout: OPEN_TIMEOUT_MS });
          } catch {
            throw new Error(
              `cannot open ${url}${state ? ` in its state "${state.name}" (showing "${state.shows}")` : ''}: ` +
                `no visible <Page> root in ${mode} mode after ${OPEN_TIMEOUT_MS / 1000} s` +
                (problems.length ? ` (${problems.join('; ')})` : ''),
            );
          }
          const hash = await tab.evaluate(() => location.hash);
          expect(hash, 'the router stayed on the page').toContain(route);
          await tab.waitForLoadState('networkidle');
          // the fonts are in, and the transitions that started with the page (the switch's) are over
          await tab.evaluate(() => document.fonts.ready.then(() => undefined));
          await animationsDone(tab);

          const figures = await tab.evaluate(measureInPage, { floors, clickable: CLICKABLE_SELECTOR });
          const violations = await axeViolations(tab);
          const layout = new Map<string, LayoutFault & { at: string }>();
          const file = `${mode}-${route.replace(/\/index$/, '').replace(/\//g, '-')}${state ? `-${state.name}` : ''}`;
          for (const viewport of VIEWPORTS) {
            await tab.setViewportSize(viewport);
            for (const where of ['top', 'bottom'] as const) {
              const scrolls = await tab.evaluate(scrollPageTo, where);
              // a page that fits on the screen has no other bottom
              if (where === 'bottom' && scrolls === 0) continue;
              const at = `${viewport.width} wide, ${where}`;
              // the floors again where the width may change sizes (targets in a grid), once a width
              if (where === 'top' && viewport.width !== 375) {
                const narrow = await tab.evaluate(measureInPage, { floors, clickable: CLICKABLE_SELECTOR });
                for (const o of narrow.smallTargets) {
                  problems.push(
                    `target under ${floors.minTargetPx}×${floors.minTargetPx} at ${at}: ${o.element} "${o.text}" ${o.value}`,
                  );
                }
              }
              for (const fault of await tab.evaluate(layoutFaultsInPage, {
                help: '.bm-help',
                clickable: CLICKABLE_SELECTOR,
              })) {
                const key = `${fault.check} ${fault.element} ${fault.text}`;
                if (!layout.has(key)) layout.set(key, { ...fault, at });
              }
              await screenshot(tab, `a11y-${file}-${viewport.width}-${where}`, { scale: 'css' });
            }
          }

          for (const v of violations) problems.push(`axe ${v.impact} ${v.rule} (${v.help}): ${v.nodes.join(' | ')}`);
          for (const o of figures.smallText)
            problems.push(`text under ${floors.minFontPx}px: ${o.element} "${o.text}" ${o.value}`);
          for (const o of figures.tightLines) {
            problems.push(`line height under ${floors.minLineHeight}: ${o.element} "${o.text}" ${o.value}`);
          }
          for (const o of figures.smallTargets) {
            problems.push(
              `target under ${floors.minTargetPx}×${floors.minTargetPx}: ${o.element} "${o.text}" ${o.value}`,
            );
          }
          if (figures.primaryActions > 1) {
            problems.push(`${figures.primaryActions} primary buttons on one screen: one primary action per screen`);
          }
          for (const f of layout.values())
            problems.push(`${f.check} at ${f.at}: ${f.element} "${f.text}": ${f.detail}`);
          expect(figures.textCount, 'the page shows some text').toBeGreaterThan(0);
          rows.push({
            mode,
            route: name,
            url,
            figures,
            layout: [...layout.values()],
            violations,
            problems: [...problems],
          });
          expect(problems, `${name} in ${mode} mode`).toEqual([]);
        } finally {
          await tab.close();
        }
      },
    );
  });
});
