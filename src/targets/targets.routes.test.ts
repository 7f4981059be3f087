import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Browser, testApp, world } from '../../test/helpers.js';
import { DEMO_REPORT_DATE, seedTargetsDemo } from './targets.demo.js';

async function setup(t: import('node:test').TestContext) {
  const w = await world(t, { config: { logLevel: 'error' } });
  const n = w.north;
  await seedTargetsDemo({ services: w.services, by: n.admin, officeId: n.office.id });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  return { w, n, app, b };
}

const ragColumn = (html: string, caption: string) => {
  const at = html.indexOf(caption);
  assert.ok(at > 0, `no table ${caption}`);
  const table = html.slice(at, html.indexOf('</table>', at));
  const body = table.slice(table.indexOf('<tbody'));
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
    return cells[3]
      ?.replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .trim();
  });
};

test('pages: the list, a target with its chart and data table, and the report with the seed’s RAG column', async (t) => {
  const { w, n, b } = await setup(t);
  const list = await b.get('/targets');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Police and Crime Plan 2013-2017/);
  assert.match(list.body, /Priority 4: Reducing re-offending/);
  const report = await b.get(`/targets/report?date=${DEMO_REPORT_DATE}`);
  assert.equal(report.statusCode, 200);
  assert.match(report.body, /Update on targets and objectives for 2013\/14/);
  assert.deepEqual(ragColumn(report.body, 'Priority 1: police targets'), ['Green', 'Green', 'Amber', 'Green', 'Red', '↓']);
  assert.deepEqual(ragColumn(report.body, 'Priority 2: police targets'), ['Green']);
  assert.match(report.body, /href="\/targets\/report\?date=2014-01-31&amp;format=docx"/);
  assert.match(report.body, /Update Jan 14: Practioners event held/);
  const bad = await b.get('/targets/report?date=2014-13-01');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#date-day"/); // a date input since issue 11 (defect 11)

  const rural = (await w.services.targets.listTargets(n.office.id)).find((x) => x.statement.startsWith('Over three years'));
  assert.ok(rural);
  const page = await b.get(`/targets/${rural.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<img class="app-target-chart" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Line chart of percentage point gap/);
  const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(page.body)?.[1] ?? '', 'base64').toString();
  assert.match(svg, /^<svg/);
  assert.match(svg, /Trajectory/);
  assert.match(page.body, /Data for the chart/);
  // The data table carries the milestones and the observation.
  for (const v of ['31 March 2014', '8.33', '6.67', '31 December 2013', '7.7']) assert.ok(page.body.includes(v), v);
  assert.match(page.body, /against 8\.74 on the trajectory: Green/);
  assert.match(page.body, /Observation added/);
});

test('forms: errors on their fields with answers kept, nothing saved; success redirects with a banner', async (t) => {
  const { w, n, b } = await setup(t);
  const before = (await w.services.targets.listTargets(n.office.id)).length;
  const bad = await b.post(
    '/targets',
    {
      priorityId: n.priorities[0].id,
      statement: 'Cut burglary',
      kind: 'trajectory',
      direction: 'lower',
      baselineValue: '100',
      baselineDate: '2014-04-01',
      targetValue: '90',
      deadline: '2014-03-31',
      milestones: '',
    },
    { from: '/targets/new' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /<a href="#deadline-day">The deadline must be after the baseline date<\/a>/);
  assert.match(bad.body, /value="Cut burglary"|>Cut burglary</);
  const order = await b.post(
    '/targets',
    {
      priorityId: n.priorities[0].id,
      statement: 'Cut burglary',
      kind: 'trajectory',
      direction: 'lower',
      baselineValue: '100',
      baselineDate: '2014-04-01',
      targetValue: '90',
      deadline: '2017-03-31',
      milestones: '2016-03-31 94\n2015-03-31 97',
    },
    { from: '/targets/new' },
  );
  assert.equal(order.statusCode, 400);
  assert.match(order.body, /href="#milestones"/);
  assert.equal((await w.services.targets.listTargets(n.office.id)).length, before, 'nothing saved');

  const ok = await b.post(
    '/targets',
    {
      priorityId: n.priorities[0].id,
      statement: 'Cut burglary',
      owner: 'Chief Constable',
      kind: 'trajectory',
      direction: 'lower',
      baselineValue: '100',
      baselineDate: '2014-04-01',
      targetValue: '90',
      deadline: '2017-03-31',
      milestones: '2015-03-31 97\n2016-03-31 94',
    },
    { from: '/targets/new' },
  );
  assert.equal(ok.statusCode, 303);
  const url = ok.headers.location as string;
  const page = await b.get(url);
  assert.match(page.body, /Target added/);
  const id = url.split('/').pop() as string;

  const noDate = await b.post(`/targets/${id}/observations`, { value: '98', narrative: 'x' }, { from: url });
  assert.equal(noDate.statusCode, 400);
  assert.match(noDate.body, /<a href="#asAt-day">Enter the date the value is as at<\/a>/);
  const obs = await b.post(`/targets/${id}/observations`, { asAt: '2015-03-31', value: '98', narrative: 'Burglary down 2%' }, { from: url });
  assert.equal(obs.statusCode, 303);
  assert.match((await b.get(url)).body, /Observation added. RAG status: Amber/);

  const noReason = await b.post(`/targets/${id}/override`, { status: 'green', reason: '' }, { from: url });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /href="#reason"/);
  const over = await b.post(`/targets/${id}/override`, { status: 'green', reason: 'Recording change in March' }, { from: url });
  assert.equal(over.statusCode, 303);
  const after = await b.get(url);
  assert.match(after.body, /RAG overridden to Green/);
  assert.match(after.body, /Recording change in March/);

  const edit = await b.get(`/targets/${id}/edit`);
  // Milestones back in the form as day/month/year, the forms' one convention (issue 11, defect 11).
  assert.match(edit.body, /31\/3\/2015 97\n31\/3\/2016 94/);

  const act = await b.post('/actions', { priorityId: n.priorities[0].id, number: '1.x', text: '' }, { from: '/actions/new' });
  assert.equal(act.statusCode, 400);
  assert.match(act.body, /href="#number"/);
  assert.match(act.body, /href="#text"/);
  const made = await b.post(
    '/actions',
    { priorityId: n.priorities[0].id, number: '1.1', text: 'Engage partners', owners: 'ACC', outcome: 'Better focus', status: 'in_progress' },
    { from: '/actions/new' },
  );
  assert.equal(made.statusCode, 303);
  const aurl = made.headers.location as string;
  const up = await b.post(`${aurl}/updates`, { asAt: '2014-01-15', text: '' }, { from: aurl });
  assert.equal(up.statusCode, 400);
  assert.match(up.body, /href="#text"/);
  assert.equal((await b.post(`${aurl}/updates`, { asAt: '2014-01-15', text: 'Meeting arranged' }, { from: aurl })).statusCode, 303);
  const ap = await b.get(aurl);
  assert.match(ap.body, /Update Jan 14/);
  assert.match(ap.body, /Meeting arranged/);
  assert.match(ap.body, /Delivery update added/);
});

test('another office’s target or action is a 404; a viewer cannot change anything', async (t) => {
  const { w, n, app } = await setup(t);
  const target = (await w.services.targets.listTargets(n.office.id))[0];
  const action = (await w.services.targets.listActions(n.office.id))[0];
  const south = new Browser(app);
  await south.signIn('editor@south.example.org');
  for (const u of [`/targets/${target.id}`, `/targets/${target.id}/edit`, `/actions/${action.id}`, `/actions/${action.id}/updates/new`, '/targets/not-a-uuid'])
    assert.equal((await south.get(u)).statusCode, 404, u);
  assert.equal((await south.post(`/targets/${target.id}/observations`, { asAt: '2014-01-01', value: '1' })).statusCode, 404);
  assert.equal((await w.services.targets.getTarget(n.office.id, target.id)).observations.length, 1);
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  assert.equal((await viewer.get(`/targets/${target.id}`)).statusCode, 200);
  assert.equal((await viewer.get('/targets/new')).statusCode, 403);
  assert.equal((await viewer.post(`/targets/${target.id}/override`, { status: 'red', reason: 'x' })).statusCode, 403);
});

test('“Add a target” under a priority opens the form with that priority chosen', async (t) => {
  const { n, b } = await setup(t);
  const list = await b.get('/targets');
  assert.ok(list.body.includes(`href="/targets/new?priorityId=${n.priorities[1].id}"`));
  const form = await b.get(`/targets/new?priorityId=${n.priorities[1].id}`);
  assert.match(form.body, new RegExp(`<option value="${n.priorities[1].id}" selected>`));
  const act = await b.get(`/actions/new?priorityId=${n.priorities[1].id}`);
  assert.match(act.body, new RegExp(`<option value="${n.priorities[1].id}" selected>`));
});

const SEED_ORDER = ['Green', 'Green', 'Amber', 'Green', 'Red', '↓', 'Green', 'Green'];
/** The RAG words and arrows in the order a text shows them. */
const ragsIn = (text: string) => [...text.matchAll(/(?<![A-Za-z])(Green|Amber|Red|↓|↑|→)(?![A-Za-z])/g)].map((m) => m[1]);

test('the report downloads as Word and PDF, and both read back with TARGETS-2013-14’s RAG column in order', async (t) => {
  const { app, b } = await setup(t);
  const docx = await app.inject({
    url: `/targets/report?date=${DEMO_REPORT_DATE}&format=docx`,
    headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(docx.statusCode, 200);
  assert.match(docx.headers['content-disposition'] as string, /attachment; filename="targets-and-objectives-2014-01-31\.docx"/);
  const zip = await JSZip.loadAsync(docx.rawPayload);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const text = xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
  assert.match(text, /Update on targets and objectives for 2013\/14/);
  assert.match(text, /Priority 4: Reducing re-offending/);
  assert.match(text, /New activity: 4\.10 \(SoCIAM/);
  // Only the cells of the RAG columns: the paragraphs that are exactly a status.
  assert.deepEqual(
    text
      .split('\n')
      .filter((l) => /^(Green|Amber|Red|↓|↑|→)$/.test(l.trim()))
      .map((l) => l.trim()),
    SEED_ORDER,
  );

  const pdf = await app.inject({
    url: `/targets/report?date=${DEMO_REPORT_DATE}&format=pdf`,
    headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'targets-pdf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
  const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  const flat = pdfText.replace(/\s+/g, ' ');
  assert.match(flat, /Update on targets and objectives for 2013\/14/);
  assert.match(flat, /Priority 3: Work together to reduce crime and anti social behaviour in your community/);
  // The RAG column's words in reading order: the tolerance sentence names Green, Amber and Red first.
  const words = ragsIn(pdfText.slice(pdfText.indexOf('Priority 1:')));
  assert.deepEqual(words, SEED_ORDER);
});
