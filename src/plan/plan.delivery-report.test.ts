// The quarterly report's optional "Delivery by commitment" section (issue 16): off by default, asked
// for on the report's settings; for each commitment of the plan in force at the quarter's end, what
// delivered it then and its status then, in the web page, Word and PDF; exact for past quarters
// after the project moves on, the action is completed and the link is removed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

test('delivery by commitment: off by default; when asked for, each commitment with what delivered it and its status at the quarter’s end', async (t) => {
  const c = clock('2016-05-02T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services;
  const plan = await s.plan.currentPlan(n.office.id);
  const [champion, reduce] = n.priorities;
  const commitment = await s.plan.createCommitment({
    by: n.admin,
    planId: plan.id,
    input: { sectionId: champion.id, text: 'Expand Beacon, the Victims’ Care Hub' },
  });
  await s.plan.createCommitment({ by: n.admin, planId: plan.id, input: { sectionId: reduce.id, text: 'Make offenders pay' } });
  const project = await s.projects.create({
    by: n.editor,
    input: { title: 'Beacon victims hub', strandId: n.strands[0].id, priorityIds: [champion.id], forecastEnd: '2017-Q4' },
  });
  const target = await s.targets.createTarget({
    by: n.editor,
    input: {
      priorityId: champion.id,
      statement: 'Victims satisfied with Beacon',
      kind: 'level',
      direction: 'higher',
      targetValue: '90',
      deadline: '2017-03-31',
      unit: '%',
    },
  });
  const action = await s.targets.createAction({ by: n.editor, input: { priorityId: champion.id, number: '1.1', text: 'Open Beacon hubs' } });
  for (const [kind, refId] of [
    ['project', project.id],
    ['target', target.id],
    ['action', action.id],
  ])
    await s.plan.linkCommitment({ by: n.editor, commitmentId: commitment.id, input: { kind, refId } });

  // Next quarter: the project starts scoping, the action is completed; later still the project is unlinked.
  c.set('2016-08-01T10:00:00Z');
  await s.projects.move({ by: n.editor, id: project.id, input: { version: project.version, move: 'scope' } });
  await s.targets.updateAction({
    by: n.editor,
    id: action.id,
    input: { priorityId: champion.id, number: '1.1', text: 'Open Beacon hubs', status: 'completed', version: action.version },
  });
  c.set('2016-11-01T10:00:00Z');
  const link = (await s.plan.commitmentView(n.office.id, commitment.id)).delivery.find((d) => d.kind === 'project');
  await s.plan.unlinkCommitment({ by: n.editor, commitmentId: commitment.id, linkId: link?.linkId as string });

  const editor = new Browser(app);
  await editor.signIn(n.users.editor.email);
  // Off by default.
  const plain = await editor.get('/reports/2016-17-Q1');
  assert.doesNotMatch(plain.body, /Delivery by commitment/);
  assert.equal((await s.reports.model(n.office.id, '2016-17-Q1')).deliveryByCommitment, undefined);
  const form = await editor.get('/reports/2016-17-Q1/edit');
  assert.match(form.body, /name="deliveryByCommitment" type="checkbox" value="yes"(?! checked)/);
  for (const q of ['2016-17-Q1', '2016-17-Q2', '2016-17-Q3'])
    assert.equal((await editor.post(`/reports/${q}/edit`, { deliveryByCommitment: 'yes' }, { from: `/reports/${q}/edit` })).statusCode, 303);
  assert.match((await editor.get('/reports/2016-17-Q1/edit')).body, /name="deliveryByCommitment" type="checkbox" value="yes" checked/);

  // Q1 (April to June 2016): as linked, the project a candidate, the action in progress.
  const q1 = text((await editor.get('/reports/2016-17-Q1')).body);
  assert.match(q1, /Delivery by commitment What delivered each commitment of the Police and Crime Plan 2016-2021 at 30 June 2016, and its status then\./);
  assert.match(
    q1,
    /Champion community needs: delivery by commitment Commitment Delivered by Status Expand Beacon, the Victims’ Care Hub Project: Beacon victims hub Candidate Expand Beacon, the Victims’ Care Hub Target: Victims satisfied with Beacon Not yet known Expand Beacon, the Victims’ Care Hub Action: 1.1 Open Beacon hubs In progress/,
  );
  assert.match(q1, /Reduce offending: delivery by commitment Commitment Delivered by Status Make offenders pay Nothing linked yet/);
  // Q2: the project scoping, the action completed; the project still linked at the quarter's end.
  const q2 = text((await editor.get('/reports/2016-17-Q2')).body);
  assert.match(q2, /Project: Beacon victims hub Scoping .* Action: 1.1 Open Beacon hubs Completed/);
  // Q3: unlinked in November: the project is gone from the commitment.
  const q3 = text((await editor.get('/reports/2016-17-Q3')).body);
  assert.match(q3, /Expand Beacon, the Victims’ Care Hub Target: Victims satisfied with Beacon/);
  assert.doesNotMatch(q3, /Project: Beacon victims hub/);

  // Word and PDF carry the same section.
  const docx = await editor.get('/reports/2016-17-Q1.docx');
  const xml = text(await ((await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml') as JSZip.JSZipObject).async('string'));
  assert.match(xml, /Delivery by commitment/);
  assert.match(xml, /Project: Beacon victims hub Candidate/);
  const pdf = await editor.get('/reports/2016-17-Q1.pdf');
  assert.equal(pdf.statusCode, 200);
  const dir = mkdtempSync(join(tmpdir(), 'pcp-dbc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'p.pdf'), pdf.rawPayload);
  const pdfText = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(pdfText, /Delivery by commitment/);
  assert.match(pdfText, /Make offenders pay Nothing linked yet/);
});
