// An editor runs the portfolio from the browser: every page and state checked with axe.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';
import { AppPage, ProjectFormPage, ProjectPage, ProjectsListPage } from './pages/app.js';

test('an editor creates, moves, extends, merges, edits, filters and downloads projects', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let office!: Awaited<ReturnType<typeof seedOffice>>;
  const { url, services } = await serve(t, async (s) => {
    office = await seedOffice(s);
    // Decision notices are chosen from the office's register, so the ones the editor names exist.
    for (const [reference, title] of [
      ['ID: 507', 'Barnahus business case'],
      ['ID: 600', 'Barnahus gate 1'],
      ['ID: 611', 'Barnahus extension'],
    ])
      await s.decisions.create({ by: office.editor, input: { reference, title } });
  });
  const browser = await launch(t);
  const context = await newContext(browser);
  const page = await context.newPage();
  const app = new AppPage(page, url);
  const form = new ProjectFormPage(page, url);
  const project = new ProjectPage(page, url);
  const list = new ProjectsListPage(page, url);

  await app.signIn(office.users.editor.email);
  assert.match(await app.heading(), /North OPCC/);
  assert.match(await page.locator('.app-header__user').innerText(), /North editor \(editor\)/);
  assert.equal(await page.locator('#count-current').innerText(), '0');
  await app.check('home, empty', 'home-empty');

  await app.goto('/projects');
  assert.match(await list.count(), /No projects match/);
  await app.check('projects list, empty', 'projects-empty');

  // The create form: empty, then every error linked to its field, answers kept.
  await app.goto('/projects/new');
  await app.check('create project, empty', 'project-create');
  await form.fill({ title: '', lead: 'Kept Lead', forecastEnd: '2020-Q9' });
  await page.fill('#effectiveOn-day', '30');
  await page.fill('#effectiveOn-month', '2');
  await page.fill('#effectiveOn-year', '2020');
  assert.equal(await form.submit('Create project'), 400);
  await form.assertErrorsLinked(['title', 'strandId', 'priorityIds', 'forecastEnd', 'effectiveOn-day']);
  assert.equal(await page.inputValue('#lead'), 'Kept Lead');
  assert.equal(await page.inputValue('#effectiveOn-day'), '30');
  assert.match(await page.title(), /^Error: /);
  await app.check('create project, errors', 'project-create-errors');

  // Projects in each starting stage.
  assert.equal(
    await form.create({
      title: 'Barnahus',
      objective: 'A child house for victims of abuse',
      strand: 'Big Issues',
      priorities: ['Champion community needs', 'Reduce offending'],
      lead: 'Jo Bloggs',
      statutory: true,
      forecastEnd: '2020-Q2',
      decisionRefs: 'ID: 507',
    }),
    303,
  );
  assert.match(await app.banner(), /Project “Barnahus” created/);
  const barnahus = project.idFromUrl();
  assert.match(await app.heading(), /Barnahus \(statutory\)/);
  const details = await page.locator('#details').innerText();
  for (const s of ['Q2 2020', 'Champion community needs, Reduce offending', 'Jo Bloggs', 'ID: 507', 'Big Issues']) assert.ok(details.includes(s), s);
  assert.deepEqual(await project.moveButtons(), ['Start scoping', 'Place on hold', 'Close', 'Merge into another project']);
  await app.check('project page, new', 'project-new');

  await form.create({ title: 'Youth diversion', strand: 'Policing', priorities: ['Reduce offending'], stage: 'Scoping', forecastEnd: '2020-04' });
  const youth = project.idFromUrl();
  await form.create({
    title: 'Knife crime',
    strand: 'Policing',
    priorities: ['Reduce offending'],
    stage: 'Delivery',
    forecastEnd: '2020-Q2',
    lead: 'Sam Lead',
  });
  const knife = project.idFromUrl();
  await form.create({ title: 'Rural crime', strand: 'Policing', priorities: ['Champion community needs'] });
  const rural = project.idFromUrl();
  await form.create({ title: 'CCTV renewal', strand: 'Big Issues', priorities: ['Champion community needs'], umbrella: 'Barnahus' });
  assert.match(await page.locator('#links').innerText(), /Umbrella project\s+Barnahus/);

  // Through every stage: scope, deliver, hold (reason required), resume, complete.
  await project.open(barnahus);
  await page.click('#moves a:has-text("Start scoping")');
  await app.check('move form, empty', 'move-form');
  await project.fillDecision({ reason: 'Approved at gate 1', decisionRef: 'ID: 600' });
  assert.equal(await project.submit('Record'), 303);
  assert.match(await app.banner(), /the project is now in scoping\./);
  assert.equal(await project.stage(), 'Scoping');
  assert.equal(await project.move('Start delivery'), 303);
  await page.click('#moves a:has-text("Place on hold")');
  assert.equal(await project.submit('Record'), 400);
  await project.assertErrorsLinked(['reason']);
  await app.check('move form, error', 'move-form-error');
  await project.fillDecision({ reason: 'Funding paused' });
  assert.equal(await project.submit('Record'), 303);
  assert.equal(await project.stage(), 'On hold');
  assert.deepEqual(await project.moveButtons(), ['Resume', 'Close', 'Merge into another project']);
  assert.equal(await project.move('Resume'), 303);
  assert.equal(await project.stage(), 'Delivery');
  assert.equal(await project.move('Complete'), 303);
  assert.equal(await project.stage(), 'Completed');
  assert.deepEqual(await project.moveButtons(), []);
  const hist = await project.history();
  for (const s of [
    'Complete',
    'Resume',
    'Place on hold',
    'Why: Funding paused',
    'Start delivery',
    'Start scoping',
    'Decision notice: ID: 600',
    'Stage: Candidate → Scoping',
    'Project created',
    'By North editor',
  ])
    assert.ok(hist.includes(s), s);
  assert.match(await page.locator('#links').innerText(), /Projects under this one\s+CCTV renewal/);
  await app.check('project page, completed with history', 'project-history');

  // Complete at the end of scoping; close.
  await project.open(youth);
  assert.equal(await project.move('Complete at end of scoping'), 303);
  assert.equal(await project.stage(), 'Completed');
  await project.open(rural);
  await page.click('#moves a:has-text("Close")');
  assert.equal(await project.submit('Record'), 400);
  await project.fillDecision({ reason: 'Absorbed into business as usual' });
  assert.equal(await project.submit('Record'), 303);
  assert.equal(await project.stage(), 'Closed');

  // Extend the forecast end: an earlier date is refused, a later one needs a reason.
  await project.open(knife);
  await page.click('a:has-text("Extend the forecast end")');
  await app.check('extend form, empty', 'extend-form');
  await page.fill('#forecastEnd', '2019-Q4');
  assert.equal(await project.submit('Extend'), 400);
  await project.assertErrorsLinked(['forecastEnd', 'reason']);
  assert.equal(await page.inputValue('#forecastEnd'), '2019-Q4');
  await app.check('extend form, errors', 'extend-form-errors');
  await page.fill('#forecastEnd', '2021-Q4');
  await project.fillDecision({ reason: 'Supplier delay', decisionRef: 'ID: 611' });
  assert.equal(await project.submit('Extend'), 303);
  assert.match(await app.banner(), /extended to Q4 2021/);
  assert.match(await project.history(), /Forecast end: Q2 2020 → Q4 2021/);
  assert.match(await page.locator('#details').innerText(), /ID: 611/);

  // Merge others into this one: a choice of projects; none chosen is an error.
  await form.create({ title: 'Hate crime', strand: 'Policing', priorities: ['Reduce offending'] });
  const hate = project.idFromUrl();
  await form.create({ title: 'Online fraud', strand: 'Policing', priorities: ['Reduce offending'] });
  await project.open(knife);
  await page.click('a:has-text("Merge projects into this one")');
  await page.fill('#reason', 'Overlapping aims');
  assert.equal(await project.submit('Merge projects'), 400);
  await project.assertErrorsLinked(['sourceIds']);
  assert.equal(await page.inputValue('#reason'), 'Overlapping aims');
  await app.check('merge form, error', 'merge-form-error');
  await page.getByLabel('CCTV renewal', { exact: false }).check();
  await page.getByLabel('Hate crime', { exact: false }).check();
  assert.equal(await project.submit('Merge projects'), 303);
  assert.match(await app.banner(), /2 projects merged in/);
  assert.match(await page.locator('#links').innerText(), /Merged from\s+CCTV renewal, Hate crime/);
  await project.open(hate);
  assert.equal(await project.stage(), 'Merged');
  assert.match(await page.locator('#links').innerText(), /Merged into\s+Knife crime/);

  // Merge from the other side: choose the project to merge into.
  await list.goto('/projects?q=fraud');
  await page.click('a:has-text("Online fraud")');
  await page.click('#moves a:has-text("Merge into another project")');
  await page.fill('#reason', 'Duplicate');
  assert.equal(await project.submit('Record'), 400);
  await project.assertErrorsLinked(['intoId']);
  await app.check('merge-into form, error');
  await project.fillDecision({ reason: 'Duplicate' });
  const v = await page.locator('#intoId option', { hasText: 'Knife crime (' }).getAttribute('value');
  await page.selectOption('#intoId', v as string);
  assert.equal(await project.submit('Record'), 303);
  assert.equal(await project.stage(), 'Merged');

  // Edit: a blank title is refused with answers kept; then saved, with names in the history.
  await project.open(knife);
  await page.click('a:has-text("Edit details")');
  await app.check('edit form, filled', 'project-edit');
  await form.fill({ title: '', lead: 'New Lead', priorities: ['Champion community needs'] });
  assert.equal(await form.submit('Save changes'), 400);
  await form.assertErrorsLinked(['title']);
  assert.equal(await page.inputValue('#lead'), 'New Lead');
  await app.check('edit form, error');
  await form.fill({ title: 'Knife crime reduction', statutory: true });
  assert.equal(await form.submit('Save changes'), 303);
  assert.match(await app.heading(), /Knife crime reduction \(statutory\)/);
  const editHist = await project.history();
  assert.match(editHist, /Priorities: Reduce offending → Champion community needs/);
  assert.match(editHist, /Lead: Sam Lead → New Lead/);

  // A stale save: someone else changes the project while the form is open.
  await page.click('a:has-text("Edit details")');
  await form.fill({ objective: 'My objective' });
  const current = await services.projects.get(office.office.id, knife);
  await services.projects.update({ by: office.admin, id: knife, input: { version: current.version, lead: 'Changed Elsewhere', reason: 'Handover' } });
  assert.equal(await form.submit('Save changes'), 409);
  assert.match(await app.heading(), /Someone else changed this project/);
  const since = await page.locator('#changes-since').innerText();
  assert.match(since, /By North admin/);
  assert.match(since, /Lead: New Lead → Changed Elsewhere/);
  assert.match(await page.locator('#your-answers').innerText(), /My objective/);
  await app.check('conflict page', 'conflict');
  assert.equal(await app.submit('Apply my answers'), 303);
  const after = await services.projects.get(office.office.id, knife);
  assert.equal(after.objective, 'My objective');
  // Re-applying sends only the fields this user changed: the other person's lead stands (issue 11, defect 10).
  assert.equal(after.lead, 'Changed Elsewhere');

  // A stale move shows the conflict page too.
  await project.open(knife);
  await page.click('#moves a:has-text("Place on hold")');
  const cur2 = await services.projects.get(office.office.id, knife);
  await services.projects.update({ by: office.admin, id: knife, input: { version: cur2.version, objective: 'Changed again' } });
  await project.fillDecision({ reason: 'Pause' });
  assert.equal(await project.submit('Record'), 409);
  await app.check('conflict page, move');
  assert.equal(await app.submit('Apply my answers'), 303);
  assert.equal(await project.stage(), 'On hold');

  // The list: filters as a GET form, sorting, pagination and CSV.
  await app.goto('/projects');
  await list.filter({ stages: ['Completed'] });
  assert.deepEqual(await list.titles(), ['Barnahus', 'Youth diversion']);
  assert.match(page.url(), /stage=completed/);
  await list.filter({ strand: 'Big Issues' });
  assert.deepEqual(await list.titles(), ['Barnahus']);
  await app.goto('/projects');
  await list.filter({ statutory: 'Statutory only', sort: 'Title', order: 'Descending' });
  assert.deepEqual(await list.titles(), ['Knife crime reduction', 'Barnahus']);
  await app.goto('/projects');
  await list.filter({ lead: 'jo b', priority: 'Reduce offending' });
  assert.deepEqual(await list.titles(), ['Barnahus']);
  await app.goto('/projects');
  await list.filter({ endAfter: '2020-Q2', endBefore: '2020-07' });
  assert.deepEqual(await list.titles(), ['Barnahus', 'Youth diversion']);
  await list.filter({ endBefore: 'soon' });
  await list.assertErrorsLinked(['endBefore']);
  await app.check('projects list, filter error');
  await app.goto('/projects');
  await list.filter({ q: 'knife' });
  assert.deepEqual(await list.titles(), ['Knife crime reduction']);

  // A formula-like title is defused in the CSV.
  await services.projects.create({
    by: office.editor,
    input: { title: '=HYPERLINK("x")', strandId: office.strands[0].id, priorityIds: [office.priorities[0].id] },
  });
  for (let i = 1; i <= 26; i++) {
    await services.projects.create({
      by: office.editor,
      input: {
        title: `Neighbourhood scheme ${String(i).padStart(2, '0')}`,
        strandId: office.strands[1].id,
        priorityIds: [office.priorities[1].id],
        forecastEnd: '2022-Q1',
      },
    });
  }
  await app.goto('/projects?sort=title');
  assert.match(await list.count(), /Showing 1 to 25 of 34 projects/);
  await app.check('projects list, filled, page 1', 'projects-list');
  await page.click('.govuk-pagination__next a');
  assert.match(await list.count(), /Showing 26 to 34 of 34 projects/);
  await app.check('projects list, page 2');
  await app.goto('/projects?q=neighbourhood');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-link')]);
  const csv = readFileSync((await download.path()) as string, 'utf8');
  assert.equal(csv.trim().split('\r\n').length, 27);
  assert.match(csv, /"Neighbourhood scheme 26","","Candidate","Policing","Reduce offending","","No","Q1 2022"/);
  const all = await context.request.get(`${url}/projects.csv`);
  assert.match(await all.text(), /"'=HYPERLINK\(""x""\)"/);

  // Home: the portfolio at a glance, and the last 90 days.
  await app.goto('/');
  assert.equal(await page.locator('#count-future').innerText(), '27');
  assert.equal(await page.locator('#count-current').innerText(), '1');
  assert.equal(await page.locator('#count-completed').innerText(), '2');
  const recent = await page.locator('.app-recent').innerText();
  // The newest changes first.
  assert.match(recent, /^Neighbourhood scheme 26: project created\s+by North editor, effective/);
  await app.check('home, filled', 'home');

  // Another office's project is not found.
  assert.equal((await app.goto('/projects/00000000-0000-4000-8000-000000000000'))?.status(), 404);
  await app.check('not found page');
  await context.close();
});
