// The plan's journey in real Chromium (issue 16): an admin drafts a plan, adds chapters and
// commitments, an editor links a project, the plan goes through consultation to published, and
// the public site shows it; axe (WCAG 2.2 AA) finds nothing on any page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD } from '../helpers.js';
import { assertAccessible, hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';

test('draft a plan, add chapters and commitments, link a project, consult, publish, see it on the public site', {
  skip: !hasChromium() && 'no Chromium',
}, async (t) => {
  const { url } = await serve(t, async (services) => {
    const o = await seedOffice(services);
    await services.projects.create({
      by: o.editor,
      input: { title: 'Beacon victims hub expansion', strandId: o.strands[0].id, priorityIds: [o.priorities[0].id], forecastEnd: '2027-Q4' },
    });
  });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const signIn = async (who: string) => {
    // Another person at the same browser: the previous session's cookies go first.
    await ctx.clearCookies();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email address').fill(`${who}@north.example.org`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);
  };
  const fillDate = async (name: string, d: string, m: string, y: string) => {
    await page.fill(`#${name}-day`, d);
    await page.fill(`#${name}-month`, m);
    await page.fill(`#${name}-year`, y);
  };
  const submit = async (name: string) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
    await page.waitForLoadState('load');
  };

  await signIn('admin');
  await page.goto(`${url}/plans`);
  await assertAccessible(page, 'plans');
  await page.getByRole('button', { name: 'Create a plan' }).click();
  await assertAccessible(page, 'plan-new');
  // An error first: the summary links to the field.
  await submit('Create the draft');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the plan’s title/);
  await assertAccessible(page, 'plan-new-errors');
  await page.fill('#title', 'Community Safety and Criminal Justice Plan 2027-2032');
  await fillDate('periodStart', '1', '4', '2027');
  await fillDate('periodEnd', '31', '3', '2032');
  await page.getByLabel('Chapters').check();
  await submit('Create the draft');
  assert.match(await page.locator('h1').innerText(), /Community Safety and Criminal Justice Plan 2027-2032/);
  const planUrl = page.url();
  await assertAccessible(page, 'plan-draft');

  for (const name of ['Putting Victims at the Centre', 'Holding to Account']) {
    await page.getByRole('link', { name: 'Add a chapter' }).click();
    await page.fill('#name', name);
    await assertAccessible(page, 'section-new');
    await submit('Add chapter');
  }
  await page.getByRole('link', { name: 'Add a commitment' }).click();
  await page.selectOption('#sectionId', { label: 'Putting Victims at the Centre' });
  await page.fill('#text', 'Expand the remit of Beacon, the Victims’ Care Hub');
  await assertAccessible(page, 'commitment-new');
  await submit('Add commitment');
  await page.getByRole('link', { name: 'Statutory contents' }).click();
  await page
    .getByLabel('The means by which the Chief Constable’s performance in providing policing will be measured')
    .selectOption({ label: 'Holding to Account' });
  await assertAccessible(page, 'statutory');
  await submit('Save statutory contents');
  assert.match(await page.locator('#statutory-missing').innerText(), /crime and disorder reduction grants/);
  await page.goto(`${planUrl}/timetable`);
  await page.fill('#title', 'Draft circulated to the Police and Crime Panel');
  await page.getByLabel('Police and Crime Panel').check();
  await fillDate('startsOn', '28', '11', '2026');
  await page.getByLabel('This is a statutory step').check();
  await submit('Add step');
  await assertAccessible(page, 'timetable');
  // The Panel's recommendations a Panel step records: none yet.
  await page.getByRole('link', { name: /Link the Panel’s recommendations/ }).click();
  assert.match(await page.locator('main').innerText(), /The Panel has made no recommendations yet/);
  await assertAccessible(page, 'milestone-panel');

  // Moving to the new plan: the first chapter carries on the first priority of the plan in force.
  await page.goto(planUrl);
  await page.getByRole('link', { name: 'Carry over from the previous plan' }).click();
  await page.locator('select[name^="section-"]').first().selectOption({ index: 1 });
  await assertAccessible(page, 'carry-over');
  await submit('Save');
  assert.match(await page.locator('main').innerText(), /Carries on “[^”]+” of Police and Crime Plan 2016-2021/);

  // The editor links the project that delivers the commitment.
  await signIn('editor');
  await page.goto(planUrl);
  await page.getByRole('link', { name: /What delivers it/ }).click();
  await page.selectOption('#item', { label: 'Project: Beacon victims hub expansion' });
  await assertAccessible(page, 'commitment');
  await submit('Link');
  assert.match(await page.locator('#delivery').innerText(), /Beacon victims hub expansion \(Candidate\)/);

  // The admin moves it on: publishing from draft is not offered; consultation, then published.
  await signIn('admin');
  await page.goto(planUrl);
  await page.getByRole('link', { name: 'Move to consultation' }).click();
  await assertAccessible(page, 'status');
  await fillDate('on', '28', '11', '2026');
  await submit('Move to consultation');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter why/);
  await page.fill('#reason', 'Draft circulated to the Panel');
  await submit('Move to consultation');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The plan is now consultation/);

  // The public: the consultation and its timetable.
  const anon = await (await newContext(browser)).newPage();
  await anon.goto(`${url}/o/north`);
  await assertAccessible(anon, 'public-entrance');
  await anon.getByRole('link', { name: 'Community Safety and Criminal Justice Plan 2027-2032' }).click();
  assert.match(await anon.locator('#timetable').innerText(), /Draft circulated to the Police and Crime Panel/);
  await assertAccessible(anon, 'public-plan-consultation');

  await page.getByRole('link', { name: 'Move to published' }).click();
  await fillDate('on', '6', '2', '2027');
  await page.fill('#reason', 'Signed off');
  await submit('Move to published');
  assert.match(await page.locator('#plan-history').innerText(), /Consultation to published/);
  assert.match(await page.locator('#plan-history').innerText(), /1 project and 0 links to what delivers a commitment carried over/);
  await assertAccessible(page, 'plan-published');

  // The admin's Specified Information checklist: a bad address is refused with the summary, then saved.
  await page.goto(`${url}/admin/specified-information`);
  await assertAccessible(page, 'specified');
  await page
    .locator('#item-spending')
    .getByRole('link', { name: /Give a link/ })
    .click();
  await page.fill('#url', 'not a web address');
  await fillDate('updatedOn', '1', '11', '2026');
  await submit('Save');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a web address starting https:\/\//);
  await assertAccessible(page, 'specified-item-errors');
  await page.fill('#url', 'https://north.example.gov.uk/spending');
  await submit('Save');
  assert.match(await page.locator('#item-spending').innerText(), /Published elsewhere/);

  await anon.goto(`${url}/o/north`);
  assert.match(await anon.locator('#plan-in-force').innerText(), /Community Safety and Criminal Justice Plan 2027-2032/);
  assert.match(await anon.locator('#past-plans').innerText(), /Police and Crime Plan 2016-2021/);
  // The public site's papers and targets sections.
  await anon.getByRole('link', { name: 'Quarterly delivery papers' }).click();
  assert.match(await anon.locator('main').innerText(), /No quarterly paper has been published yet/);
  await assertAccessible(anon, 'public-papers');
  await anon.goto(`${url}/o/north`);
  await anon.getByRole('link', { name: 'Targets and how they are doing' }).click();
  await assertAccessible(anon, 'public-targets');
  await anon.goto(`${url}/o/north`);
  await anon.getByRole('link', { name: 'Accessibility statement' }).click();
  await assertAccessible(anon, 'accessibility');
});
