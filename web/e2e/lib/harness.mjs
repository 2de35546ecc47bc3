// A minimal test harness: named tests, each in a fresh browser context, a screenshot per test
// (also on failure), and a summary. Assertions throw with a message that says what was expected.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export class AssertionError extends Error {}
export function assert(cond, message) {
  if (!cond) throw new AssertionError(message);
}
export function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Polls `probe` until it returns a truthy value (returned), or fails with `what` after `ms`. */
export async function eventually(probe, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new AssertionError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function runTests(tests, { browser, baseURL, screenshotDir, docsDir, only }) {
  if (!only) rmSync(screenshotDir, { recursive: true, force: true }); // no stale screenshots of earlier runs
  mkdirSync(screenshotDir, { recursive: true });
  const results = [];
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const context = await browser.newContext({
      baseURL,
      viewport: t.viewport ?? DESKTOP,
      locale: 'en-US',
      deviceScaleFactor: 1,
      isMobile: t.viewport === PHONE,
      hasTouch: t.viewport === PHONE,
    });
    context.setDefaultTimeout(15_000);
    const pages = [];
    const consoleErrors = [];
    context.on('page', (p) => {
      pages.push(p);
      p.on('pageerror', (e) => consoleErrors.push(String(e)));
    });
    const started = Date.now();
    // A screenshot of the page; `docs` names the copy for the documentation (--docs-screenshots).
    const shot = async (page, suffix = '', { docs } = {}) => {
      const file = path.join(screenshotDir, `${t.name}${suffix}.png`);
      await page.screenshot({ path: file, fullPage: t.fullPage ?? true });
      if (docs && docsDir) copyFileSync(file, path.join(docsDir, `${docs}.png`));
      return file;
    };
    try {
      await t.run({ context, newPage: () => context.newPage(), shot });
      assert(consoleErrors.length === 0, `uncaught errors in the page: ${consoleErrors.join(' | ')}`);
      results.push({ name: t.name, ok: true, ms: Date.now() - started });
      console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      const last = pages[pages.length - 1];
      if (last && !last.isClosed()) await shot(last, '-FAILED').catch(() => {});
      results.push({ name: t.name, ok: false, error: e });
      console.log(`  ✘ ${t.name}: ${e instanceof AssertionError ? e.message : e.stack || e}`);
    } finally {
      await context.close();
    }
  }
  return results;
}
