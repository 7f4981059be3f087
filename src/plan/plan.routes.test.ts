// The plan's pages and its public site (issue 16), as an admin, an editor and the public see them:
// a draft is created, given chapters, commitments and a timetable, linked to a project, moved
// through consultation to published; the public sees nothing of the draft, then the consultation and
// its timetable, then the plan in force; and nothing of another office.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

test('draft → chapters, commitments, delivery, timetable → consultation → published, and what the public sees at each step', async (t) => {
  const c = clock('2016-11-10T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const project = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Beacon victims hub expansion', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2017-Q4' },
  });
  const admin = new Browser(app);
  await admin.signIn(n.users.admin.email);
  const editor = new Browser(app);
  await editor.signIn(n.users.editor.email);
  const anon = new Browser(app);

  // A draft, with its errors first.
  const bad = await admin.post('/plans/new', { title: '', sectionNoun: 'chapter' }, { from: '/plans/new' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#title"/);
  assert.match(bad.body, /href="#periodStart-day"/);
  const created = await admin.post(
    '/plans/new',
    {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      sectionNoun: 'chapter',
      'periodStart-day': '1',
      'periodStart-month': '4',
      'periodStart-year': '2017',
      'periodEnd-day': '31',
      'periodEnd-month': '3',
      'periodEnd-year': '2022',
    },
    { from: '/plans/new' },
  );
  assert.equal(created.statusCode, 303);
  const url = created.headers.location as string;
  const id = url.split('/').at(-1) as string;
  assert.equal(
    (
      await admin.post(
        `${url}/sections/new`,
        { name: 'Putting Victims at the Centre', colour: '#1d70b8', summary: 'Victims at the heart' },
        { from: `${url}/sections/new` },
      )
    ).statusCode,
    303,
  );
  assert.equal(
    (
      await admin.post(
        `${url}/sections/new`,
        { name: 'Holding to Account', colour: '#1d70b8', carriesOnId: n.priorities[1].id },
        { from: `${url}/sections/new` },
      )
    ).statusCode,
    303,
  );
  const [victims, account] = await w.services.plan.sectionsOf(n.office.id, id);
  const noSection = await admin.post(`${url}/commitments/new`, { sectionId: '', text: 'x' }, { from: `${url}/commitments/new` });
  assert.equal(noSection.statusCode, 400);
  assert.match(noSection.body, /href="#sectionId"/);
  assert.equal(
    (
      await admin.post(
        `${url}/commitments/new`,
        { sectionId: victims.id, text: 'Expand the remit of Beacon, the Victims’ Care Hub' },
        { from: `${url}/commitments/new` },
      )
    ).statusCode,
    303,
  );
  const [commitment] = (await w.services.plan.planView(n.office.id, id)).sections[0].commitments;

  // The editor links the project; a project of another office is refused.
  const southProject = await w.services.projects.create({
    by: w.south.editor,
    input: { title: 'South only', strandId: w.south.strands[0].id, priorityIds: [w.south.priorities[0].id], forecastEnd: '2017-Q4' },
  });
  const foreign = await editor.post(`/commitments/${commitment.id}/links`, { item: `project:${southProject.id}` }, { from: `/commitments/${commitment.id}` });
  assert.equal(foreign.statusCode, 400);
  assert.match(foreign.body, /Choose a project, target or action of this office/);
  const linked = await editor.post(`/commitments/${commitment.id}/links`, { item: `project:${project.id}` }, { from: `/commitments/${commitment.id}` });
  assert.equal(linked.statusCode, 303);
  assert.match(text((await editor.get(`/commitments/${commitment.id}`)).body), /Project: Beacon victims hub expansion \(Candidate\)/);

  // Statutory contents: one covered, five missing and warned about.
  assert.equal((await admin.post(`${url}/statutory`, { performance: account.id }, { from: `${url}/statutory` })).statusCode, 303);
  // Timetable (HERTS-2016-11 section 5).
  const step = await admin.post(
    `${url}/timetable`,
    {
      title: 'Draft circulated to the Police and Crime Panel',
      kind: 'panel',
      statutory: 'true',
      'startsOn-day': '28',
      'startsOn-month': '11',
      'startsOn-year': '2016',
    },
    { from: `${url}/timetable` },
  );
  assert.equal(step.statusCode, 303);
  const page = text((await admin.get(url)).body);
  assert.match(page, /Status Draft/);
  assert.match(page, /Sections called Chapters/);
  assert.match(page, /does not yet say which chapter covers 5 of the six contents/);
  assert.match(page, /The means by which the Chief Constable’s performance in providing policing will be measured: Holding to Account/);
  assert.match(
    page,
    /1\. Putting Victims at the Centre Victims at the heart Expand the remit of Beacon, the Victims’ Care Hub 0 of 1 done or on track: Project: Beacon victims hub expansion \(Candidate\)/,
  );
  assert.match(page, /2\. Holding to Account Carries on “Reduce offending” of Police and Crime Plan 2016-2021\./);
  assert.match(page, /28 November 2016 Draft circulated to the Police and Crime Panel Statutory step Police and Crime Panel To come/);
  assert.match(page, /10 November 2016 north admin Entered: “Community Safety and Criminal Justice Plan 2017-2022”, as draft/);

  // Nothing of the draft is public.
  assert.doesNotMatch((await anon.get('/o/north')).body, /Community Safety and Criminal Justice/);
  assert.equal((await anon.get(`/o/north/plans/${id}`)).statusCode, 404);

  // Out of order: published straight from draft is refused, with the GOV.UK error summary and the answers kept.
  const skip = await admin.post(
    `${url}/status`,
    { status: 'published', 'on-day': '10', 'on-month': '11', 'on-year': '2016', reason: 'Skipping' },
    { from: `${url}/status` },
  );
  assert.equal(skip.statusCode, 422);
  assert.match(skip.body, /govuk-error-summary/);
  assert.match(skip.body, /Skipping/);
  const toConsultation = await admin.post(
    `${url}/status`,
    { status: 'consultation', 'on-day': '28', 'on-month': '11', 'on-year': '2016', reason: 'Draft circulated to the Panel' },
    { from: `${url}/status` },
  );
  assert.equal(toConsultation.statusCode, 303);

  // In consultation: public, with its timetable; not shown to another office's visitors.
  const entrance = text((await anon.get('/o/north')).body);
  assert.match(entrance, /A plan in development: have your say Community Safety and Criminal Justice Plan 2017-2022/);
  assert.match(entrance, /The plan in force Police and Crime Plan 2016-2021/);
  assert.match(entrance, /Decision notices Decisions of significant public interest/);
  const publicPlan = text((await anon.get(`/o/north/plans/${id}`)).body);
  assert.match(publicPlan, /Consultation/);
  assert.match(publicPlan, /Expand the remit of Beacon, the Victims’ Care Hub \(0 of 1 pieces of work done or on track\)/);
  assert.match(publicPlan, /Timetable for consultation and publication .* Draft circulated to the Police and Crime Panel Statutory step/);
  assert.doesNotMatch(publicPlan, /Beacon victims hub expansion/, 'the project itself is internal');
  assert.doesNotMatch((await anon.get('/o/south')).body, /Community Safety and Criminal Justice/);
  assert.equal((await anon.get(`/o/south/plans/${id}`)).statusCode, 404);
  assert.equal((await anon.get('/o/nowhere')).statusCode, 404);
  assert.match(
    text((await anon.get('/o/north/accessibility')).body),
    /Accessibility statement .* Public Sector Bodies \(Websites and Mobile Applications\) \(No\. 2\) Accessibility Regulations 2018/,
  );

  // Published through the API: the 2016 plan is superseded from the new one's start.
  const api = await apiClient(app, w.services, n.admin);
  const published = await api.call('POST', `/plans/${id}/transitions`, { status: 'published', on: '2017-02-06', reason: 'Signed off on 23 January' });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  assert.equal(published.body.status, 'published');
  const after = text((await anon.get('/o/north')).body);
  assert.match(after, /The plan in force Community Safety and Criminal Justice Plan 2017-2022/);
  assert.match(after, /Past plans Police and Crime Plan 2016-2021 ?, from 1 April 2016, superseded from 1 April 2017/);
  assert.equal((await api.call('POST', `/plans/${id}/transitions`, { status: 'consultation', on: '2017-02-07', reason: 'Back' })).status, 422);
  const history = await api.call('GET', `/plans/${id}/history`);
  assert.deepEqual(
    history.body.map((e: { kind: string; toStatus: string; toText: string }) => `${e.kind} ${e.toStatus ?? e.toText}`),
    [
      'entered draft',
      'status consultation',
      'status published',
      // “Holding to Account” carries on “Reduce offending”, which no project serves yet.
      'carried 0 projects and 0 links to what delivers a commitment carried over from the earlier plan',
    ],
  );
  const view = await api.call('GET', `/plans/${id}`);
  assert.equal(view.body.sections[0].commitments[0].delivery[0].title, 'Beacon victims hub expansion');
  assert.equal((await api.call('GET', `/plans/${id}`)).status, 200);
  const southApi = await apiClient(app, w.services, w.south.admin);
  assert.equal((await southApi.call('GET', `/plans/${id}`)).status, 404);
});
