import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageName, pageNames } from '@bianmin/shared';
import { allRoutes } from './a11y/pages';
import { repoRoot } from './helpers/process';

// Staff read the page a resident asked from by its name (shared `pageNames`), never its path: every
// page of app.config.ts has a name there, and it is the title the page itself shows.
describe('page names for the workbench', () => {
  it('names every page of the app with the title it shows', async () => {
    const routes = await allRoutes();
    const titles = Object.fromEntries(
      routes.map(({ route }) => {
        const config = readFileSync(path.join(repoRoot, 'miniapp', 'src', `${route}.config.ts`), 'utf8');
        return [route, /navigationBarTitleText:\s*'([^']+)'/.exec(config)?.[1] ?? null];
      }),
    );
    // the home page's bar says the app's name; staff read it as 首页, its tab's name
    expect(pageNames).toEqual({ ...titles, 'pages/index/index': '首页' });
    for (const { route } of routes) expect(pageName(`/${route}`)).toBe(`「${pageNames[route] ?? ''}」页`);
    expect(pageName('/pages/not-built-yet/index?x=1')).toBe('其他页面');
  });
});
