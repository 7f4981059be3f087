// A grant from bid to register in real Chromium (issue 14): the public applies without an account,
// an assessor declares and scores, the panel's recommendation is recorded, an editor awards the grant (first with a mistake), the
// decision notice is drafted, and the award is on the public register; axe on every page and state
// (the public's bid with a rule broken, the declaration, scoring and recommendation with their errors, moderation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Services } from '../../src/app.js';
import type { Actor } from '../../src/platform/errors.js';
import { PASSWORD } from '../helpers.js';
import { assertAccessible, hasChromium, launch, newContext, screenshot } from './support/browser.js';
import { serve } from './support/server.js';

test('grants: apply as the public, award by a decision, see it on the public register', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let roundId = '';
  let by: Actor | undefined;
  let services: Services | undefined;
  const { url } = await serve(t, async (s) => {
    services = s;
    const office = await s.auth.createOffice({ slug: 'herts', name: 'Hertfordshire OPCC', area: 'Hertfordshire' });
    const u = await s.auth.createUser({
      officeId: office.id,
      input: { email: 'editor@herts.example.org', name: 'Edith Editor', password: PASSWORD, role: 'editor' },
      by: null,
    });
    by = { userId: u.id, name: 'Edith Editor', officeId: office.id, role: 'editor' };
    const fund = await s.grants.createFund({ by, input: { code: 'RSF', name: 'Road Safety Fund' } });
    // Open now, whenever the test runs: from yesterday for thirty days.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const round = await s.grants.createRound({
      by,
      fundId: fund.id,
      input: {
        name: 'Open round',
        opensOn: day(-1),
        opensTime: '9am',
        closesOn: day(30),
        closesTime: '5pm',
        pot: '£50,000',
        spendBy: day(400),
        maxSharePercent: 75,
        maxYears: 1,
        staffCostsAllowed: true,
        subFundingAllowed: false,
        criteria: [{ name: 'Need', weight: 1 }],
        evaluationRequired: false,
      },
    });
    roundId = round.id;
  });
  const browser = await launch(t);
  const year = (() => {
    const d = new Date();
    const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
    return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
  })();

  // The public, without an account.
  const pub = await (await newContext(browser)).newPage();
  await pub.goto(`${url}/o/herts/grants/rounds/${roundId}`);
  await assertAccessible(pub, 'public round page');
  await pub.click('button:has-text("Start a bid")');
  await pub.fill('#organisationName', 'Ware Speedwatch');
  await pub.selectOption('#organisationType', 'community_group');
  await pub.fill('#contactName', 'Sam Private');
  await pub.fill('#contactEmail', 'sam.private@example.org');
  await pub.fill('#title', 'Speedwatch kit');
  await pub.fill('#purpose', 'Speed guns and signs for volunteers');
  await pub.fill('#year1', year);
  await pub.fill('#amount1', '£6,000');
  await pub.fill('#totalCost', '£8,000');
  await pub.fill('#otherFunding', 'The town council');
  // First past the fund's 75% rule: the error names the rule and the figure, the answers are kept.
  await pub.fill('#amount1', '£7,000');
  await pub.click('button:has-text("Submit bid")');
  assert.match(
    await pub.locator('.govuk-error-summary').innerText(),
    /This fund pays at most 75% of the total project cost\. You asked for £7,000 of £8,000: 87\.5%/,
  );
  assert.equal(await pub.inputValue('#organisationName'), 'Ware Speedwatch');
  await assertAccessible(pub, 'public bid with a rule broken');
  await pub.fill('#amount1', '£6,000');
  await pub.click('button:has-text("Submit bid")');
  assert.match(await pub.locator('main').innerText(), /Submitted/);
  await assertAccessible(pub, 'public bid, submitted');
  const s = services as NonNullable<typeof services>;
  const actor = by as Actor;
  const [bid] = await s.grants.listBids(actor.officeId, roundId);

  // The editor assesses it: declares no conflict before seeing it, scores it (a mistake first), sees
  // the moderation table, and records the panel's recommendation.
  await s.grants.assignAssessor({ by: actor, roundId, input: { userId: actor.userId } });
  const ed = await (await newContext(browser)).newPage();
  await ed.goto(`${url}/sign-in`);
  await ed.fill('#email', 'editor@herts.example.org');
  await ed.fill('#password', PASSWORD);
  await ed.click('button:has-text("Sign in")');
  await ed.goto(`${url}/grants/assess/${bid.id}`);
  assert.ok(!(await ed.locator('main').innerText()).includes('Speed guns and signs'), 'the bid is not shown before the declaration');
  await assertAccessible(ed, 'conflict of interest declaration');
  await ed.click('button:has-text("Declare")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Select yes if you have a conflict of interest with this bid/);
  await assertAccessible(ed, 'declaration with an error');
  await ed.check('#conflicted-2');
  await ed.click('button:has-text("Declare")');
  assert.match(await ed.locator('main').innerText(), /Speed guns and signs for volunteers/);
  await assertAccessible(ed, 'scoring the bid');
  await ed.fill('#score0', '6');
  await ed.click('button:has-text("Save scores")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Each score must be a whole number from 0 to 5/);
  await assertAccessible(ed, 'scores with an error');
  await ed.fill('#score0', '4');
  await ed.fill('#comment0', 'Speeding on the A10 is well evidenced');
  await ed.click('button:has-text("Save scores")');
  assert.match(await ed.locator('.govuk-notification-banner').innerText(), /Your scores are saved/);
  await ed.goto(`${url}/grants/rounds/${roundId}/moderation`);
  assert.match(await ed.locator('#moderation').innerText(), /1\s+RSF-001 Ware Speedwatch\s+80%\s+1\s+£6,000\s+£6,000/);
  await assertAccessible(ed, 'moderation table');
  await ed.goto(`${url}/grants/bids/${bid.id}`);
  await ed.click('button:has-text("Record the recommendation")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /recommend/i);
  await assertAccessible(ed, 'recommendation with an error');
  await ed.check('#recommendation');
  await ed.fill('#recommendationReasons', 'Clear need on the A10');
  await ed.click('button:has-text("Record the recommendation")');
  assert.match(await ed.locator('#recommendation-recorded').innerText(), /Fund: Clear need on the A10/);

  // The editor awards it: a mistake first, kept and explained, then the award.
  await assertAccessible(ed, 'bid page with the award form');
  const today = new Date();
  await ed.fill('#reference', 'PCC Decision 2026/88');
  await ed.fill('#awardedOn-day', String(today.getUTCDate()));
  await ed.fill('#awardedOn-month', String(today.getUTCMonth() + 1));
  await ed.fill('#awardedOn-year', String(today.getUTCFullYear()));
  await ed.fill('#amount1', '7000');
  await ed.fill('#reasons', 'Clear need on the A10');
  await ed.click('button:has-text("Award the grant")');
  const summary = await ed.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter the conditions of the grant/);
  assert.equal(await ed.inputValue('#amount1'), '7000');
  await assertAccessible(ed, 'award form with errors');
  await screenshot(ed, 'grants-award-errors');
  await ed.fill('#conditions', 'Results reported after six months');
  await ed.click('button:has-text("Award the grant")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /This fund pays at most 75% of the total project cost/);
  await ed.fill('#amount1', '6000');
  await ed.click('button:has-text("Award the grant")');
  assert.match(await ed.locator('.govuk-notification-banner').innerText(), /The decision notice PCC Decision 2026\/88 is drafted in the register/);
  assert.match(await ed.locator('h1').innerText(), /Grant of £6,000 to Ware Speedwatch from the Road Safety Fund/);
  await assertAccessible(ed, 'the drafted decision notice');

  // The public register shows it, without the applicant's contact details.
  await pub.goto(`${url}/o/herts`);
  await pub.click('a:has-text("Grants awarded")');
  const register = await pub.locator('main').innerText();
  assert.match(register, /Ware Speedwatch/);
  assert.match(register, /£6,000/);
  assert.match(register, /PCC Decision 2026\/88/);
  assert.ok(!register.includes('Sam Private') && !register.includes('sam.private'));
  await assertAccessible(pub, 'public register of grants awarded');
  await screenshot(pub, 'grants-public-register');
  const json = await pub.request.get(`${url}/o/herts/grants/360giving.json`);
  assert.equal(json.status(), 200);
  assert.equal((await json.json()).grants[0].amountAwarded, 6000);

  // After the award: a payment scheduled and made, a monitoring return due and received.
  const [award] = await s.grants.awards(actor.officeId);
  const d = (n: number) => {
    const x = new Date(Date.now() + n * 86_400_000);
    return { day: String(x.getUTCDate()), month: String(x.getUTCMonth() + 1), year: String(x.getUTCFullYear()) };
  };
  const fillDate = async (name: string, v: { day: string; month: string; year: string }) => {
    await ed.fill(`#${name}-day`, v.day);
    await ed.fill(`#${name}-month`, v.month);
    await ed.fill(`#${name}-year`, v.year);
  };
  await ed.goto(`${url}/grants/awards/${award.id}`);
  await assertAccessible(ed, 'the award’s page');
  await fillDate('dueOn', d(10));
  await ed.fill('#amount', '£7,000');
  await ed.click('button:has-text("Schedule the payment")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /The award is £6,000 and £0 is already scheduled/);
  assert.equal(await ed.inputValue('#amount'), '£7,000');
  await assertAccessible(ed, 'payment schedule with an error');
  await ed.fill('#amount', '£6,000');
  await ed.click('button:has-text("Schedule the payment")');
  await ed.click('a:has-text("Record payment")');
  await assertAccessible(ed, 'record a payment');
  await fillDate('paidOn', d(0));
  await ed.click('button:has-text("Record the payment")');
  assert.match(await ed.locator('#award').innerText(), /£6,000 paid; £0 still to pay/);
  await ed.fill('#returnTitle', 'Six-month monitoring return');
  await fillDate('returnDueOn', d(3));
  await ed.click('button:has-text("Add the return")');
  assert.match(await ed.locator('#returns').innerText(), /Six-month monitoring return/);
  await assertAccessible(ed, 'the award with a payment made and a return due');
  // The return due in three days is on the home page.
  await ed.goto(`${url}/`);
  assert.match(await ed.locator('main').innerText(), /Six-month monitoring return from Ware Speedwatch \(decision PCC Decision 2026\/88\): due on/);
  await assertAccessible(ed, 'home page with a return due');
  await ed.goto(`${url}/grants/awards/${award.id}`);
  await ed.click('a:has-text("Record as received")');
  await fillDate('receivedOn', d(0));
  await ed.click('button:has-text("Record the return")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Enter what the return reported/);
  await assertAccessible(ed, 'return received with an error');
  await ed.fill('#summary', 'Twelve sessions held');
  await ed.click('button:has-text("Record the return")');
  assert.match(await ed.locator('#returns').innerText(), /Received on/);

  // A second bid, entered by an officer and declined by a decision: never on the register.
  const second = await s.grants.enterBid({
    by: actor,
    roundId,
    input: {
      organisationName: 'Declined Canary Club',
      organisationType: 'community_group',
      contactName: 'Dee Declined',
      title: 'Speed signs',
      purpose: 'Signs',
      amounts: [{ year, amount: '£5,000' }],
      totalCost: '£8,000',
      otherFunding: 'Members',
      receivedOn: new Date().toISOString().slice(0, 10),
      receivedTime: '00:01',
    },
  });
  // The editor assesses this round: they declare on this bid too before they may open it.
  await s.grants.declare({ by: actor, bidId: second.id, input: { conflicted: false } });
  await ed.goto(`${url}/grants/bids/${second.id}`);
  await ed.click('a:has-text("Decline this bid by a decision")');
  await assertAccessible(ed, 'decline form');
  await ed.fill('#declineReference', 'PCC Decision 2026/89');
  await fillDate('declinedOn', d(0));
  await ed.click('button:has-text("Decline the bid")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Enter the reasons the bid is declined/);
  await assertAccessible(ed, 'decline form with an error');
  await ed.fill('#declineReasons', 'Another scheme covers the same roads');
  await ed.click('button:has-text("Decline the bid")');
  assert.match(await ed.locator('.govuk-notification-banner').innerText(), /Bid RSF-002 declined/);
  await assertAccessible(ed, 'the drafted decline notice');
  await pub.goto(`${url}/o/herts/grants/awarded`);
  const after = await pub.locator('main').innerText();
  assert.ok(!after.includes('Declined Canary Club') && !after.includes('Dee Declined'));
});
