import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { Browser, clock, testApp, world } from '../../test/helpers.js';
import { readSheetFile } from './sheet-file.js';

test('each type’s template: header row, an example row that passes the check, drop-down lists of the office’s strands and priorities, notes on every column', async (t) => {
  const c = clock('2020-06-01T09:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const index = await b.get('/imports');
  assert.match(index.body, /href="\/imports\/templates\/decisions\.xlsx" download>Template for decision notices \(Excel\)/);

  const expected = {
    projects: { sheet: 'Projects', header: ['Project', 'Change', 'Date', 'Reason', 'Strand'], lists: ['Change', 'Strand', 'Priorities', 'Statutory'] },
    decisions: { sheet: 'Decision notices', header: ['Reference', 'Title', 'Status', 'Date approved'], lists: ['Status'] },
    targets: {
      sheet: 'Targets',
      header: ['Target', 'Priority', 'Measured as', 'Better when'],
      lists: ['Measured as', 'Better when', 'Reported direction', 'Priority'],
    },
  } as const;
  for (const [type, want] of Object.entries(expected)) {
    const r = await b.get(`/imports/templates/${type}.xlsx`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = await readSheetFile(`${type}.xlsx`, r.rawPayload);
    assert.deepEqual(
      book.sheets.map((s) => s.sheet),
      [want.sheet, 'Notes', 'Lists'],
    );
    const [data, notes, lists] = book.sheets;
    assert.deepEqual(data.rows[0].slice(0, want.header.length), [...want.header]);
    assert.ok(data.rows.length >= 2, `${type}: an example row`);
    // Every column explained.
    assert.deepEqual(
      notes.rows.slice(1, data.rows[0].length + 1).map((r) => r[0]),
      data.rows[0],
    );
    assert.deepEqual(lists.rows[0], [...want.lists]);
    // The drop-downs: a <dataValidations> list on the data sheet for each list column, read from the Lists sheet.
    const xml = strFromU8(unzipSync(r.rawPayload)['xl/worksheets/sheet1.xml']);
    const validations = [...xml.matchAll(/<dataValidation [^>]*sqref="([A-Z]+)2:[A-Z]+5001"><formula1>Lists!\$([A-Z])\$2:\$[A-Z]\$(\d+)<\/formula1>/g)];
    assert.equal(validations.length, want.lists.length, `${type}: ${xml.slice(xml.indexOf('<dataValidations'), xml.indexOf('</dataValidations>'))}`);
    for (const [, col, listCol] of validations) {
      const header = data.rows[0][col.charCodeAt(0) - 65];
      assert.equal(lists.rows[0][listCol.charCodeAt(0) - 65], header, `${type}: the list of column ${col} is ${header}’s`);
    }
    // The example passes the check as it is.
    const check = await w.services.imports.check({ officeId: w.north.office.id, name: `${type}.xlsx`, data: r.rawPayload, type: type as 'projects' });
    assert.deepEqual(check.problems, [], type);
    assert.equal(check.counts.create, 1, type);
  }
  const projects = (await readSheetFile('p.xlsx', (await b.get('/imports/templates/projects.xlsx')).rawPayload)).sheets[2];
  assert.deepEqual(
    projects.rows.slice(1).map((r) => r[1]),
    ['Big Issues', 'Policing', null, null, null, null, null, null, null, null],
  );
  assert.deepEqual(
    projects.rows.slice(1, 3).map((r) => r[2]),
    ['Champion community needs', 'Reduce offending'],
  );
  assert.equal((await b.get('/imports/templates/grants.xlsx')).statusCode, 404);
});

test('the web import of decision notices: the type chosen on the upload form, the check page counts them, the import page says what it entered', async (t) => {
  const c = clock('2020-06-01T09:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const upload = async (name: string, content: string, type: string) => {
    const csrf = await b.csrf('/imports');
    const boundary = '----pcp-test-boundary';
    const field = (k: string, v: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    const body = Buffer.concat([
      Buffer.from(field('_csrf', csrf) + field('type', type)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return app.inject({ method: 'POST', url: '/imports', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  };
  const file =
    'Reference,Title,Status,Date approved,Decision maker,Summary\nID: 1,Estates,Published,14/03/2019,Commissioner,Sale approved\nID: 2,Draft one,Draft,,,\n';
  const wrongType = await upload('n.csv', file, 'grants');
  assert.equal(wrongType.statusCode, 400);
  assert.match(wrongType.body, /<a href="#type">Choose what the file holds<\/a>/);
  const ok = await upload('notices.csv', file, 'decisions');
  assert.equal(ok.statusCode, 303);
  const check = (await b.get(ok.headers.location as string)).body.replace(/\s+/g, ' ');
  assert.match(check, /Holding <\/dt> <dd class="govuk-summary-list__value"> Decision notices <\/dd>/);
  assert.match(check, /To create <\/dt> <dd class="govuk-summary-list__value"> 2 decision notice\(s\) <\/dd>/);
  assert.match(check, /Import 2 decision notice\(s\)/);
  assert.equal((await w.services.decisions.list(w.north.office.id, {})).total, 0, 'the check writes nothing');
  const done = await b.post(ok.headers.location as string, {}, { from: ok.headers.location as string });
  assert.equal(done.statusCode, 303);
  const page = (await b.get(done.headers.location as string)).body.replace(/\s+/g, ' ');
  assert.match(page, /2 decision notice\(s\) imported with 0 later change\(s\)/);
  assert.match(page, /History entries written <\/dt> <dd class="govuk-summary-list__value"> 4 <\/dd>/);
  assert.deepEqual((await w.services.decisions.list(w.north.office.id, {})).items.map((d) => d.status).sort(), ['draft', 'published']);
  assert.match(
    (await b.get('/imports')).body.replace(/\s+/g, ' '),
    /notices\.csv<\/a><\/td> <td class="govuk-table__cell">[^<]+<\/td> <td class="govuk-table__cell">north editor<\/td> <td class="govuk-table__cell">Decision notices<\/td>/,
  );
});
