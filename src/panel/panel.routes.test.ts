import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';
import { seedDecisionsDemo } from '../decisions/decisions.demo.js';

const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1]);

test('editors schedule a meeting, build its agenda and send a Decisions Update through GOV.UK forms; the API does the same', async (t) => {
  const c = clock('2020-01-20T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  await seedDecisionsDemo({ services: { decisions: w.services.decisions }, by: n.editor });
  const b = new Browser(app);
  await b.signIn(n.users.editor.email);

  // A wrong date and time: the error summary links to the first wrong box, the answers are kept, nothing is saved.
  const bad = await b.post(
    '/panel/meetings/new',
    { body: 'panel', 'meetsOn-day': '31', 'meetsOn-month': '2', 'meetsOn-year': '2020', startsAt: '25:99', place: 'Ashburton Hall' },
    { from: '/panel/meetings/new' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.deepEqual(errorLinks(bad.body).sort(), ['#meetsOn-day', '#startsAt']);
  assert.match(bad.body, /value="Ashburton Hall"/);
  assert.match(bad.body, /value="25:99"/);
  assert.equal((await w.services.panel.meetings(n.office.id)).length, 0, 'nothing saved');

  const made = await b.post(
    '/panel/meetings/new',
    { body: 'panel', 'meetsOn-day': '7', 'meetsOn-month': '2', 'meetsOn-year': '2020', startsAt: '10:00', place: 'Ashburton Hall, Winchester' },
    { from: '/panel/meetings/new' },
  );
  assert.equal(made.statusCode, 303);
  const url = String(made.headers.location);
  const page = await b.get(url);
  assert.match(page.body, /Police and Crime Panel, 7 February 2020, 10:00 scheduled/);

  const noTitle = await b.post(`${url}/items/new`, { title: '', purpose: 'Keep me', exempt: 'no' }, { from: url });
  assert.equal(noTitle.statusCode, 400);
  assert.deepEqual(errorLinks(noTitle.body), ['#title']);
  assert.match(noTitle.body, />Keep me<\/textarea>/);
  const added = await b.post(
    `${url}/items/new`,
    { title: 'Police and Crime Plan Delivery', purpose: 'To receive a quarterly update', exempt: 'no' },
    { from: url },
  );
  assert.equal(added.statusCode, 303);
  const meetingId = url.split('/').pop() as string;
  const [item] = (await w.services.panel.agenda(n.office.id, meetingId)).items;

  // No earlier Decisions Update: the form asks where the list starts.
  const sendUrl = `${url}/items/${item.id}/send`;
  const noStart = await b.post(sendUrl, { kind: 'decisions_update' }, { from: sendUrl });
  assert.equal(noStart.statusCode, 400);
  assert.deepEqual(errorLinks(noStart.body), ['#from-day']);
  const badDate = await b.post(sendUrl, { kind: 'decisions_update', 'from-day': '1', 'from-month': '13', 'from-year': '2019' }, { from: sendUrl });
  assert.equal(badDate.statusCode, 400);
  assert.match(badDate.body, /Notices approved from must be a real date/);

  // Sent with Chromium: the PDF is kept too, and its text is the paper's.
  const sent = await b.post(sendUrl, { kind: 'decisions_update', 'from-day': '1', 'from-month': '10', 'from-year': '2019' }, { from: sendUrl });
  assert.equal(sent.statusCode, 303);
  const paperUrl = String(sent.headers.location);
  const paperPage = await b.get(paperUrl);
  assert.match(paperPage.body, /Police and Crime Plan Decisions Update sent to Police and Crime Panel, 7 February 2020, 10:00, item 1\./);
  // The page reads the paper's details, not its files: it links each file kept, the PDF too.
  for (const f of ['paper.html', 'paper.docx', 'paper.pdf']) assert.match(paperPage.body, new RegExp(`href="${paperUrl}/${f}"`));
  assert.doesNotMatch(paperPage.body, /No PDF/);
  const pdf = await b.get(`${paperUrl}/paper.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'pcp-panel-'));
  writeFileSync(join(dir, 'p.pdf'), pdf.rawPayload);
  // Reading order, not layout: a title that wraps keeps its '(ID: 511)' together, not beside the summary column's lines.
  const text = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
  assert.match(text, /Police and Crime Plan Decisions\s+Update/);
  const ids = [...text.matchAll(/\(ID:\s+(\d+)\)/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['507', '514', '513', '512', '511', '508', '505', '504', '502', '499']);
  assert.match(text, /Jan-20/);
  const again = await b.get(`${paperUrl}/paper.pdf`);
  assert.ok(Buffer.compare(again.rawPayload, pdf.rawPayload) === 0, 'the bytes as sent, every time');
  // Each file is the one stored when the paper was sent, byte for byte, with its own type.
  const stored = await w.services.panel.paper(n.office.id, paperUrl.split('/').pop() as string);
  assert.ok(Buffer.compare(pdf.rawPayload, stored.pdf as Buffer) === 0);
  const html = await b.get(`${paperUrl}/paper.html`);
  assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(html.body, stored.html);
  const docx = await b.get(`${paperUrl}/paper.docx`);
  assert.equal(docx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.ok(Buffer.compare(docx.rawPayload, stored.docx) === 0);
  for (const name of ['paper.exe', '__proto__', 'constructor']) assert.equal((await b.get(`${paperUrl}/${name}`)).statusCode, 404, name);

  // The API: the meeting with its agenda and paper, history, and office isolation.
  const api = await apiClient(app, w.services, n.editor);
  const got = await api.call('GET', `/panel/meetings/${meetingId}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.items[0].title, 'Police and Crime Plan Delivery');
  assert.equal(got.body.items[0].papers[0].hasPdf, true);
  const wg = await api.call('POST', '/panel/meetings', { body: 'working_group', meetsOn: '2020-03-02', attendance: ['Cllr Jan Warwick'] });
  assert.equal(wg.status, 201);
  const badWg = await api.call('POST', '/panel/meetings', { body: 'committee', meetsOn: '2020-13-02' });
  assert.equal(badWg.status, 400);
  assert.deepEqual(badWg.body.error.fields.map((f: { field: string }) => f.field).sort(), ['body', 'meetsOn']);
  const it = await api.call('POST', `/panel/meetings/${wg.body.id}/items`, { title: 'Rural crime scrutiny', exempt: true });
  assert.equal(it.status, 201);
  const moved = await api.call('PATCH', `/panel/meetings/${wg.body.id}/items/${it.body.id}`, {
    version: 1,
    purpose: 'Delayed appointment',
    reason: 'Clarified',
  });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.version, 2);
  const held = await api.call('PATCH', `/panel/meetings/${wg.body.id}`, { version: 1, status: 'held' });
  assert.equal(held.status, 200);
  const stale = await api.call('PATCH', `/panel/meetings/${wg.body.id}`, { version: 1, status: 'cancelled' });
  assert.equal(stale.status, 409);
  const hist = await api.call('GET', `/panel/meetings/${wg.body.id}/history`);
  assert.deepEqual(
    hist.body.map((h: { kind: string }) => h.kind),
    ['status: held', 'item changed', 'item added', 'scheduled'],
  );
  const preview = await api.call('GET', `/panel/meetings/${wg.body.id}/decisions-update`);
  assert.equal(preview.status, 200);
  assert.deepEqual([preview.body.from, preview.body.to], ['2020-02-07', '2020-03-01']);
  const paperApi = await api.call('POST', `/panel/meetings/${meetingId}/items/${item.id}/papers`, { kind: 'delivery_progress' });
  assert.equal(paperApi.status, 400);
  assert.equal(paperApi.body.error.fields[0].field, 'period');

  // The minute, a question in writing, a recommendation and its response, through the API.
  const minute = await api.call('PUT', `/panel/meetings/${meetingId}/items/${item.id}/minute`, {
    version: item.version,
    heard: ['The cyber ambassadors project was now complete'],
    resolution: 'That the update on the delivery of the Police and Crime Plan is noted by the Police and Crime Panel.',
  });
  assert.equal(minute.status, 200);
  assert.deepEqual(minute.body.heard, ['The cyber ambassadors project was now complete']);
  const q = await api.call('POST', `/panel/meetings/${meetingId}/items/${item.id}/questions`, {
    askedBy: 'Cllr Jan Warwick',
    answerMode: 'in_writing',
    answerDue: '2020-02-21',
  });
  assert.equal(q.status, 201);
  const rec = await api.call('POST', `/panel/meetings/${meetingId}/recommendations`, {
    text: 'Protect the dedicated rural crime resource',
    responseDue: '2020-01-19',
  });
  assert.equal(rec.status, 201);
  const overdue = await api.call('GET', '/panel/recommendations?status=overdue');
  assert.deepEqual(
    overdue.body.map((r: { id: string; shownStatus: string }) => [r.id, r.shownStatus]),
    [[rec.body.id, 'overdue']],
  );
  const log = await api.call('GET', '/panel/actions-log');
  assert.deepEqual(log.body.map((x: { kind: string }) => x.kind).sort(), ['question', 'recommendation']);
  const answered = await api.call('POST', `/panel/recommendations/${rec.body.id}/response`, {
    version: 1,
    status: 'accepted',
    response: 'The Chief Constable has been asked to protect it.',
    respondedOn: '2020-01-20',
  });
  assert.equal(answered.status, 200);
  assert.equal(answered.body.shownStatus, 'accepted');
  assert.equal(
    (await api.call('POST', `/panel/recommendations/${rec.body.id}/response`, { version: 2, status: 'closed', respondedOn: '2030-01-01', response: 'x' }))
      .status,
    400,
  );

  const south = await apiClient(app, w.services, w.south.editor);
  assert.equal(
    (await south.call('POST', `/panel/recommendations/${rec.body.id}/response`, { version: 2, status: 'closed', response: 'x', respondedOn: '2020-01-20' }))
      .status,
    404,
  );
  assert.deepEqual((await south.call('GET', '/panel/actions-log')).body, []);
  assert.equal((await south.call('GET', `/panel/meetings/${meetingId}`)).status, 404);
  assert.equal((await south.call('GET', `/panel/papers/${paperUrl.split('/').pop()}`)).status, 404);
  assert.equal((await south.call('PATCH', `/panel/meetings/${meetingId}`, { version: 1, place: 'Elsewhere' })).status, 404);
  assert.deepEqual((await south.call('GET', '/panel/meetings')).body, []);
  const southBrowser = new Browser(app);
  await southBrowser.signIn(w.south.users.viewer.email);
  assert.equal((await southBrowser.get(url)).statusCode, 404);
  assert.equal((await southBrowser.get(paperUrl)).statusCode, 404);
  assert.equal((await southBrowser.get(`${paperUrl}/paper.html`)).statusCode, 404);
});
