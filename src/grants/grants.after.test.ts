// After the award (issue 14): a bid declined by a decision (its notice drafted, the applicant and the
// reasons in the exempt part; never on the public register nor in any 360Giving export: canary), the
// award and decline letters in Word and PDF with their values, the payment schedule and payments made,
// monitoring returns (due soon and overdue on the home page, London dates), variations with reasons and
// history, the evaluation, the money totals, and the office's registered 360Giving prefix with the XLSX
// export and publisher metadata.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { AWARD_INPUT, enterBid, errorLinks, grantsWorld, pageText as text, roadSafetyRound } from '../../test/grants.js';
import { apiClient, Browser } from '../../test/helpers.js';

const docxText = async (bytes: Buffer) =>
  ((await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
const xlsxText = async (bytes: Buffer) => {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => n.startsWith('xl/'))
      .map((n) => zip.file(n)?.async('string') ?? ''),
  );
  return parts.join(' ');
};

// The canaries: an applicant's personal details, a declined organisation, and text only the exempt part holds.
const CANARY = { contact: 'Pat Canaryperson', email: 'pat.canary@example.org', declinedOrg: 'Beta Canary Trust', declinedContact: 'Dana Declined' };
const DECLINE_REASONS = 'EXEMPTCANARY weak evidence of need and no match funding';

test('declines by decision, letters, payments, returns, variations, evaluation, totals and the 360Giving prefix', async (t) => {
  const { w, app, g, o } = await grantsWorld(t, '2016-12-14T10:00:00Z');
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const api = await apiClient(app, w.services, o.editor);

  const { round } = await roadSafetyRound(g, o.editor, {
    maxSharePercent: 75,
    priorities: ['Reduce offending', 'Champion community needs'],
    evaluationRequired: true,
  });
  const enter = (organisationName: string, contactName: string, contactEmail: string, amount: string, priorities: string[]) =>
    enterBid(g, o.editor, round.id, organisationName, amount, {
      contactName,
      contactEmail,
      totalCost: '£40,000',
      otherFunding: 'Parish councils',
      evaluationPlan: 'A survey at the end',
      priorities,
    });
  const alpha = await enter('Alpha Trust', CANARY.contact, CANARY.email, '£30,000', ['Reduce offending']);
  const beta = await enter(CANARY.declinedOrg, CANARY.declinedContact, 'dana@declined.example.org', '£6,000', ['Champion community needs']);
  await g.recommend({ by: o.editor, bidId: alpha.id, input: { recommendation: 'fund', reasons: 'Strong need' } });
  await g.recommend({ by: o.editor, bidId: beta.id, input: { recommendation: 'decline', reasons: 'Weak evidence' } });
  const { award, decision } = await g.award({ by: o.editor, bidId: alpha.id, input: AWARD_INPUT });
  const declines = async () => Number((await w.database.exec('select count(*)::int as n from grant_declines')).rows[0].n);

  await t.test('declining by decision: errors kept, then the notice drafted with the applicant in its exempt part', async () => {
    const url = `/grants/bids/${beta.id}/decline`;
    const form = await editor.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(text(form.body), /Decline bid RSF-002/);
    assert.match(form.body, />Weak evidence<\/textarea>/, 'the panel’s reasons are offered');
    const bad = await editor.post(
      url,
      { declineReference: '', 'declinedOn-day': '31', 'declinedOn-month': '2', 'declinedOn-year': '2016', declineReasons: DECLINE_REASONS },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorLinks(bad.body).sort(), ['#declineReference', '#declinedOn-day'].sort());
    assert.match(bad.body, new RegExp(DECLINE_REASONS), 'the reasons typed are kept');
    assert.equal(await declines(), 0, 'nothing written');
    const ok = await editor.post(
      url,
      { declineReference: 'DN 2016/42', 'declinedOn-day': '13', 'declinedOn-month': '12', 'declinedOn-year': '2016', declineReasons: DECLINE_REASONS },
      { from: url },
    );
    assert.equal(ok.statusCode, 303);
    const d = (await w.services.decisions.list(o.office.id, {})).items.find((x) => x.reference === 'DN 2016/42');
    assert.ok(d, 'the decline’s notice is in the register');
    assert.equal(ok.headers.location, `/decisions/${d.id}`);
    assert.equal(d.title, 'A bid to the Road Safety Fund declined (Second round)');
    assert.equal(d.status, 'draft');
    const full = await editor.get(`/decisions/${d.id}`);
    assert.match(text(full.body), new RegExp(`Applicant: ${CANARY.declinedOrg}`), 'the exempt part names the applicant');
    const bid = await editor.get(`/grants/bids/${beta.id}`);
    assert.match(text(bid.body), /Declined Decision DN 2016\/42 on 13 December 2016 Reasons EXEMPTCANARY weak evidence/);
    assert.doesNotMatch(text(bid.body), /Award the grant/);
    // Again, or an awarded bid: refused; a viewer may not; the API's hostile input is a field error.
    assert.equal((await api.call('POST', `/grants/bids/${beta.id}/decline`, { reference: 'DN 2016/43', declinedOn: '2016-12-13', reasons: 'x' })).status, 422);
    assert.equal((await api.call('POST', `/grants/bids/${alpha.id}/decline`, { reference: 'DN 2016/43', declinedOn: '2016-12-13', reasons: 'x' })).status, 422);
    const hostile = await api.call('POST', `/grants/bids/${alpha.id}/decline`, { reference: 5, declinedOn: '2016-02-30', reasons: '' });
    assert.equal(hostile.status, 400);
    assert.deepEqual(hostile.body.error.fields.map((f: { field: string }) => f.field).sort(), ['declinedOn', 'reasons', 'reference']);
    const viewer = await apiClient(app, w.services, { ...o.editor, userId: o.users.viewer.id, name: 'north viewer', role: 'viewer' });
    assert.equal((await viewer.call('POST', `/grants/bids/${alpha.id}/decline`, { reference: 'DN 1', declinedOn: '2016-12-13', reasons: 'x' })).status, 403);
    assert.equal(await declines(), 1);
  });

  await t.test('letters: Word and PDF with the recipient, amount, conditions and reasons', async () => {
    const awardDocx = await editor.get(`/grants/bids/${alpha.id}/letter.docx`);
    assert.equal(awardDocx.statusCode, 200);
    const a = await docxText(awardDocx.rawPayload);
    for (const v of [
      `To: ${CANARY.contact}, Alpha Trust`,
      'has awarded Alpha Trust a grant of £30,000 (£30,000 in 2016/17) from the Road Safety Fund',
      'Quarterly monitoring returns; spend by 31 March 2018',
      'Strongest evidence of need on rural roads',
      'Date of the decision: 12 December 2016',
      'decision DN 2016/41',
    ])
      assert.ok(a.includes(v), v);
    const declineDocx = await docxText((await editor.get(`/grants/bids/${beta.id}/letter.docx`)).rawPayload);
    for (const v of [`To: ${CANARY.declinedContact}, ${CANARY.declinedOrg}`, DECLINE_REASONS, 'decided not to award a grant from the Road Safety Fund'])
      assert.ok(declineDocx.includes(v), v);
    // A bid neither awarded nor declined has no letter.
    const third = await enter('Gamma Trust', 'Gil', 'gil@example.org', '£5,000', ['Reduce offending']);
    assert.equal((await editor.get(`/grants/bids/${third.id}/letter.docx`)).statusCode, 404);
    if (!existsSync('/usr/bin/chromium')) return t.diagnostic('Chromium not installed: PDF letters not checked');
    const pdf = await editor.get(`/grants/bids/${alpha.id}/letter.pdf`);
    assert.equal(pdf.statusCode, 200);
    const dir = mkdtempSync(join(tmpdir(), 'pcp-letter-'));
    writeFileSync(join(dir, 'l.pdf'), pdf.rawPayload);
    const p = execFileSync('pdftotext', [join(dir, 'l.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const v of ['Alpha Trust a grant of £30,000', 'Quarterly monitoring returns; spend by 31 March 2018', 'Strongest evidence of need on rural roads'])
      assert.ok(p.includes(v), v);
  });

  const awardUrl = `/grants/awards/${award.id}`;
  await t.test('payments: scheduled within the award, made on a day, shown on the award’s page', async () => {
    const over = await editor.post(
      `${awardUrl}/payments`,
      { 'dueOn-day': '10', 'dueOn-month': '1', 'dueOn-year': '2017', amount: '£30,001' },
      { from: awardUrl },
    );
    assert.equal(over.statusCode, 400);
    assert.deepEqual(errorLinks(over.body), ['#amount']);
    assert.match(text(over.body), /The award is £30,000 and £0 is already scheduled: at most £30,000 more can be/);
    assert.match(over.body, /value="£30,001"/);
    const ok = await editor.post(
      `${awardUrl}/payments`,
      { 'dueOn-day': '10', 'dueOn-month': '1', 'dueOn-year': '2017', amount: '£20,000' },
      { from: awardUrl },
    );
    assert.equal(ok.statusCode, 303);
    const [p] = (await g.awardDetail(o.office.id, award.id)).payments;
    const payUrl = `/grants/payments/${p.id}`;
    const page = await editor.get(payUrl);
    assert.match(text(page.body), /Scheduled: £20,000 due on 10 January 2017 \(decision DN 2016\/41\)/);
    const future = await editor.post(
      payUrl,
      { 'paidOn-day': '15', 'paidOn-month': '12', 'paidOn-year': '2016', amount: '20000.00', version: '1' },
      { from: payUrl },
    );
    assert.equal(future.statusCode, 400);
    assert.match(text(future.body), /The date it was paid must be today or in the past/);
    const paid = await editor.post(
      payUrl,
      { 'paidOn-day': '14', 'paidOn-month': '12', 'paidOn-year': '2016', amount: '20000.00', version: '1' },
      { from: payUrl },
    );
    assert.equal(paid.statusCode, 303);
    const view = text((await editor.get(awardUrl)).body);
    assert.match(view, /Paid £20,000 paid; £10,000 still to pay \(£20,000 scheduled\)/);
    assert.match(view, /10 January 2017 £20,000 £20,000 on 14 December 2016/);
    assert.match(view, /Payment made .*£20,000 due on 2017-01-10.*£20,000 paid on 2016-12-14/);
  });

  await t.test('monitoring returns: due soon and overdue on the home page (London days), received', async () => {
    for (const [title, d] of [
      ['First quarterly monitoring return', '13'],
      ['Second quarterly monitoring return', '28'],
      ['Final monitoring return', '31'],
    ] as const) {
      const month = title.startsWith('Final') ? '3' : '12';
      const year = title.startsWith('Final') ? '2017' : '2016';
      const r = await editor.post(
        `${awardUrl}/returns`,
        { returnTitle: title, 'returnDueOn-day': d, 'returnDueOn-month': month, 'returnDueOn-year': year },
        { from: awardUrl },
      );
      assert.equal(r.statusCode, 303, title);
    }
    const early = await editor.post(
      `${awardUrl}/returns`,
      { returnTitle: 'Too early', 'returnDueOn-day': '1', 'returnDueOn-month': '12', 'returnDueOn-year': '2016' },
      { from: awardUrl },
    );
    assert.equal(early.statusCode, 400);
    assert.deepEqual(errorLinks(early.body), ['#returnDueOn-day']);
    assert.match(early.body, /value="Too early"/);
    const home = text((await editor.get('/')).body);
    assert.match(home, /First quarterly monitoring return from Alpha Trust \(decision DN 2016\/41\): overdue since 13 December 2016/);
    assert.match(home, /Second quarterly monitoring return from Alpha Trust \(decision DN 2016\/41\): due on 28 December 2016/);
    assert.doesNotMatch(home, /Final monitoring return/, 'more than 14 days ahead');
    const first = (await g.awardDetail(o.office.id, award.id)).returns.find((r) => r.title.startsWith('First'));
    assert.ok(first);
    const retUrl = `/grants/returns/${first.id}`;
    assert.match(text((await editor.get(retUrl)).body), /Due on 13 December 2016 from Alpha Trust/);
    const empty = await editor.post(
      retUrl,
      { 'receivedOn-day': '14', 'receivedOn-month': '12', 'receivedOn-year': '2016', summary: '', version: '1' },
      { from: retUrl },
    );
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(errorLinks(empty.body), ['#summary']);
    const got = await editor.post(
      retUrl,
      { 'receivedOn-day': '14', 'receivedOn-month': '12', 'receivedOn-year': '2016', summary: '40 volunteers trained', version: '1' },
      { from: retUrl },
    );
    assert.equal(got.statusCode, 303);
    const after = text((await editor.get('/')).body);
    assert.doesNotMatch(after, /First quarterly monitoring return from Alpha Trust/);
    assert.match(
      text((await editor.get(awardUrl)).body),
      /First quarterly monitoring return 13 December 2016 Received on 14 December 2016 40 volunteers trained/,
    );
  });

  await t.test('variations: within the pot, not below what is paid, with the reason in the history', async () => {
    const vary = (amount: string, extra: Record<string, unknown> = {}) =>
      api.call('POST', `/grants/awards/${award.id}/variations`, {
        amounts: [{ year: '2016/17', amount }],
        reason: 'More villages joined',
        version: 1,
        ...extra,
      });
    const pot = await vary('£50,001');
    assert.equal(pot.status, 400);
    assert.match(
      pot.body.error.fields[0].message,
      /The round’s pot is £50,000 and £0 is awarded to other bids: at most £50,000 is left for this award, less than £50,001/,
    );
    const below = await vary('£10,000');
    assert.equal(below.status, 400);
    assert.match(below.body.error.fields[0].message, /£20,000 is already paid: the award cannot be less than that/);
    const ok = await vary('£35,000', { plannedStart: '2017-01-01', plannedEnd: '2017-12-31' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.amountPence, 3_500_000);
    assert.equal(ok.body.version, 2);
    assert.equal((await vary('£36,000')).status, 409, 'a stale version');
    const page = text((await editor.get(awardUrl)).body);
    assert.match(page, /Amount £35,000 \(£35,000 in 2016\/17\)/);
    assert.match(page, /Planned dates 1 January 2017 to 31 December 2017/);
    assert.match(page, /Varied .*More villages joined/);
    const form = await editor.get(`${awardUrl}/vary`);
    assert.match(form.body, /name="amount1"[^>]*value="35000.00"/);
    const nothing = await editor.post(
      `${awardUrl}/vary`,
      {
        year1: '2016/17',
        amount1: '35000.00',
        'plannedStart-day': '1',
        'plannedStart-month': '1',
        'plannedStart-year': '2017',
        'plannedEnd-day': '31',
        'plannedEnd-month': '12',
        'plannedEnd-year': '2017',
        conditions: 'Quarterly monitoring returns; spend by 31 March 2018',
        reason: 'No change',
        version: '2',
      },
      { from: `${awardUrl}/vary` },
    );
    assert.equal(nothing.statusCode, 400);
    assert.match(text(nothing.body), /this variation changes nothing/);
    const h = await api.call('GET', `/grants/awards/${award.id}/history`);
    assert.equal(h.status, 200);
    assert.equal(h.body.find((x: { kind: string }) => x.kind === 'varied').reason, 'More villages joined');
  });

  await t.test('the evaluation at the end', async () => {
    const url = `${awardUrl}/evaluation`;
    const done = await editor.post(
      url,
      { 'evaluatedOn-day': '14', 'evaluatedOn-month': '12', 'evaluatedOn-year': '2016', evaluation: 'Speeds fell by a tenth', version: '2' },
      { from: url },
    );
    assert.equal(done.statusCode, 303);
    assert.match(text((await editor.get(awardUrl)).body), /Evaluation 14 December 2016: Speeds fell by a tenth/);
  });

  await t.test('totals by fund, financial year and plan priority, on the page and in the API', async () => {
    const page = text((await editor.get('/grants/totals')).body);
    assert.match(page, /All funds: pot £50,000, awarded £35,000, paid £20,000, remaining £15,000\./);
    assert.match(page, /By fund Fund Pot Awarded Paid Remaining Road Safety Fund £50,000 £35,000 £20,000 £15,000/);
    assert.match(page, /By financial year .* 2016\/17 £50,000 £35,000 £20,000 £15,000/);
    assert.match(page, /By plan priority .* Reduce offending No pot of its own £35,000 £20,000 No pot of its own/);
    assert.doesNotMatch(page, /Champion community needs/, 'a declined bid’s priority has nothing awarded');
    const j = await api.call('GET', '/grants/totals');
    assert.equal(j.status, 200);
    assert.deepEqual(j.body.all, { key: 'All funds', potPence: 5_000_000, awardedPence: 3_500_000, paidPence: 2_000_000, remainingPence: 1_500_000 });
  });

  await t.test('the registered 360Giving prefix, publisher metadata, XLSX; and the canary: no declined bid, no personal data', async () => {
    const admin = new Browser(app);
    await admin.signIn('admin@north.example.org');
    const bad = await admin.post('/grants/settings', { givingPrefix: 'northpcc', publisherWebsite: 'javascript:alert(1)' }, { from: '/grants/settings' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorLinks(bad.body), ['#givingPrefix', '#publisherWebsite']);
    assert.match(bad.body, /value="northpcc"/);
    const ok = await admin.post(
      '/grants/settings',
      { givingPrefix: '360G-northpcc', publisherWebsite: 'https://north.example.org' },
      { from: '/grants/settings' },
    );
    assert.equal(ok.statusCode, 303);
    assert.match(text((await admin.get('/grants/settings')).body), /publishes its grants under the 360Giving prefix 360G-northpcc/);
    assert.equal((await editor.get('/grants/settings')).statusCode, 403, 'admins only');

    const res = await app.inject({ method: 'GET', url: '/o/north/grants/360giving.json' });
    assert.equal(res.statusCode, 200);
    const pkg = JSON.parse(res.body) as { publisher: unknown; license: string; grants: Record<string, unknown>[] };
    const read = (f: string) => ({
      ...JSON.parse(readFileSync(new URL(`./360giving/${f}`, import.meta.url), 'utf8')),
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({
      ...read('360-giving-schema.json'),
      $id: 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json',
    });
    const validate = ajv.compile(read('360-giving-package-schema.json'));
    assert.ok(validate(pkg), JSON.stringify(validate.errors));
    assert.deepEqual(pkg.publisher, { identifier: '360G-northpcc', name: 'North OPCC', website: 'https://north.example.org' });
    assert.equal(pkg.license, 'https://creativecommons.org/licenses/by/4.0/');
    assert.deepEqual(
      pkg.grants.map((x: Record<string, unknown>) => [x.id, x.amountAwarded, x.plannedDates, (x.fundingOrganization as { id: string }[])[0].id]),
      [[`360G-northpcc-${award.id}`, 35000, [{ startDate: '2017-01-01', endDate: '2017-12-31' }], '360G-northpcc']],
    );
    const csv = parse((await app.inject({ method: 'GET', url: '/o/north/grants/360giving.csv' })).body) as string[][];
    assert.equal(csv.length, 2);
    assert.deepEqual(csv[1].slice(0, 9), [
      `360G-northpcc-${award.id}`,
      'Alpha Trust speed watch',
      'Speed watch volunteers in Alpha Trust villages',
      'GBP',
      '30000.00',
      '35000.00',
      '2016-12-12',
      '2017-01-01',
      '2017-12-31',
    ]);
    const xlsx = await app.inject({ method: 'GET', url: '/o/north/grants/360giving.xlsx' });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const cells = await xlsxText(xlsx.rawPayload);
    for (const v of ['Identifier', 'Planned Dates:Start Date', 'Recipient Org:Identifier', `360G-northpcc-${award.id}`, 'Alpha Trust'])
      assert.ok(cells.includes(v), v);
    // The canary: nothing public names the declined bid, its applicant, its reasons, or anyone's contact details.
    const publicBodies = [
      res.body,
      (await app.inject({ method: 'GET', url: '/o/north/grants/360giving.csv' })).body,
      cells,
      (await app.inject({ method: 'GET', url: '/o/north/grants/awarded' })).body,
      (await app.inject({ method: 'GET', url: '/o/north/decisions' })).body,
    ];
    for (const body of publicBodies)
      for (const never of [CANARY.contact, CANARY.email, CANARY.declinedOrg, CANARY.declinedContact, 'dana@declined', 'EXEMPTCANARY', 'RSF-002'])
        assert.ok(!body.includes(never), never);
    assert.ok(publicBodies[3].includes('Alpha Trust'), 'the register does show the award');
  });

  await t.test('office isolation: another office’s award is not found, page or API', async () => {
    const south = new Browser(app);
    await south.signIn('editor@south.example.org');
    assert.equal((await south.get(awardUrl)).statusCode, 404);
    const southApi = await apiClient(app, w.services, w.south.editor);
    assert.equal((await southApi.call('GET', `/grants/awards/${award.id}`)).status, 404);
    assert.equal((await southApi.call('POST', `/grants/awards/${award.id}/payments`, { dueOn: '2017-01-01', amount: '1' })).status, 404);
    const detail = await api.call('GET', `/grants/awards/${award.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.paidPence, 2_000_000);
    assert.equal(decision.reference, 'DN 2016/41');
  });
});
