import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';
import { seedDecisionsDemo } from '../decisions/decisions.demo.js';

const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:])/g, '$1');
const tmp = () => mkdtempSync(join(tmpdir(), 'pcp-panel-public-'));
function pdfTools(bytes: Buffer) {
  const file = join(tmp(), 'pack.pdf');
  writeFileSync(file, bytes);
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    // Reading order, not layout: a title that wraps keeps its '(ID: 511)' together, not beside the next column's lines.
    reading: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
    struct: execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    // pdftohtml's XML has the document outline (bookmarks) as nested <outline><item>.
    xml: execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], { encoding: 'utf8' }),
  };
}
/** The top-level bookmarks and, for the first one, those nested under it. */
function outline(xml: string) {
  const m = /<outline>([\s\S]*)<\/outline>\s*<\/pdf2xml>/.exec(xml);
  if (!m) return { top: [] as string[], nested: [] as string[] };
  const titles = (s: string) => [...s.matchAll(/<item[^>]*>([^<]*)<\/item>/g)].map((x) => x[1].replace(/&amp;/g, '&').replace(/&#39;/g, "'").trim());
  // Depth by counting <outline> tags before each item.
  const out: { title: string; depth: number }[] = [];
  let depth = 0;
  for (const t of m[0].matchAll(/<outline>|<\/outline>|<item[^>]*>([^<]*)<\/item>/g)) {
    if (t[0] === '<outline>') depth++;
    else if (t[0] === '</outline>') depth--;
    else out.push({ title: titles(t[0])[0], depth });
  }
  return { top: out.filter((o) => o.depth === 1).map((o) => o.title), nested: out.filter((o) => o.depth === 2).map((o) => o.title) };
}

const CANARY = 'CANARY-EXEMPT';

test('the public Panel pages show meetings, agenda, papers, minute and recommendations with responses; nothing exempt and nothing of another office, on pages, feed, pack or downloads', async (t) => {
  const c = clock('2020-03-01T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error', publicUrl: 'https://pcp.example.org' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services.panel;
  await seedDecisionsDemo({ services: { decisions: w.services.decisions }, by: n.editor });

  const feb = await s.createMeeting({
    by: n.editor,
    input: { meetsOn: '2020-02-07', startsAt: '10:00', place: 'Ashburton Hall, Winchester', attendance: ['Cllr Dave Stewart'] },
  });
  await s.updateMeeting({ by: n.editor, id: feb.id, input: { version: 1, status: 'held' } });
  const open = await s.addItem({
    by: n.editor,
    meetingId: feb.id,
    input: { title: 'Police and Crime Plan Delivery', purpose: 'To receive a quarterly update' },
  });
  const secret = await s.addItem({
    by: n.editor,
    meetingId: feb.id,
    input: { title: `${CANARY} staffing matter`, purpose: `${CANARY} purpose`, exempt: true },
  });
  const paper = await s.sendPaper({ by: n.editor, meetingId: feb.id, itemId: open.id, input: { kind: 'decisions_update', from: '2019-10-01' } });
  const secretPaper = await s.sendPaper({
    by: n.editor,
    meetingId: feb.id,
    itemId: secret.id,
    input: { kind: 'decisions_update', from: '2019-10-01', to: '2019-12-31' },
  });
  await s.recordMinute({
    by: n.editor,
    meetingId: feb.id,
    itemId: open.id,
    input: { version: open.version, heard: ['The cyber ambassadors project was now complete.'], resolution: 'That the update is noted.' },
  });
  await s.recordMinute({
    by: n.editor,
    meetingId: feb.id,
    itemId: secret.id,
    input: { version: secret.version, heard: [`${CANARY} heard`], resolution: `${CANARY} resolved` },
  });
  await s.addQuestion({
    by: n.editor,
    meetingId: feb.id,
    itemId: open.id,
    input: { askedBy: 'Cllr Jan Warwick', question: 'How many schools?', answer: '24 schools.' },
  });
  await s.addQuestion({ by: n.editor, meetingId: feb.id, itemId: secret.id, input: { question: `${CANARY} question`, answer: `${CANARY} answer` } });
  const rec = await s.addRecommendation({
    by: n.editor,
    meetingId: feb.id,
    input: { itemId: open.id, text: 'Report the Barnahus feasibility outcome.', responseDue: '2020-02-21' },
  });
  await s.respond({
    by: n.editor,
    id: rec.id,
    input: { version: 1, status: 'accepted', response: 'The Chief Constable will report by June.', respondedOn: '2020-02-20' },
  });
  await s.addRecommendation({ by: n.editor, meetingId: feb.id, input: { itemId: secret.id, text: `${CANARY} recommendation`, responseDue: '2020-02-21' } });
  await s.addRecommendation({ by: n.editor, meetingId: feb.id, input: { text: 'Publish the rural crime plan.', responseDue: '2020-02-28' } });
  const june = await s.createMeeting({ by: n.editor, input: { meetsOn: '2020-06-12', body: 'working_group' } });
  const cancelled = await s.createMeeting({ by: n.editor, input: { meetsOn: '2020-07-03', startsAt: '14:00' } });
  await s.updateMeeting({ by: n.editor, id: cancelled.id, input: { version: 1, status: 'cancelled' } });
  // Another office's meeting: never on north's public site.
  const southMeeting = await s.createMeeting({ by: w.south.editor, input: { meetsOn: '2020-04-01', place: 'SOUTH-CANARY hall' } });
  const southItem = await s.addItem({ by: w.south.editor, meetingId: southMeeting.id, input: { title: 'SOUTH-CANARY item' } });
  const southPaper = await s.sendPaper({
    by: w.south.editor,
    meetingId: southMeeting.id,
    itemId: southItem.id,
    input: { kind: 'decisions_update', from: '2019-10-01' },
  });

  const anon = new Browser(app);
  const slug = '/o/north';
  const entrance = await anon.get(slug);
  assert.match(text(entrance.body), /Police and Crime Panel Meetings of the Panel that scrutinises the Commissioner/);
  assert.match(entrance.body, /href="\/o\/north\/panel"/);

  const list = await anon.get(`${slug}/panel`);
  assert.equal(list.statusCode, 200);
  const upcoming = text(/<table class="govuk-table" id="upcoming">[\s\S]*?<\/table>/.exec(list.body)?.[0] ?? '');
  assert.match(upcoming, /Plan Working Group, 12 June 2020 Not yet fixed Scheduled/);
  assert.match(upcoming, /Police and Crime Panel, 3 July 2020, 14:00 Not yet fixed Cancelled/);
  const past = text(/<table class="govuk-table" id="past">[\s\S]*?<\/table>/.exec(list.body)?.[0] ?? '');
  assert.match(past, /Police and Crime Panel, 7 February 2020, 10:00 Ashburton Hall, Winchester Held/);
  assert.match(list.body, new RegExp(`href="/o/north/panel/meetings/${june.id}"`));
  assert.match(list.body, /href="\/o\/north\/panel\/meetings.ics"/);

  const page = await anon.get(`${slug}/panel/meetings/${feb.id}`);
  assert.equal(page.statusCode, 200);
  const seen = text(page.body);
  assert.match(seen, /Police and Crime Panel 7 February 2020, 10:00/);
  assert.match(seen, /Place Ashburton Hall, Winchester/);
  assert.match(seen, /Present Cllr Dave Stewart/);
  assert.match(seen, /1\. Police and Crime Plan Delivery To receive a quarterly update/);
  assert.match(seen, /Police and Crime Plan Decisions Update: PDF of Police and Crime Plan Decisions Update, Word version/);
  assert.match(seen, /Members heard: The cyber ambassadors project was now complete\./);
  assert.match(seen, /How many schools\? \(Cllr Jan Warwick\): 24 schools\./);
  assert.match(seen, /Resolved: That the update is noted\./);
  assert.match(
    seen,
    /Report the Barnahus feasibility outcome\. Accepted; response due 21 February 2020; responded 20 February 2020 Response: The Chief Constable will report by June\./,
  );
  assert.match(seen, /Publish the rural crime plan\. Overdue; response due 28 February 2020/);
  assert.match(page.body, new RegExp(`href="/o/north/panel/papers/${paper.id}/paper.pdf"`));
  assert.match(page.body, new RegExp(`href="/o/north/panel/meetings/${feb.id}/pack.pdf"`));

  const recs = text((await anon.get(`${slug}/panel/recommendations`)).body);
  assert.match(
    recs,
    /Report the Barnahus feasibility outcome\. Police and Crime Panel, 7 February 2020 Accepted Due 21 February 2020 The Chief Constable will report by June\. \(20 February 2020\)/,
  );
  assert.match(recs, /Publish the rural crime plan\. Police and Crime Panel, 7 February 2020 Overdue Due 28 February 2020 No response yet/);

  // The paper as sent, byte for byte, to anyone.
  const pdf = await anon.get(`${slug}/panel/papers/${paper.id}/paper.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok(Buffer.compare(pdf.rawPayload, (await s.paper(n.office.id, paper.id)).pdf as Buffer) === 0);
  assert.equal((await anon.get(`${slug}/panel/papers/${paper.id}/paper.docx`)).statusCode, 200);

  // The calendar feed: every meeting, the London time as UTC, cancelled ones marked, exempt item titles left out.
  const ics = await anon.get(`${slug}/panel/meetings.ics`);
  assert.equal(ics.statusCode, 200);
  assert.match(String(ics.headers['content-type']), /^text\/calendar/);
  const events = ics.body.split('BEGIN:VEVENT').slice(1);
  assert.equal(events.length, 3);
  const ev = (id: string) => events.find((e) => e.includes(`UID:${id}@pcp-tracker`)) ?? '';
  assert.match(ev(feb.id), /DTSTART:20200207T100000Z/);
  assert.match(ev(feb.id), /SUMMARY:Police and Crime Panel\r\n/);
  assert.match(ev(feb.id), /LOCATION:Ashburton Hall\\, Winchester/);
  assert.match(ev(feb.id).replace(/\r\n /g, ''), /DESCRIPTION:Agenda:\\n1\. Police and Crime Plan Delivery\r\n/);
  assert.match(ev(feb.id).replace(/\r\n /g, ''), new RegExp(`URL(;VALUE=URI)?:https://pcp.example.org/o/north/panel/meetings/${feb.id}`));
  // Summer time: 14:00 in London on 3 July is 13:00 UTC.
  assert.match(ev(cancelled.id), /DTSTART:20200703T130000Z/);
  assert.match(ev(cancelled.id), /STATUS:CANCELLED/);
  assert.match(ev(june.id), /DTSTART;VALUE=DATE:20200612/);

  // The agenda pack: tagged, one bookmark per (non-exempt) item under its title, the paper's text extractable.
  const pack = await anon.get(`${slug}/panel/meetings/${feb.id}/pack.pdf`);
  assert.equal(pack.statusCode, 200);
  assert.equal(pack.headers['content-type'], 'application/pdf');
  const p = pdfTools(pack.rawPayload);
  assert.match(p.info, /Tagged:\s+yes/);
  assert.match(p.info, /Title:\s+Agenda pack: Police and Crime Panel, 7 February 2020, 10:00/);
  assert.match(p.struct, /H1/);
  const o = outline(p.xml);
  assert.deepEqual(o.top, ['Police and Crime Panel, 7 February 2020, 10:00']);
  assert.deepEqual(o.nested, ['1. Police and Crime Plan Delivery']);
  assert.match(p.text, /Police and Crime Plan Decisions\s+Update/);
  assert.deepEqual(
    [...p.reading.matchAll(/\(ID:\s+(\d+)\)/g)].map((m) => m[1]),
    ['507', '514', '513', '512', '511', '508', '505', '504', '502', '499'],
  );
  // Signed-in staff get the same pack.
  const staff = new Browser(app);
  await staff.signIn(n.users.viewer.email);
  const staffPack = await staff.get(`/panel/meetings/${feb.id}/pack.pdf`);
  assert.equal(staffPack.statusCode, 200);
  assert.doesNotMatch(pdfTools(staffPack.rawPayload).text, new RegExp(CANARY));

  // The canary: nothing of the exempt item on any public answer, nor anything of south.
  const publicAnswers = [
    (await anon.get(slug)).body,
    list.body,
    page.body,
    (await anon.get(`${slug}/panel/recommendations`)).body,
    ics.body,
    p.text,
    (await anon.get(`${slug}/panel/meetings/${june.id}`)).body,
  ];
  for (const body of publicAnswers) {
    assert.doesNotMatch(body, new RegExp(CANARY));
    assert.doesNotMatch(body, /SOUTH-CANARY/);
    assert.doesNotMatch(body, new RegExp(secretPaper.id));
    assert.doesNotMatch(body, new RegExp(southMeeting.id));
  }
  for (const f of ['paper.pdf', 'paper.docx', 'paper.html']) {
    assert.equal((await anon.get(`${slug}/panel/papers/${secretPaper.id}/${f}`)).statusCode, 404, `exempt ${f}`);
    assert.equal((await anon.get(`${slug}/panel/papers/${southPaper.id}/${f}`)).statusCode, 404, `south's ${f} under north`);
  }
  for (const url of [
    `${slug}/panel/meetings/${southMeeting.id}`,
    `${slug}/panel/meetings/${southMeeting.id}/pack.pdf`,
    `${slug}/panel/meetings/not-a-uuid`,
    `${slug}/panel/papers/not-a-uuid/paper.pdf`,
    `${slug}/panel/papers/${paper.id}/paper.exe`,
    // A name that is not a file's, however it is spelled, is a 404 and never a lookup gone wrong (500).
    `${slug}/panel/papers/${paper.id}/__proto__`,
    `${slug}/panel/papers/${paper.id}/constructor`,
    `${slug}/panel/papers/${paper.id}/toString`,
    '/o/nowhere/panel',
    '/o/nowhere/panel/meetings.ics',
    '/o/NOT_A_SLUG/panel/recommendations',
  ])
    assert.equal((await anon.get(url)).statusCode, 404, url);
  // South's own public site has its meeting and none of north's.
  const southList = await anon.get('/o/south/panel');
  assert.match(southList.body, new RegExp(southMeeting.id));
  assert.doesNotMatch(southList.body, new RegExp(feb.id));
  assert.equal((await anon.get(`/o/south/panel/papers/${paper.id}/paper.pdf`)).statusCode, 404);

  // An item made exempt after its paper was published leaves the public site at once.
  await s.updateItem({ by: n.editor, meetingId: feb.id, id: open.id, input: { version: (await s.item(n.office.id, feb.id, open.id)).version, exempt: true } });
  assert.equal((await anon.get(`${slug}/panel/papers/${paper.id}/paper.pdf`)).statusCode, 404);
  const after = text((await anon.get(`${slug}/panel/meetings/${feb.id}`)).body);
  assert.doesNotMatch(after, /Police and Crime Plan Delivery|Report the Barnahus|cyber ambassadors/);
  assert.match(after, /No agenda is published yet\./);
  assert.match(after, /Publish the rural crime plan\./);
  assert.doesNotMatch(text((await anon.get(`${slug}/panel/recommendations`)).body), /Report the Barnahus/);
});
