// Real Chromium (Debian's) through playwright-core, with axe-core injected into every page checked.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../src/documents/pdf.js';

const require = createRequire(import.meta.url);
const axeSource = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;

export const CHROMIUM = process.env.PCP_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM);
export const ARTIFACTS = join(import.meta.dirname, '../../../artifacts/screenshots');

export async function launch(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  t.after(() => browser.close());
  return browser;
}

/** A context as a user would have it; bypassCSP only so that axe can be injected. */
export async function newContext(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    bypassCSP: true,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    ignoreHTTPSErrors: true,
  });
}

export type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] };

/** axe with the WCAG 2.0-2.2 A/AA tags; returns the violations (the tests assert there are none). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // A click on a link returns once the navigation has begun, not once the next page has loaded: run
  // axe on the page loaded, again if the document was replaced under it (CI saw "Cannot read
  // properties of null (reading 'appendChild')": no <head> yet).
  for (let attempt = 1; ; attempt++) {
    await page.waitForLoadState('load');
    try {
      return await runAxe(page);
    } catch (e) {
      if (attempt >= 3 || !/appendChild|Execution context was destroyed|navigat/i.test(String(e))) throw e;
      await page.waitForTimeout(100);
    }
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
}

/** Fails with a readable list when the page has any axe violation. */
export async function assertAccessible(page: Page, label: string) {
  const v = await axe(page);
  if (v.length) {
    const lines = v.map(
      (x) =>
        `${x.id} (${x.impact}): ${x.help}\n    ${x.nodes
          .map((n) => n.html)
          .slice(0, 3)
          .join('\n    ')}`,
    );
    throw new Error(`axe found ${v.length} violation(s) on ${label}:\n  ${lines.join('\n  ')}`);
  }
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
