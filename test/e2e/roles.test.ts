// Each role in the browser: the public is sent to sign in, viewers read only, admins run the office.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';
import { AppPage, ProjectPage } from './pages/app.js';

test('public, viewer and admin, each in the browser', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let office!: Awaited<ReturnType<typeof seedOffice>>;
  let projectId = '';
  const { url, services } = await serve(t, async (s) => {
    office = await seedOffice(s);
    await seedOffice(s, 'south');
    const p = await s.projects.create({
      by: office.editor,
      input: {
        title: 'Barnahus',
        strandId: office.strands[0].id,
        priorityIds: [office.priorities[0].id],
        statutory: true,
        forecastEnd: '2020-04',
        stage: 'scoping',
      },
    });
    projectId = p.id;
  });
  const browser = await launch(t);

  await t.test('the public is sent to sign in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const app = new AppPage(page, url);
    await app.goto('/');
    assert.match(await app.heading(), /Police and Crime Plan delivery/);
    await app.check('landing page', 'landing');
    for (const path of ['/projects', `/projects/${projectId}`, '/admin']) {
      await app.goto(path);
      assert.equal(new URL(page.url()).pathname, '/sign-in', path);
    }
    await app.check('sign in', 'sign-in');
    await page.click('button:has-text("Sign in")');
    await app.assertErrorsLinked(['email', 'password']);
    await app.check('sign in, errors', 'sign-in-errors');
    // Signing in from the redirect lands on the page asked for.
    await page.fill('#email', office.users.viewer.email);
    await page.fill('#password', 'correct horse battery staple');
    await page.click('button:has-text("Sign in")');
    assert.equal(new URL(page.url()).pathname, '/admin');
    assert.equal(await app.heading(), 'You cannot do this');
    await context.close();
  });

  await t.test('a viewer reads everything and changes nothing', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const app = new AppPage(page, url);
    const project = new ProjectPage(page, url);
    await app.signIn(office.users.viewer.email);
    assert.equal(await page.locator('#count-current').innerText(), '1');
    assert.equal(await page.locator('.govuk-service-navigation a:has-text("Admin")').count(), 0);
    await app.check('home, viewer', 'home-viewer');
    await app.goto('/projects');
    assert.equal(await page.locator('a:has-text("Create a project")').count(), 0);
    await app.check('projects list, viewer');
    await project.open(projectId);
    assert.match(await app.heading(), /Barnahus \(statutory\)/);
    assert.match(await page.locator('#details').innerText(), /Apr 2020/);
    assert.equal(await page.locator('#moves').count(), 0);
    assert.equal(await page.locator('a:has-text("Edit details")').count(), 0);
    assert.match(await project.history(), /Project created/);
    await app.check('project page, viewer', 'project-viewer');
    const res = await app.goto(`/projects/${projectId}/edit`);
    assert.equal(res?.status(), 403);
    await app.check('forbidden page');
    // A crafted POST, with a valid CSRF token, is refused.
    await project.open(projectId);
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const post = await context.request.post(`${url}/projects/${projectId}/move/deliver`, { form: { _csrf: csrf as string, version: '1' }, maxRedirects: 0 });
    assert.equal(post.status(), 403);
    assert.equal((await services.projects.get(office.office.id, projectId)).stage, 'scoping');
    await app.signOut();
    assert.match(await app.banner(), /You have signed out/);
    await context.close();
  });

  await t.test('an admin runs the plan, priorities, strands, users and tokens', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const app = new AppPage(page, url);
    await app.signIn(office.users.admin.email);
    await page.click('.govuk-service-navigation a:has-text("Admin")');
    await app.check('admin index', 'admin');

    // Plan.
    await page.click('#admin-links a:has-text("Plan")');
    assert.equal(await page.inputValue('#title'), 'Police and Crime Plan 2016-2021');
    assert.equal(await page.inputValue('#periodStart-month'), '4');
    await app.check('plan form, filled', 'admin-plan');
    await page.fill('#title', '');
    await page.fill('#periodEnd-year', '2015');
    assert.equal(await app.submit('Save the plan'), 400);
    await app.assertErrorsLinked(['title', 'periodEnd-day']);
    await app.check('plan form, errors', 'admin-plan-errors');
    await page.fill('#title', 'Police and Crime Plan 2016-2021 (refreshed)');
    await page.fill('#periodEnd-year', '2021');
    await page.getByLabel('Superseded').check();
    assert.equal(await app.submit('Save the plan'), 303);
    assert.match(await app.banner(), /Plan updated/);
    assert.equal((await services.plan.currentPlan(office.office.id))?.status, 'superseded');

    // Priorities with colour.
    await app.goto('/admin/priorities');
    await app.check('priorities, filled', 'admin-priorities');
    await page.fill('#name', 'Effective policing');
    await page.fill('#colour', 'green');
    assert.equal(await app.submit('Add priority'), 400);
    await app.assertErrorsLinked(['colour']);
    assert.equal(await page.inputValue('#name'), 'Effective policing');
    await app.check('priorities, error');
    await page.fill('#colour', '#00703c');
    assert.equal(await app.submit('Add priority'), 303);
    assert.match(await page.locator('#priorities-table').innerText(), /Effective policing\s+#00703c/);
    await page.click('a:has-text("Change Effective policing")');
    await app.check('priority edit form');
    await page.fill('#name', 'Effective and efficient policing');
    assert.equal(await app.submit('Save'), 303);
    assert.match(await page.locator('#priorities-table').innerText(), /Effective and efficient policing/);

    // Strands.
    await app.goto('/admin/strands');
    await page.fill('#name', 'Policing');
    assert.equal(await app.submit('Add strand'), 400);
    await app.assertErrorsLinked(['name']);
    await app.check('strands, error', 'admin-strands-error');
    await page.fill('#name', 'Community');
    assert.equal(await app.submit('Add strand'), 303);
    assert.match(await page.locator('#strands-table').innerText(), /Community/);

    // Users: create, change role, disable.
    await app.goto('/admin/users');
    await app.check('users', 'admin-users');
    await page.click('a:has-text("Add a user")');
    await app.check('new user form');
    await page.fill('#name', 'Sam Officer');
    await page.fill('#email', 'sam@north');
    await page.fill('#password', 'short');
    assert.equal(await app.submit('Add user'), 400);
    await app.assertErrorsLinked(['email', 'password', 'role']);
    assert.equal(await page.inputValue('#password'), '');
    await app.check('new user form, errors', 'admin-user-errors');
    await page.fill('#email', 'sam@north.example.org');
    await page.fill('#password', 'a long enough passphrase');
    await page.getByLabel('Viewer').check();
    assert.equal(await app.submit('Add user'), 303);
    assert.match(await app.banner(), /Sam Officer can now sign in as viewer/);
    await page.click('a:has-text("Sam Officer")');
    await app.check('user page', 'admin-user');
    await page.getByLabel('Editor').check();
    assert.equal(await app.submit('Change role'), 303);
    assert.match(await page.locator('#user-details').innerText(), /Role\s+Editor/);
    assert.equal(await app.submit('Disable this user'), 303);
    assert.match(await page.locator('#user-details').innerText(), /Disabled/);
    await app.check('user page, disabled');
    // The admin cannot disable themselves.
    await app.goto(`/admin/users/${office.users.admin.id}`);
    assert.equal(await app.submit('Disable this user'), 422);
    await app.assertErrorsLinked(['disabled']);
    await app.check('user page, refused');

    // API tokens: the secret once, then revoked.
    await app.goto('/admin/tokens');
    await app.check('tokens, empty', 'admin-tokens');
    assert.equal(await app.submit('Create token'), 400);
    await app.assertErrorsLinked(['name']);
    await page.fill('#name', 'Power BI');
    await page.getByLabel('Viewer').check();
    assert.equal(await app.submit('Create token'), 201);
    const secret = await page.locator('#token-secret').innerText();
    assert.match(secret, /^pcp_/);
    await app.check('tokens, created', 'admin-token-created');
    const api = await context.request.get(`${url}/api/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(api.status(), 200);
    await app.goto('/admin/tokens');
    assert.equal(await page.locator('#token-secret').count(), 0);
    assert.equal(await app.submit('Revoke'), 303);
    assert.match(await app.banner(), /Token “Power BI” revoked/);
    assert.equal((await context.request.get(`${url}/api/v1/projects`, { headers: { authorization: `Bearer ${secret}` } })).status(), 401);
    await context.close();
  });

  await t.test('another office sees none of it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const app = new AppPage(page, url);
    await app.signIn('editor@south.example.org');
    assert.equal(await page.locator('#count-current').innerText(), '0');
    assert.equal((await app.goto(`/projects/${projectId}`))?.status(), 404);
    await app.goto('/projects');
    assert.match(await page.locator('#result-count').innerText(), /No projects match/);
    await context.close();
  });
});
