// Keyboard only (Tab, Enter, Space; no mouse) and JavaScript switched off: the same portfolio tasks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';
import { AppPage, ProjectFormPage, ProjectPage } from './pages/app.js';
import { PASSWORD } from '../helpers.js';

/** Presses Tab until the focus is on an element matching `selector`. */
async function tabTo(page: Page, selector: string, max = 150) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}
async function pressAndLoad(page: Page, key: string) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

test('keyboard only, and with JavaScript off', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let office!: Awaited<ReturnType<typeof seedOffice>>;
  const { url } = await serve(t, async (s) => {
    office = await seedOffice(s);
  });
  const browser = await launch(t);

  await t.test('create a project and move it through each stage with the keyboard alone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const app = new AppPage(page, url);
    await app.goto('/sign-in');
    await tabTo(page, '#email');
    await page.keyboard.type(office.users.editor.email);
    await tabTo(page, '#password');
    await page.keyboard.type(PASSWORD);
    await pressAndLoad(page, 'Enter');
    assert.match(await app.heading(), /portfolio at a glance/);

    await tabTo(page, '.govuk-service-navigation a[href="/projects"]');
    await pressAndLoad(page, 'Enter');
    await tabTo(page, 'a[href="/projects/new"]');
    await pressAndLoad(page, 'Enter');
    assert.equal(await app.heading(), 'Create a project');

    // Sent empty: the error summary's first link takes the focus to the field.
    await tabTo(page, 'form button.govuk-button');
    await pressAndLoad(page, 'Enter');
    await app.assertErrorsLinked(['title', 'strandId', 'priorityIds']);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, '.govuk-error-summary a[href="#title"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'title');

    await page.keyboard.type('Keyboard project');
    await tabTo(page, '#strandId');
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.inputValue('#strandId'), '');
    await tabTo(page, '#priorityIds');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#priorityIds'), true);
    await tabTo(page, '#statutory');
    await page.keyboard.press('Space');
    await tabTo(page, '#forecastEnd');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2021-Q1');
    await tabTo(page, 'form button.govuk-button');
    await pressAndLoad(page, 'Enter');
    assert.match(await app.banner(), /Project “Keyboard project” created/);
    assert.match(await app.heading(), /Keyboard project \(statutory\)/);

    const project = new ProjectPage(page, url);
    const steps: { move: string; key: 'Enter' | 'Space'; reason?: string; stage: string }[] = [
      { move: 'scope', key: 'Enter', stage: 'Scoping' },
      { move: 'deliver', key: 'Space', stage: 'Delivery' },
      { move: 'hold', key: 'Enter', reason: 'Waiting for the new financial year', stage: 'On hold' },
      { move: 'resume', key: 'Enter', stage: 'Delivery' },
      { move: 'complete', key: 'Enter', stage: 'Completed' },
    ];
    for (const s of steps) {
      await tabTo(page, `#moves a[href$="/move/${s.move}"]`);
      // Space works on these link-buttons through govuk-frontend's button module; Enter always does.
      await pressAndLoad(page, s.key);
      if (s.reason) {
        await tabTo(page, '#reason');
        await page.keyboard.type(s.reason);
      }
      await tabTo(page, 'form button.govuk-button');
      await pressAndLoad(page, s.key);
      assert.equal(await project.stage(), s.stage, s.move);
    }
    assert.match(await project.history(), /Why: Waiting for the new financial year/);
    await app.check('project page after keyboard run', 'keyboard-completed');
    await context.close();
  });

  await t.test('every task works with JavaScript switched off', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const app = new AppPage(page, url);
    const form = new ProjectFormPage(page, url);
    const project = new ProjectPage(page, url);
    await app.signIn(office.users.editor.email);
    assert.equal(await page.evaluate(() => document.body.classList.contains('js-enabled')), false);
    await app.check('home, no JavaScript');
    assert.equal(await form.create({ title: '' }), 400);
    await form.assertErrorsLinked(['title', 'strandId', 'priorityIds']);
    await app.check('create form errors, no JavaScript');
    assert.equal(await form.create({ title: 'No script project', strand: 'Policing', priorities: ['Reduce offending'], forecastEnd: '2020-Q3' }), 303);
    assert.match(await app.banner(), /created/);
    const id = project.idFromUrl();
    assert.equal(await project.move('Start scoping'), 303);
    await page.click('#moves a:has-text("Close")');
    assert.equal(await project.submit('Record'), 400);
    await app.check('move error, no JavaScript');
    await project.fillDecision({ reason: 'No longer needed' });
    assert.equal(await project.submit('Record'), 303);
    assert.equal(await project.stage(), 'Closed');
    await app.goto('/projects');
    await page.locator('.app-filters').getByLabel('Closed', { exact: true }).check();
    await page.click('#apply-filters');
    assert.deepEqual(await page.locator('#projects-table tbody td:first-child a').allInnerTexts(), ['No script project']);
    await app.check('filtered list, no JavaScript', 'projects-no-js');
    await project.open(id);
    await app.check('project page, no JavaScript');
    await context.close();
  });
});
