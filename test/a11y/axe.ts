import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

// axe-core's own build injected into the page: @axe-core/playwright's newest release needs
// Node >= 22.12 and these machines run Node 20 (see /work/shared/notes/taro-offline.md).
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts that fail the audit. */
export const FAILING_IMPACTS: ImpactValue[] = ['serious', 'critical'];

/** One failing rule, with the elements it found, short enough to read in a test failure. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs every axe-core rule (colour contrast included) on the page as rendered and returns the
 * violations of serious or critical impact.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.addScriptTag({ path: AXE_SCRIPT });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } })
      .axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact && FAILING_IMPACTS.includes(v.impact))
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`.slice(0, 300)),
    }));
}
