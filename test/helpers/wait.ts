/**
 * Resolves once `check` answers true, asking again every `intervalMs`. It has no deadline of its
 * own: the test's timeout bounds it, so a slow or loaded machine makes a test slower, never red.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, intervalMs = 100): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, intervalMs));
}
