// An office's own column names: on the check page an editor says which column each unknown header
// holds; the office's choice is remembered, so its tracker's headers are recognised next time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const OWN_HEADERS = ['Scheme,Status change,When,Portfolio,Priorities,RAG'].join('');
const CSV = [
  OWN_HEADERS,
  'Cyber,Scoping,01/02/2018,Policing,Reduce offending,Green',
  'Knives,Identified,01/02/2018,Big Issues,Champion community needs,Amber',
].join('\n');

test('the office’s own column names: matched on the check page, remembered for the next import, refused when they clash; other offices unaffected', async (t) => {
  const c = clock('2018-06-01T09:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const squash = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const uploadAs = async (b: Browser, name: string, content: string) => {
    const csrf = await b.csrf('/imports');
    const boundary = '----pcp-test-boundary';
    const part = (k: string, v: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    const body = Buffer.concat([
      Buffer.from(part('_csrf', csrf) + part('type', 'projects')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await app.inject({
      method: 'POST',
      url: '/imports',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    return res.headers.location as string;
  };
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');

  // The tracker's own headers: Project, Change and Date are not found; the page offers to match them.
  const checkUrl = await uploadAs(editor, 'tracker.csv', CSV);
  const first = await editor.get(checkUrl);
  assert.equal(first.statusCode, 200);
  assert.match(squash(first.body), /Row 1 must name the columns: ‘Project’, ‘Change’, ‘Date’ not found/);
  assert.match(squash(first.body), /Match your column names \(5 not ours\)/);
  for (const h of ['Scheme', 'Status change', 'When', 'Portfolio', 'RAG']) assert.match(squash(first.body), new RegExp(`Your column ‘${h}’ holds`));
  assert.match(first.body, /<option value="title">Project \(needed\)<\/option>/);

  // Two headers for one column, and a column that is not one of ours: 400, each named, nothing kept.
  const bad = await editor.post(`${checkUrl}/columns`, { 'col-0': 'title', 'col-1': 'title', 'col-2': 'date', 'col-5': 'rag_status' }, { from: checkUrl });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /href="#col-1"/);
  assert.match(bad.body, /href="#col-5"/);
  assert.match(squash(bad.body), /Only one column can be read as ‘Project’/);
  assert.match(bad.body, /<option value="date" selected>Date/, 'what was chosen is kept');
  assert.match(squash((await editor.get(checkUrl)).body), /‘Project’, ‘Change’, ‘Date’ not found/, 'nothing was remembered');

  // The right answer: the check page now reads the file.
  const saved = await editor.post(
    `${checkUrl}/columns`,
    { 'col-0': 'title', 'col-1': 'change', 'col-2': 'date', 'col-3': 'strand', 'col-5': '' },
    { from: checkUrl },
  );
  assert.equal(saved.statusCode, 303);
  const again = squash((await editor.get(checkUrl)).body);
  assert.match(again, /Column names saved: 4 remembered/);
  assert.match(again, /To create 2 project\(s\)/);
  assert.doesNotMatch(again, /not found/);

  // Next time, a new upload with the same headers is read at once; another office still is asked.
  const next = squash((await editor.get(await uploadAs(editor, 'tracker-june.csv', CSV))).body);
  assert.match(next, /To create 2 project\(s\)/);
  assert.match(next, /Import 2 project/);
  const south = new Browser(app);
  await south.signIn('editor@south.example.org');
  assert.match(squash((await south.get(await uploadAs(south, 'tracker.csv', CSV))).body), /‘Project’, ‘Change’, ‘Date’ not found/);

  // Who set the names, and when, is in the audit log.
  const audit = await w.services.auth.listAuditFor(w.north.office.id, 'import_columns', 'projects');
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actorName, 'north editor');
  assert.match(audit[0].changes, /"header":"scheme","column":"title"/);
});
