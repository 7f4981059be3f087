import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';
import { readSheetFile } from './sheet-file.js';

const CSV = [
  'Project,Change,Date,Reason,Strand,Priorities,Forecast end',
  'Cyber,Scoping,01/02/2018,,Policing,Reduce offending,2019-Q1',
  'Cyber,Delivery,01/03/2018,,,,',
  'Knives,Identified,01/02/2018,,Big Issues,Champion community needs,TBD',
].join('\n');

test('the web import: upload (GOV.UK file upload), check page with counts or every problem, import, undo; the workbooks to download', async (t) => {
  const c = clock('2018-06-01T09:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const squash = (html: string) => html.replace(/\s+/g, ' ');

  const upload = async (name: string, content: string | Buffer) => {
    const csrf = await b.csrf('/imports');
    const boundary = '----pcp-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return app.inject({ method: 'POST', url: '/imports', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  };

  const index = await b.get('/imports');
  assert.equal(index.statusCode, 200);
  assert.match(index.body, /<input class="govuk-file-upload" id="file" name="file" type="file"/);
  assert.match(index.body, /id="no-imports">No file has been imported yet\./);

  // Nothing chosen, and a file that is not what its name says: the form again, with the GOV.UK error summary.
  const renamed = await upload('tracker.xlsx', CSV);
  assert.equal(renamed.statusCode, 400);
  assert.match(renamed.body, /govuk-error-summary/);
  assert.match(renamed.body, /<a href="#file">The selected file is not an Excel Workbook, although its name ends in \.xlsx/);

  // Problems: listed by row and column, each linked from the error summary; nothing written.
  const bad = await upload('bad.csv', CSV.replace('01/03/2018', '31/02/2018').replace('Big Issues', 'Roads'));
  assert.equal(bad.statusCode, 303);
  const badCheck = await b.get(bad.headers.location as string);
  assert.equal(badCheck.statusCode, 200);
  assert.match(badCheck.body, /<a href="#problem-0">Row 3, column ‘Date’: 31\/02\/2018 is not a date<\/a>/);
  assert.match(badCheck.body, /<a href="#problem-1">Row 4, column ‘Strand’: “Roads” is not a strand of the plan<\/a>/);
  assert.match(
    squash(badCheck.body),
    /id="problem-0" tabindex="-1"> <td class="govuk-table__cell govuk-table__cell--numeric">3<\/td> <td class="govuk-table__cell">Date<\/td>/,
  );
  assert.doesNotMatch(badCheck.body, /Import \d+ projects/);
  assert.equal((await w.services.projects.list(w.north.office.id, {})).total, 0);

  const ok = await upload('tracker.csv', CSV);
  assert.equal(ok.statusCode, 303);
  const check = await b.get(ok.headers.location as string);
  const s = squash(check.body);
  assert.match(s, /Rows read <\/dt> <dd class="govuk-summary-list__value"> 3 <\/dd>/);
  assert.match(s, /To create <\/dt> <dd class="govuk-summary-list__value"> 2 project\(s\) <\/dd>/);
  assert.match(s, /Later changes to enter <\/dt> <dd class="govuk-summary-list__value"> 1 later change\(s\) <\/dd>/);
  assert.match(s, /To update <\/dt> <dd class="govuk-summary-list__value"> 0 project\(s\) already in the tracker, with changes after their last one <\/dd>/);
  assert.equal((await w.services.projects.list(w.north.office.id, {})).total, 0, 'the check writes nothing');
  const done = await b.post(ok.headers.location as string, {}, { from: ok.headers.location as string });
  assert.equal(done.statusCode, 303);
  const page = await b.get(done.headers.location as string);
  assert.match(page.body, /2 project\(s\) imported with 1 later change\(s\)/);
  assert.match(squash(page.body), /History entries written <\/dt> <dd class="govuk-summary-list__value"> 3 <\/dd>/);
  assert.match(squash(page.body), /By <\/dt> <dd class="govuk-summary-list__value"> north editor <\/dd>/);
  assert.equal((await w.services.projects.list(w.north.office.id, {})).total, 2);
  assert.match((await b.get('/imports')).body, /tracker\.csv<\/a>/);

  // The workbooks: the filtered list, and the history in the import's layout.
  const list = await b.get('/projects.xlsx?stage=delivery');
  assert.equal(list.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const listRows = (await readSheetFile('l.xlsx', list.rawPayload)).sheets[0].rows;
  assert.deepEqual(listRows[0].slice(0, 4), ['Project', 'Stage', 'Strand', 'Priorities']);
  assert.deepEqual(
    listRows.slice(1).map((r) => r.slice(0, 4)),
    [['Cyber', 'Delivery', 'Policing', 'Reduce offending']],
  );
  assert.ok(listRows[1][8] instanceof Date, 'last changed is a date');
  const hist = (await readSheetFile('h.xlsx', (await b.get('/projects/history.xlsx')).rawPayload)).sheets[0].rows;
  assert.deepEqual(
    hist.slice(1).map((r) => [r[0], r[1], (r[2] as Date).toISOString().slice(0, 10)]),
    [
      ['Cyber', 'Scoping', '2018-02-01'],
      ['Cyber', 'Delivery', '2018-03-01'],
      ['Knives', 'Identified', '2018-02-01'],
    ],
  );

  // Undo: a reason is needed; then the projects are gone and the import says who undid it.
  const undoUrl = `${done.headers.location}/undo`;
  const noReason = await b.post(undoUrl, { reason: '' }, { from: done.headers.location as string });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /<a href="#reason">Enter the reason the import is undone<\/a>/);
  const undone = await b.post(undoUrl, { reason: 'Wrong office' }, { from: done.headers.location as string });
  assert.equal(undone.statusCode, 303);
  const after = await b.get(done.headers.location as string);
  assert.match(after.body, /Import undone: 2 project\(s\) removed/);
  assert.match(after.body, /Undone by north editor: Wrong office/);
  assert.equal((await w.services.projects.list(w.north.office.id, {})).total, 0);

  // Another office cannot see this import.
  const south = new Browser(app);
  await south.signIn('editor@south.example.org');
  assert.equal((await south.get(done.headers.location as string)).statusCode, 404);
});
