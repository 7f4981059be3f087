// Page objects for the portfolio web app: what a user does, named as they would say it.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../../helpers.js';
import { assertAccessible, newContext, screenshot } from '../support/browser.js';

export class AppPage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}
  goto(path: string) {
    return this.page.goto(`${this.base}${path}`);
  }
  /** axe with zero violations, and a screenshot when named. */
  async check(label: string, shot?: string) {
    // With JavaScript off axe cannot run in the page (its timers never fire). So the page's HTML as
    // rendered, scripts stripped, is checked in a scripted page on the same origin (same CSS).
    const noJs = await this.page.evaluate(() => !document.body.classList.contains('js-enabled'));
    if (noJs) {
      const html = (await this.page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
      const browser = this.page.context().browser();
      if (!browser) throw new Error('no browser');
      const ctx = await newContext(browser);
      try {
        const copy = await ctx.newPage();
        await copy.goto(`${new URL(this.page.url()).origin}/assets/app.css`);
        await copy.setContent(html, { waitUntil: 'load' });
        await assertAccessible(copy, `${label} (JavaScript off)`);
      } finally {
        await ctx.close();
      }
    } else {
      await assertAccessible(this.page, label);
    }
    if (shot) await screenshot(this.page, shot);
  }
  heading() {
    return this.page.locator('h1').innerText();
  }
  banner() {
    return this.page.locator('.govuk-notification-banner--success').innerText();
  }
  /** The error summary's links, as { text, href }. */
  async errorLinks() {
    return this.page
      .locator('.govuk-error-summary__list a')
      .evaluateAll((as) => as.map((a) => ({ text: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' })));
  }
  /** Each error summary link must point at a field that exists on the page. */
  async assertErrorsLinked(expected: string[]) {
    const links = await this.errorLinks();
    assert.deepEqual(links.map((l) => l.href).sort(), expected.map((f) => `#${f}`).sort(), JSON.stringify(links));
    for (const l of links) assert.equal(await this.page.locator(l.href).count(), 1, `no element for ${l.href}`);
  }
  async signIn(email: string, password = PASSWORD) {
    await this.goto('/sign-in');
    await this.page.fill('#email', email);
    await this.page.fill('#password', password);
    await this.page.click('button:has-text("Sign in")');
  }
  async signOut() {
    await this.page.click('button:has-text("Sign out")');
  }
  /** Presses a form's button; answers the status of the POST itself (303, 400, 409...). */
  async submit(text: string): Promise<number> {
    const [res] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      this.page.click(`main button:has-text("${text}")`),
    ]);
    await this.page.waitForLoadState('load');
    return res.status();
  }
}

export type ProjectFields = {
  title?: string;
  objective?: string;
  strand?: string;
  priorities?: string[];
  lead?: string;
  statutory?: boolean;
  forecastEnd?: string;
  umbrella?: string;
  decisionRefs?: string;
  stage?: 'Candidate' | 'Scoping' | 'Delivery';
  reason?: string;
};

export class ProjectFormPage extends AppPage {
  async fill(f: ProjectFields) {
    const p = this.page;
    if (f.title !== undefined) await p.fill('#title', f.title);
    if (f.objective !== undefined) await p.fill('#objective', f.objective);
    if (f.strand) await p.selectOption('#strandId', { label: f.strand });
    if (f.priorities) {
      for (const box of await p.locator('input[name="priorityIds"]').all()) await box.setChecked(false);
      for (const name of f.priorities) await p.getByLabel(name, { exact: true }).check();
    }
    if (f.lead !== undefined) await p.fill('#lead', f.lead);
    if (f.statutory !== undefined) await p.locator('#statutory').setChecked(f.statutory);
    if (f.forecastEnd !== undefined) await p.fill('#forecastEnd', f.forecastEnd);
    if (f.umbrella) await p.selectOption('#umbrellaId', { label: f.umbrella });
    // The notices to tick, by reference: each box reads "ID: 507: <title>".
    if (f.decisionRefs !== undefined)
      for (const ref of f.decisionRefs
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean))
        await p
          .locator('input[name="decisionIds"]')
          .and(p.getByLabel(`${ref}:`))
          .check();
    if (f.stage) await p.getByLabel(f.stage, { exact: true }).check();
    if (f.reason !== undefined) await p.fill('#reason', f.reason);
  }
  async create(f: ProjectFields) {
    await this.goto('/projects/new');
    await this.fill(f);
    return this.submit('Create project');
  }
}

export class ProjectPage extends AppPage {
  async open(id: string) {
    await this.goto(`/projects/${id}`);
  }
  idFromUrl() {
    return new URL(this.page.url()).pathname.split('/')[2];
  }
  stage() {
    return this.page.locator('#stage').innerText();
  }
  moveButtons() {
    return this.page.locator('#moves a.govuk-button').allInnerTexts();
  }
  /** Opens a move's form from the project page and records it. */
  async move(label: string, opts: { reason?: string; decisionRef?: string; into?: string; date?: [string, string, string] } = {}) {
    await this.page.click(`#moves a:has-text("${label}")`);
    await this.fillDecision(opts);
    if (opts.into) {
      const value = await this.page
        .locator('#intoId option', { hasText: `${opts.into} (` })
        .first()
        .getAttribute('value');
      await this.page.selectOption('#intoId', value as string);
    }
    return this.submit('Record');
  }
  async fillDecision(opts: { reason?: string; decisionRef?: string; date?: [string, string, string] }) {
    if (opts.date) {
      await this.page.fill('#effectiveOn-day', opts.date[0]);
      await this.page.fill('#effectiveOn-month', opts.date[1]);
      await this.page.fill('#effectiveOn-year', opts.date[2]);
    }
    if (opts.reason !== undefined) await this.page.fill('#reason', opts.reason);
    // The notice chosen from the office's register by its reference (the option reads "ID: 600: <title>").
    if (opts.decisionRef !== undefined) {
      const value = await this.page
        .locator('#decisionId option', { hasText: `${opts.decisionRef}:` })
        .first()
        .getAttribute('value');
      await this.page.selectOption('#decisionId', value as string);
    }
  }
  history() {
    return this.page.locator('#history').innerText();
  }
}

export class ProjectsListPage extends AppPage {
  async filter(f: {
    q?: string;
    stages?: string[];
    strand?: string;
    priority?: string;
    lead?: string;
    statutory?: string;
    endAfter?: string;
    endBefore?: string;
    sort?: string;
    order?: string;
  }) {
    const p = this.page;
    if (f.q !== undefined) await p.fill('#q', f.q);
    if (f.stages) for (const s of f.stages) await p.locator('.app-filters').getByLabel(s, { exact: true }).check();
    if (f.strand) await p.selectOption('#strandId', { label: f.strand });
    if (f.priority) await p.selectOption('#priorityId', { label: f.priority });
    if (f.lead !== undefined) await p.fill('#lead', f.lead);
    if (f.statutory) await p.locator('.app-filters').getByLabel(f.statutory, { exact: true }).check();
    if (f.endAfter !== undefined) await p.fill('#endAfter', f.endAfter);
    if (f.endBefore !== undefined) await p.fill('#endBefore', f.endBefore);
    if (f.sort) await p.selectOption('#sort', { label: f.sort });
    if (f.order) await p.selectOption('#order', { label: f.order });
    await Promise.all([p.waitForLoadState('load'), p.click('#apply-filters')]);
  }
  titles() {
    return this.page.locator('#projects-table tbody td:first-child a').allInnerTexts();
  }
  count() {
    return this.page.locator('#result-count').innerText();
  }
}
