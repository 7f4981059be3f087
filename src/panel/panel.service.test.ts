import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { clock, world } from '../../test/helpers.js';
import { seedDecisionsDemo } from '../decisions/decisions.demo.js';
import { DomainError } from '../platform/errors.js';
import { decisionsUpdateDoc, shortApproved } from './decisions-update.js';

const rejects = (p: Promise<unknown>, code: string, field?: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, e.message);
    if (field)
      assert.ok(
        e.fields.some((f) => f.field === field),
        JSON.stringify(e.fields),
      );
    return true;
  });

/** DPU-2020-02 "Summary of recent decisions approved by Police and Crime Commissioner", in its order. */
const DPU_2020_02 = [
  ['ID: 507', 'Jan-20', '£44,000'],
  ['ID: 514', 'Nov-19', '£1,800,000'],
  ['ID: 513', 'Nov-19', '£1,000,000'],
  ['ID: 512', 'Nov-19', '£2,000,000'],
  ['ID: 511', 'Nov-19', '£250,000'],
  ['ID: 508', 'Nov-19', null],
  ['ID: 505', 'Oct-19', '£600,000'],
  ['ID: 504', 'Oct-19', '£83,125'],
  ['ID: 502', 'Oct-19', '£6,366'],
  ['ID: 499', 'Oct-19', null],
] as const;

test('the Panel: meetings, agenda items in order, the Decisions Update, papers frozen as sent', async (t) => {
  const c = clock('2020-02-01T10:00:00Z');
  // No Chromium here: the papers are kept as HTML and Word; the PDF is the routes test's.
  const w = await world(t, { now: c.now, config: { chromiumPath: '/nonexistent/chromium' } });
  const { panel, decisions } = w.services;
  const n = w.north;
  t.after(() => panel.close());

  await t.test('a meeting is scheduled, changed and held, each change in its history with who and why', async () => {
    await rejects(panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-31', startsAt: '25:00' } }), 'meeting.invalid', 'meetsOn');
    await rejects(panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07', startsAt: '25:00' } }), 'meeting.invalid', 'startsAt');
    await rejects(panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07', declarations: 'Cllr Jan Warwick' } }), 'meeting.invalid', 'declarations');
    const m = await panel.createMeeting({
      by: n.editor,
      input: {
        meetsOn: '2020-02-07',
        startsAt: '10.00',
        place: 'Ashburton Hall, Winchester',
        attendance: 'Cllr Jan Warwick\nCllr David Stewart\n\nCllr Jan Warwick',
        declarations: 'Cllr David Stewart | Member of the Fire and Rescue Authority',
      },
    });
    assert.equal(m.startsAt, '10:00');
    assert.deepEqual(m.attendance, ['Cllr Jan Warwick', 'Cllr David Stewart']);
    assert.deepEqual(m.declarations, [{ member: 'Cllr David Stewart', interest: 'Member of the Fire and Rescue Authority' }]);
    c.set('2020-02-07T15:00:00Z');
    const held = await panel.updateMeeting({ by: n.admin, id: m.id, input: { status: 'held', apologies: ['Cllr Ann Other'], version: 1, reason: 'Minuted' } });
    assert.equal(held.status, 'held');
    assert.equal(held.version, 2);
    await rejects(panel.updateMeeting({ by: n.editor, id: m.id, input: { place: 'Elsewhere', version: 1 } }), 'meeting.conflict');
    const h = await panel.history(n.office.id, m.id);
    assert.deepEqual(
      h.map((x) => [x.kind, x.actorName, x.reason]),
      [
        ['status: held', 'north admin', 'Minuted'],
        ['scheduled', 'north editor', null],
      ],
    );
    assert.deepEqual(h[0].changes.status, { from: 'scheduled', to: 'held' });
    assert.deepEqual(h[0].changes.apologies, { from: [], to: ['Cllr Ann Other'] });
    // Another office sees no such meeting.
    await rejects(panel.meeting(w.south.office.id, m.id), 'meeting.not_found');
    await rejects(panel.updateMeeting({ by: w.south.editor, id: m.id, input: { place: 'X', version: 2 } }), 'meeting.not_found');
  });

  const meeting = await panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07', startsAt: '10:00', place: 'Winchester' } });

  await t.test('agenda items keep their order when one is put first or moved', async () => {
    const a = await panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: 'Minutes of the previous meeting' } });
    const b = await panel.addItem({
      by: n.editor,
      meetingId: meeting.id,
      input: {
        title: 'Police and Crime Commissioner - Police and Crime Plan Delivery',
        purpose: 'To receive a quarterly update from the Police and Crime Commissioner detailing delivery against his Police and Crime Plan.',
      },
    });
    const first = await panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: 'Apologies for absence', position: 1 } });
    assert.equal(first.position, 1);
    const order = async () => (await panel.agenda(n.office.id, meeting.id)).items.map((i) => `${i.position} ${i.title}`);
    assert.deepEqual(await order(), [
      '1 Apologies for absence',
      '2 Minutes of the previous meeting',
      '3 Police and Crime Commissioner - Police and Crime Plan Delivery',
    ]);
    await panel.updateItem({ by: n.editor, meetingId: meeting.id, id: b.id, input: { position: 2, version: b.version, reason: 'Taken early' } });
    assert.deepEqual(await order(), [
      '1 Apologies for absence',
      '2 Police and Crime Commissioner - Police and Crime Plan Delivery',
      '3 Minutes of the previous meeting',
    ]);
    const exempt = await panel.updateItem({ by: n.editor, meetingId: meeting.id, id: a.id, input: { exempt: 'yes', version: a.version } });
    assert.equal(exempt.exempt, true);
    await rejects(panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: '' } }), 'item.invalid', 'title');
    // An item of another meeting, or another office, is not this meeting's.
    await rejects(panel.item(w.south.office.id, meeting.id, b.id), 'item.not_found');
    const h = await panel.history(n.office.id, meeting.id);
    assert.ok(h.some((x) => x.kind === 'item changed' && x.reason === 'Taken early' && (x.changes.position as { to: number }).to === 2));
  });

  await t.test('golden: the Decisions Update for 7 February 2020 lists the ten notices of DPU-2020-02 in its order', async () => {
    await seedDecisionsDemo({ services: { decisions }, by: n.editor });
    // With no earlier Decisions Update, the start must be chosen.
    await rejects(panel.decisionsUpdate(n.office.id, meeting.id), 'paper.invalid', 'from');
    const m = await panel.decisionsUpdate(n.office.id, meeting.id, { from: '2019-10-01' });
    assert.equal(m.to, '2020-02-06');
    const doc = decisionsUpdateDoc(m);
    const table = doc.blocks.find((b) => b.type === 'table');
    assert.ok(table && table.type === 'table');
    assert.deepEqual(table.head, ['Decision Notice', 'Date approved', 'Summary']);
    assert.equal(table.rows.length, 10);
    table.rows.forEach((row, i) => {
      const [id, date, amount] = DPU_2020_02[i];
      assert.ok(String(row[0]).endsWith(`(${id})`), `row ${i + 1}: ${row[0]}`);
      assert.equal(row[1], date, `row ${i + 1}`);
      if (amount) assert.ok(String(row[2]).includes(amount), `row ${i + 1}: ${row[2]}`);
    });
    assert.ok(String(table.rows[1][0]).startsWith('[INVESTMENT in POLICING] Hampshire contribution of £1.8m'));
    assert.equal(shortApproved('2020-01-07', 'day'), '7-Jan-20');
  });

  await t.test('a paper sent to a meeting is byte-identical later, after the data behind it changed', async () => {
    const item = (await panel.agenda(n.office.id, meeting.id)).items[1];
    await rejects(panel.sendPaper({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { kind: 'memo' } }), 'paper.invalid', 'kind');
    const sent = await panel.sendPaper({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { kind: 'decisions_update', from: '2019-10-01' } });
    assert.equal(sent.pdf, null, 'no Chromium here: kept without a PDF');
    const xmlOf = async (b: Buffer) => (await (await JSZip.loadAsync(b)).file('word/document.xml')?.async('string')) ?? '';
    assert.ok((await xmlOf(sent.docx)).includes('Jan-20'));
    assert.ok(sent.html.includes('(ID: 507)'));

    // The notice behind it changes after the meeting.
    const [n507] = (await decisions.list(n.office.id, { q: 'MASIP' })).items;
    await decisions.update({
      by: n.editor,
      id: n507.id,
      input: { version: n507.version, amount: '£45,000', summary: 'Corrected later.', reason: 'Correction' },
    });
    const later = await panel.paper(n.office.id, sent.id);
    assert.equal(later.html, sent.html);
    assert.ok(Buffer.compare(later.docx, sent.docx) === 0, 'the Word file as sent');
    assert.deepEqual(later.model, sent.model);
    // What would be made now differs: the frozen paper is not regenerated.
    const fresh = decisionsUpdateDoc(await panel.decisionsUpdate(n.office.id, meeting.id, { from: '2019-10-01' }));
    assert.ok(JSON.stringify(fresh).includes('£45,000'));
    assert.ok(!later.html.includes('£45,000'));
    // Another office cannot fetch it.
    await rejects(panel.paper(w.south.office.id, sent.id), 'paper.not_found');

    // The next meeting's Decisions Update starts the day after this one ended.
    const next = await panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-06-12' } });
    const nm = await panel.decisionsUpdate(n.office.id, next.id);
    assert.deepEqual([nm.from, nm.to, nm.fromReason], ['2020-02-07', '2020-06-11', 'previous_paper']);
    assert.equal(nm.notices.length, 0);
  });

  await t.test('the minute of an item: what Members heard, the resolution, links to the office’s own projects and notices only', async () => {
    const item = (await panel.agenda(n.office.id, meeting.id)).items[1];
    const [notice] = (await decisions.list(n.office.id, { q: 'MASIP' })).items;
    const southNotice = await decisions.create({ by: w.south.editor, input: { reference: 'S1', title: 'South notice' } });
    await rejects(
      panel.recordMinute({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { version: item.version, decisionIds: [southNotice.id] } }),
      'minute.invalid',
      'decisionIds',
    );
    const minuted = await panel.recordMinute({
      by: n.editor,
      meetingId: meeting.id,
      itemId: item.id,
      input: {
        version: item.version,
        heard: '• Serious violent crimes were a growing concern.\n\n• 60 organisations had been engaged to date.',
        resolution: 'That the update on the delivery of the Police and Crime Plan is noted by the Police and Crime Panel.',
        decisionIds: [notice.id],
      },
    });
    assert.deepEqual(minuted.heard, ['Serious violent crimes were a growing concern.', '60 organisations had been engaged to date.']);
    assert.deepEqual(
      (await panel.minuteLinks(n.office.id, minuted)).decisions.map((d) => d.reference),
      ['ID: 507'],
    );
    const h = await panel.history(n.office.id, meeting.id);
    assert.equal(h[0].kind, 'minute recorded');
  });

  await t.test('questions: answered at the meeting, or in writing by a day; the actions log ages what is open', async () => {
    const item = (await panel.agenda(n.office.id, meeting.id)).items[1];
    await rejects(
      panel.addQuestion({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { answerMode: 'in_writing' } }),
      'question.invalid',
      'answerDue',
    );
    await panel.addQuestion({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { answer: 'Serious violent crimes were a growing concern.' } });
    const q = await panel.addQuestion({
      by: n.editor,
      meetingId: meeting.id,
      itemId: item.id,
      input: { askedBy: 'Cllr Jan Warwick', question: 'How many schools did the cyber ambassadors reach?', answerMode: 'in_writing', answerDue: '2020-02-21' },
    });
    c.set('2020-02-21T23:30:00Z'); // 21 February in London still (GMT)
    let log = await panel.actionsLog(n.office.id);
    const entry = log.find((x) => x.id === q.id);
    assert.deepEqual([entry?.status, entry?.ageDays], ['awaiting_answer', 14]);
    c.set('2020-02-22T00:30:00Z');
    log = await panel.actionsLog(n.office.id);
    assert.equal(log.find((x) => x.id === q.id)?.status, 'overdue');
    await panel.updateQuestion({ by: n.editor, id: q.id, input: { version: 1, answer: '24 schools and 8000 young people', answeredOn: '2020-02-22' } });
    log = await panel.actionsLog(n.office.id);
    assert.equal(
      log.find((x) => x.id === q.id),
      undefined,
      'answered: off the log',
    );
  });

  await t.test('recommendations: due dates (statutory where the law fixes one), overdue from the day after on London dates, actions to closure', async () => {
    // A precept veto at a meeting on 7 February: the response is due by 15 February (SI 2012/2271 reg 5(1)).
    const veto = await panel.addRecommendation({
      by: n.editor,
      meetingId: meeting.id,
      input: { text: 'The proposed precept is vetoed as too high', statutory: 'precept_veto' },
    });
    assert.equal(veto.responseDue, '2020-02-15');
    assert.equal(panel.statutoryDue('precept_veto', '2020-06-12'), '2021-02-15');
    await rejects(
      panel.addRecommendation({ by: n.editor, meetingId: meeting.id, input: { text: '', statutory: 'plan_report' } }),
      'recommendation.invalid',
      'text',
    );
    const rec = await panel.addRecommendation({
      by: n.editor,
      meetingId: meeting.id,
      input: { text: 'Agree the appointment of a Rural Lead Staff officer', responseDue: '2020-03-31' },
    });
    // The due day itself, late evening in London (BST): not overdue. The next London day: overdue.
    c.set('2020-03-31T22:30:00Z');
    assert.deepEqual(
      (await panel.recommendations(n.office.id, { status: 'overdue' })).map((r) => r.id),
      [veto.id],
    );
    c.set('2020-03-31T23:30:00Z');
    assert.deepEqual((await panel.recommendations(n.office.id, { status: 'overdue' })).map((r) => r.id).sort(), [veto.id, rec.id].sort());
    await rejects(panel.respond({ by: n.editor, id: rec.id, input: { version: 1, status: 'accepted' } }), 'recommendation.invalid', 'response');
    const accepted = await panel.respond({
      by: n.editor,
      id: rec.id,
      input: {
        version: 1,
        status: 'partly_accepted',
        response: 'Rural priorities will be part of the wider community strategy.',
        respondedOn: '2020-04-01',
        actions: '[x] Brief Neighbourhood Watch\n[ ] Publish the community strategy',
        reason: 'Response received',
      },
    });
    assert.equal(accepted.status, 'partly_accepted');
    assert.deepEqual(accepted.actions, [
      { text: 'Brief Neighbourhood Watch', done: true },
      { text: 'Publish the community strategy', done: false },
    ]);
    assert.deepEqual(
      (await panel.recommendations(n.office.id, { status: 'overdue' })).map((r) => r.id),
      [veto.id],
    );
    await rejects(
      panel.respond({
        by: n.editor,
        id: rec.id,
        input: { version: 2, status: 'closed', response: accepted.response, respondedOn: '2020-04-01', actions: accepted.actions },
      }),
      'recommendation.invalid',
      'actions',
    );
    const closed = await panel.respond({
      by: n.editor,
      id: rec.id,
      input: {
        version: 2,
        status: 'closed',
        response: accepted.response,
        respondedOn: '2020-04-01',
        actions: accepted.actions.map((a) => ({ ...a, done: true })),
      },
    });
    assert.equal(closed.status, 'closed');
    assert.ok(!(await panel.actionsLog(n.office.id)).some((x) => x.id === rec.id));
    await rejects(panel.recommendation(w.south.office.id, rec.id), 'recommendation.not_found');
    await rejects(panel.recommendations(n.office.id, { status: 'late' }), 'recommendation_list.invalid');
  });
});
