// The public site's quarterly papers and targets (issue 16): what the public sees is the paper as
// published (never the exempt part of a decision notice in it), the targets of plans the public may
// see with how each is doing, nothing of a draft plan and nothing of another office.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const CANARY = 'CANARY-exempt-7d1c-never-public';

test('published quarterly papers: listed by quarter with their files, as frozen, without the exempt part, and only the office’s own', async (t) => {
  const c = clock('2018-04-10T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const anon = new Browser(app);
  assert.match(text((await anon.get('/o/north/papers')).body), /No quarterly paper has been published yet/);

  await w.services.projects.create({
    by: n.editor,
    input: { title: 'Services in Police Custody', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2018-Q4' },
  });
  const d = await w.services.decisions.create({
    by: n.editor,
    input: {
      reference: 'ID: 601',
      title: 'Custody nurses contract',
      decisionMaker: 'Police and Crime Commissioner',
      summary: 'Approved the custody nurses contract.',
      exemptText: `Prices ${CANARY}`,
      exemption: 'Schedule 12A para 3',
      exemptReason: `Commercial ${CANARY}`,
    },
  });
  const a = await w.services.decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2018-02-14' } });
  await w.services.decisions.publish({ by: n.editor, id: d.id, input: { version: a.version } });
  const first = await w.services.reports.publish({ by: n.admin, periodId: '2018-Q1' });
  c.advance(86_400_000);
  const second = await w.services.reports.publish({ by: n.admin, periodId: '2018-Q1' });

  const page = text((await anon.get('/o/north/papers')).body);
  assert.match(page, /Quarterly delivery papers/);
  assert.match(page, /Q1 2018 \(January to March 2018\) 11 April 2018 \(replacing 1 earlier version\) Web page , Q1 2018 .* PDF .* Word/);
  const body = (await anon.get('/o/north/papers')).body;
  assert.match(body, new RegExp(`/o/north/papers/${second.id}/paper.html`));
  assert.doesNotMatch(body, new RegExp(first.id), 'only the latest paper of a quarter is offered');
  const html = await anon.get(`/o/north/papers/${second.id}/paper.html`);
  assert.equal(html.statusCode, 200);
  assert.match(html.body, /Custody nurses contract/);
  assert.doesNotMatch(html.body, new RegExp(CANARY), 'the exempt part is never in a public paper');
  const docx = await anon.get(`/o/north/papers/${second.id}/paper.docx`);
  assert.equal(docx.statusCode, 200);
  assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.doesNotMatch(docx.rawPayload.toString('latin1'), new RegExp(CANARY));
  assert.match(String(docx.headers['content-disposition']), /delivery-progress-update-north-2018-Q1\.docx/);
  assert.equal((await anon.get(`/o/north/papers/${second.id}/paper.exe`)).statusCode, 404);
  assert.equal((await anon.get(`/o/north/papers/${second.id}/paper.json`)).statusCode, 404, 'the model is not a public file');
  assert.equal((await anon.get('/o/north/papers/not-an-id/paper.html')).statusCode, 404);

  // Another office: its list is empty and the paper is not found through its address.
  assert.doesNotMatch(text((await anon.get('/o/south/papers')).body), /Q1 2018|2018/);
  assert.equal((await anon.get(`/o/south/papers/${second.id}/paper.html`)).statusCode, 404);
  // The entrance lists the section.
  assert.match(text((await anon.get('/o/north')).body), /Quarterly delivery papers The Delivery Progress Update put to the Police and Crime Panel/);
});

test('targets and how they are doing: those of public plans only, with baseline, target, latest figure and status', async (t) => {
  const c = clock('2014-01-20T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const base = {
    statement: 'Reduce the rural solved-crime gap to 5%',
    owner: 'Chief Constable',
    unit: 'percentage points',
    kind: 'trajectory',
    direction: 'lower',
    baselineValue: '10',
    baselineDate: '2013-03-31',
    targetValue: '5',
    deadline: '2016-03-31',
    milestones: '2014-03-31 8.33\n2015-03-31 6.67',
  };
  const tg = await w.services.targets.createTarget({ by: n.editor, input: { ...base, priorityId: n.priorities[0].id } });
  await w.services.targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: '7.7' } });
  await w.services.targets.createTarget({
    by: n.editor,
    input: { ...base, priorityId: n.priorities[1].id, statement: 'Cut repeat burglary', targetValue: '4' },
  });
  // A draft plan's priority and its target: nothing of it is public.
  const draft = await w.services.plan.createPlan({
    by: n.admin,
    input: { title: 'Draft plan 2017-2022', periodStart: '2017-04-01', periodEnd: '2022-03-31', status: 'draft' },
  });
  const ds = await w.services.plan.createSection({ by: n.admin, planId: draft.id, input: { name: 'Secret draft chapter', colour: '#1d70b8' } });
  await w.services.targets.createTarget({ by: n.editor, input: { ...base, priorityId: ds.id, statement: 'Draft-only target' } });
  await w.services.targets.createTarget({ by: w.south.editor, input: { ...base, priorityId: w.south.priorities[0].id, statement: 'South-only target' } });

  const anon = new Browser(app);
  const res = await anon.get('/o/north/targets');
  assert.equal(res.statusCode, 200);
  const page = text(res.body);
  assert.match(
    page,
    /Police and Crime Plan 2016-2021 Champion community needs Target Baseline Target value Latest Status Reduce the rural solved-crime gap to 5% 10 percentage points, 31 March 2013 5 percentage points by 31 March 2016 7.7 percentage points at 31 December 2013 Green/,
  );
  assert.match(page, /Reduce offending .* Cut repeat burglary .* No figure yet Not yet known/);
  assert.doesNotMatch(page, /Draft-only target|Secret draft chapter|Draft plan 2017-2022/);
  assert.doesNotMatch(page, /South-only target/);
  assert.match(text((await anon.get('/o/south/targets')).body), /South-only target/);
  assert.doesNotMatch(text((await anon.get('/o/south/targets')).body), /rural solved-crime/);
  assert.equal((await anon.get('/o/nowhere/targets')).statusCode, 404);
});
