import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';
import { renderDocx } from '../documents/docx.js';

/** A small real PDF: what a reader opens, and what file-type knows by its "%PDF-" signature. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);

test('documents uploaded to an item: checked by their content, kept byte for byte with their SHA-256, exempt ones never public; the API does the same', async (t) => {
  const c = clock('2020-02-01T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services.panel;
  const m = await s.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07', startsAt: '10:00' } });
  const item = await s.addItem({ by: n.editor, meetingId: m.id, input: { title: 'Annual report' } });
  const secretItem = await s.addItem({ by: n.editor, meetingId: m.id, input: { title: 'Staffing', exempt: true } });
  const docx: Buffer = await renderDocx({ title: 'Annual report of the Commissioner', lang: 'en-GB', blocks: [] });

  const b = new Browser(app);
  await b.signIn(n.users.editor.email);
  const formUrl = `/panel/meetings/${m.id}/items/${item.id}/documents/new`;
  const form = await b.get(formUrl);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /A PDF \(\.pdf\) or a Word Document \(\.docx\), smaller than 10 MB/);

  const upload = async (url: string, fields: Record<string, string>, file?: { name: string; data: Buffer }) => {
    const parts: Buffer[] = [];
    const csrf = await b.csrf(url);
    const boundary = '----pcp-panel-boundary';
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (file)
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`),
        file.data,
        Buffer.from('\r\n'),
      );
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  };

  // Refused, each with its reason in the error summary, the title kept, nothing saved.
  const cases: [Record<string, string>, { name: string; data: Buffer } | undefined, string[]][] = [
    [{ title: 'Annual report', exempt: 'no' }, undefined, ['#file Select a PDF or Word file']],
    [{ title: '', exempt: 'no' }, { name: 'report.pdf', data: PDF }, ['#title Enter the document’s title, like “Annual report of the Commissioner”']],
    [
      { title: 'Annual report', exempt: 'no' },
      { name: 'report.pdf', data: docx },
      ['#file The selected file is not a PDF, although its name ends in .pdf: check you chose the right file'],
    ],
    [
      { title: 'Annual report', exempt: 'no' },
      { name: 'report.docx', data: PDF },
      ['#file The selected file is not a Word Document, although its name ends in .docx: check you chose the right file'],
    ],
    [
      { title: 'Annual report', exempt: 'no' },
      { name: 'report.pdf', data: Buffer.from('<html>not a pdf</html>') },
      ['#file The selected file is not a PDF, although its name ends in .pdf: check you chose the right file'],
    ],
    [{ title: 'Annual report', exempt: 'no' }, { name: 'report.exe', data: PDF }, ['#file The selected file must be a PDF (.pdf) or a Word Document (.docx)']],
    [
      { title: 'Annual report', exempt: 'no' },
      { name: 'report.doc', data: PDF },
      ['#file The selected file is an old Word 97-2003 document (.doc): save it as a Word Document (.docx) or as PDF'],
    ],
    [
      { title: 'Annual report', exempt: 'no' },
      { name: 'big.pdf', data: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) },
      ['#file The selected file must be smaller than 10 MB'],
    ],
  ];
  for (const [fields, file, expected] of cases) {
    const r = await upload(formUrl, fields, file);
    assert.equal(r.statusCode, 400, `${file?.name}: ${r.body.slice(0, 200)}`);
    assert.deepEqual(errorLinks(r.body), expected, file?.name);
    if (fields.title) assert.match(r.body, /value="Annual report"/);
  }
  assert.deepEqual((await s.agenda(n.office.id, m.id)).items[0].documents, [], 'nothing saved');

  const ok = await upload(formUrl, { title: 'Annual report of the Commissioner 2019', exempt: 'no' }, { name: 'annual-report.docx', data: docx });
  assert.equal(ok.statusCode, 303);
  const pdfOk = await upload(formUrl, { title: 'Legal advice', exempt: 'yes' }, { name: 'advice.pdf', data: PDF });
  assert.equal(pdfOk.statusCode, 303);
  const page = await b.get(`/panel/meetings/${m.id}`);
  const plain = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(plain, new RegExp(`Annual report of the Commissioner 2019 \\(Word, \\d+ KB\\), uploaded .* by north editor\\. SHA-256: ${sha(docx)}`));
  assert.match(plain, new RegExp(`Legal advice \\(PDF, 1 KB\\) Exempt , uploaded .* SHA-256: ${sha(PDF)}`));
  const [word, advice] = (await s.agenda(n.office.id, m.id)).items[0].documents;
  assert.equal(word.fileType, 'docx');
  assert.equal(word.sha256, sha(docx));
  const got = await b.get(`/panel/documents/${word.id}`);
  assert.equal(got.statusCode, 200);
  assert.equal(got.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(got.headers['content-disposition'], 'attachment; filename="annual-report.docx"');
  assert.equal(sha(got.rawPayload), sha(docx), 'the bytes as uploaded');
  const hist = await s.history(n.office.id, m.id);
  assert.deepEqual(
    hist.filter((h) => h.kind === 'document uploaded').map((h) => [h.changes.title.to, h.changes.sha256.to, h.changes.exempt.to]),
    [
      ['Legal advice', sha(PDF), true],
      ['Annual report of the Commissioner 2019', sha(docx), false],
    ],
  );

  // The public: the document is listed and downloadable; the exempt one is neither, nor any document of an exempt item.
  const api = await apiClient(app, w.services, n.editor);
  const onSecret = await api.call('POST', `/panel/meetings/${m.id}/items/${secretItem.id}/documents`, {
    title: 'Staffing paper',
    filename: 'staffing.pdf',
    content: PDF.toString('base64'),
  });
  assert.equal(onSecret.status, 201);
  assert.equal(onSecret.body.sha256, sha(PDF));
  assert.equal(onSecret.body.fileType, 'pdf');
  const anon = new Browser(app);
  const pub = await anon.get(`/o/north/panel/meetings/${m.id}`);
  assert.match(pub.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Annual report of the Commissioner 2019 \(Word, \d+ KB\)/);
  assert.doesNotMatch(pub.body, /Legal advice|Staffing|advice\.pdf/);
  assert.ok(Buffer.compare((await anon.get(`/o/north/panel/documents/${word.id}`)).rawPayload, docx) === 0);
  assert.equal((await anon.get(`/o/north/panel/documents/${advice.id}`)).statusCode, 404);
  assert.equal((await anon.get(`/o/north/panel/documents/${onSecret.body.id}`)).statusCode, 404);
  assert.equal((await anon.get(`/o/south/panel/documents/${word.id}`)).statusCode, 404);
  assert.equal((await anon.get('/o/north/panel/documents/not-a-uuid')).statusCode, 404);
  // The agenda pack lists the public document under its item, and not the exempt ones.
  const pack = await anon.get(`/o/north/panel/meetings/${m.id}/pack.pdf`);
  assert.equal(pack.statusCode, 200);
  const file = join(mkdtempSync(join(tmpdir(), 'pcp-panel-docs-')), 'pack.pdf');
  writeFileSync(file, pack.rawPayload);
  const packText = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.match(packText, /Published separately with this item:\s+•?\s*Annual report of the Commissioner 2019 \(Word\)/);
  assert.doesNotMatch(packText, /Legal advice|Staffing/);

  // The API: the same checks, the file's problem named as its `content`; other offices see nothing.
  const renamed = await api.call('POST', `/panel/meetings/${m.id}/items/${item.id}/documents`, {
    title: 'Renamed',
    filename: 'x.pdf',
    content: docx.toString('base64'),
  });
  assert.equal(renamed.status, 400);
  assert.deepEqual(
    renamed.body.error.fields.map((f: { field: string }) => f.field),
    ['content'],
  );
  const notBase64 = await api.call('POST', `/panel/meetings/${m.id}/items/${item.id}/documents`, { title: 'x', filename: 'x.pdf', content: '%%%' });
  assert.equal(notBase64.status, 400);
  const agenda = await api.call('GET', `/panel/meetings/${m.id}`);
  assert.deepEqual(
    agenda.body.items[0].documents.map((d: { title: string; size: number }) => [d.title, d.size]),
    [
      ['Annual report of the Commissioner 2019', docx.byteLength],
      ['Legal advice', PDF.byteLength],
    ],
  );
  assert.equal((await api.call('GET', `/panel/documents/${word.id}`)).body.sha256, sha(docx));
  const south = await apiClient(app, w.services, w.south.editor);
  assert.equal((await south.call('GET', `/panel/documents/${word.id}`)).status, 404);
  assert.equal(
    (await south.call('POST', `/panel/meetings/${m.id}/items/${item.id}/documents`, { title: 'x', filename: 'x.pdf', content: PDF.toString('base64') })).status,
    404,
  );
  const southBrowser = new Browser(app);
  await southBrowser.signIn(w.south.users.editor.email);
  assert.equal((await southBrowser.get(`/panel/documents/${word.id}`)).statusCode, 404);
});
