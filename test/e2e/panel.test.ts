// A Panel meeting cycle in real Chromium (issue 15): an editor schedules a meeting, builds its
// agenda (an exempt item too), sends a Decisions Update and uploads a document, records the minute,
// a question to be answered in writing and a recommendation, then the Commissioner's response; the
// home page says what is overdue; the public sees the meeting, its papers, minute and the response,
// and nothing of the exempt item. axe (WCAG 2.2 AA) finds nothing on any page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD } from '../helpers.js';
import { assertAccessible, hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('a Panel meeting cycle: schedule, agenda, papers, minute, recommendation and response, and the public view', {
  skip: !hasChromium() && 'no Chromium',
}, async (t) => {
  const { url } = await serve(t, async (services) => {
    await seedOffice(services);
  });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const signIn = async (who: string) => {
    await ctx.clearCookies();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email address').fill(`${who}@north.example.org`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);
  };
  const fillDate = async (name: string, d: string, m: string, y: string) => {
    await page.fill(`#${name}-day`, d);
    await page.fill(`#${name}-month`, m);
    await page.fill(`#${name}-year`, y);
  };
  const submit = async (name: string) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name, exact: true }).click()]);
    await page.waitForLoadState('load');
  };
  const flash = async () => page.locator('.govuk-notification-banner').innerText();

  await signIn('editor');
  await page.goto(`${url}/panel`);
  await assertAccessible(page, 'panel');
  await page.getByRole('button', { name: 'Schedule a meeting' }).click();
  await assertAccessible(page, 'meeting-new');
  await submit('Schedule meeting');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /date of the meeting/i);
  await assertAccessible(page, 'meeting-new-errors');
  await fillDate('meetsOn', '27', '11', '2026');
  await page.getByLabel('Time (optional)').fill('10:00');
  await page.getByLabel('Place (optional)').fill('Ashburton Hall, Winchester');
  await page.getByLabel('Present (optional)').fill('Cllr Dave Stewart\nCllr Jan Warwick');
  await submit('Schedule meeting');
  assert.match(await flash(), /Police and Crime Panel, 27 November 2026, 10:00 scheduled\./);
  const meetingUrl = page.url();
  await assertAccessible(page, 'meeting');

  // The agenda: a public item and an exempt one.
  await page.getByRole('button', { name: 'Add an agenda item' }).click();
  await page.getByLabel('Title').fill('Police and Crime Plan Delivery');
  await page.getByLabel('Purpose (optional)').fill('To receive a quarterly update on delivery against the Police and Crime Plan.');
  await assertAccessible(page, 'item-new');
  await submit('Add item');
  await page.getByRole('button', { name: 'Add an agenda item' }).click();
  await page.getByLabel('Title').fill('Staffing matter');
  await page.getByRole('group', { name: 'Is the item exempt from publication?' }).getByLabel('Yes').check();
  await submit('Add item');
  assert.match(await page.locator('#agenda').innerText(), /1\. Police and Crime Plan Delivery[\s\S]*2\. Staffing matter\s*Exempt/);

  // A Decisions Update sent to item 1, frozen; a PDF uploaded to it, and another to the exempt item.
  await page.getByRole('link', { name: 'Send a paper to item 1' }).click();
  await page.waitForURL(/\/items\/[^/]+\/send$/);
  await assertAccessible(page, 'send');
  await fillDate('from', '1', '10', '2026');
  await submit('Send to the meeting');
  assert.match(await flash(), /Police and Crime Plan Decisions Update sent to Police and Crime Panel, 27 November 2026, 10:00, item 1\./);
  await assertAccessible(page, 'paper');
  await page.goto(meetingUrl);
  await page.getByRole('link', { name: 'Upload a document to item 1' }).click();
  await assertAccessible(page, 'document-new');
  await page.getByLabel('Title').fill('Rural crime scrutiny report');
  await page.setInputFiles('#file', { name: 'rural.txt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
  await submit('Upload document');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /The selected file is not a PDF, although its name ends in \.pdf/);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Rural crime scrutiny report', 'answers kept');
  await assertAccessible(page, 'document-new-errors');
  await page.setInputFiles('#file', { name: 'rural.pdf', mimeType: 'application/pdf', buffer: PDF });
  await submit('Upload document');
  assert.match(await flash(), /Rural crime scrutiny report uploaded to item 1\./);
  await page.getByRole('link', { name: 'Upload a document to item 2' }).click();
  await page.getByLabel('Title').fill('Staffing paper');
  await page.setInputFiles('#file', { name: 'staffing.pdf', mimeType: 'application/pdf', buffer: PDF });
  await submit('Upload document');

  // The minute, a question to be answered in writing, a recommendation.
  await page.getByRole('link', { name: 'Minute of item 1' }).click();
  await page
    .getByLabel('What Members heard (optional)')
    .fill('The cyber ambassadors project was now complete.\nSerious violent crimes were a growing concern.');
  await page.getByLabel('Resolution (optional)').fill('That the update on the delivery of the Police and Crime Plan is noted.');
  await assertAccessible(page, 'minute');
  await submit('Save the minute');
  await page.getByRole('link', { name: 'Record a question under item 1' }).click();
  await page.getByLabel('Asked by (optional)').fill('Cllr Jan Warwick');
  await page.getByLabel('Question (optional)').fill('How many schools have joined the cyber ambassadors?');
  await page.getByLabel('In writing, by a date').check();
  await fillDate('answerDue', '1', '12', '2026');
  await assertAccessible(page, 'question-new');
  await submit('Record question');
  await page.getByRole('link', { name: 'Record a recommendation' }).click();
  await page.getByLabel('Recommendation', { exact: true }).fill('That the Commissioner reports the outcome of the Barnahus feasibility work.');
  await page.getByLabel('Agenda item (optional)').selectOption({ label: '1. Police and Crime Plan Delivery' });
  await fillDate('responseDue', '4', '12', '2026');
  await assertAccessible(page, 'recommendation-new');
  await submit('Record recommendation');
  assert.match(await page.locator('main').innerText(), /Overdue/);
  await assertAccessible(page, 'recommendation');

  // Overdue on the home page, and in the list.
  await page.goto(`${url}/`);
  const attention = await page.locator('#attention').innerText();
  assert.match(attention, /1 Panel recommendation is overdue for the Commissioner’s response/);
  assert.match(attention, /1 question from the Panel is overdue for a written answer/);
  await assertAccessible(page, 'home');
  await page.getByRole('link', { name: /1 Panel recommendation is overdue/ }).click();
  assert.match(
    await page.locator('#due').innerText(),
    /Recommendation: That the Commissioner reports the outcome of the Barnahus feasibility work\.\s+27 November 2026\s+4 December 2026/,
  );
  await assertAccessible(page, 'due');

  // The response.
  await page.getByRole('link', { name: /That the Commissioner reports the outcome/ }).click();
  await page.getByRole('button', { name: 'Record the response' }).click();
  await page.getByLabel('Accepted', { exact: true }).check();
  await page.getByLabel('The Commissioner’s response').fill('The Chief Constable will report the outcome to the Panel in March.');
  await fillDate('respondedOn', '5', '12', '2026');
  await assertAccessible(page, 'respond');
  await submit('Save the response');
  assert.match(await flash(), /Response recorded: Accepted\./);
  await page.goto(meetingUrl);
  await page.getByRole('button', { name: 'Change meeting' }).click();
  await page.getByLabel('Held').check();
  await submit('Save changes');

  // The public view: no sign-in.
  await ctx.clearCookies();
  await page.goto(`${url}/o/north`);
  await page.getByRole('link', { name: 'Police and Crime Panel' }).click();
  await assertAccessible(page, 'public-panel');
  assert.match(await page.locator('#past').innerText(), /Police and Crime Panel, 27 November 2026, 10:00\s+Ashburton Hall, Winchester\s+Held/);
  await page.getByRole('link', { name: 'Police and Crime Panel, 27 November 2026, 10:00' }).click();
  await assertAccessible(page, 'public-meeting');
  const main = await page.locator('main').innerText();
  assert.match(main, /1\. Police and Crime Plan Delivery/);
  assert.match(main, /Rural crime scrutiny report \(PDF, 1 KB\)/);
  assert.match(main, /Members heard:\s+The cyber ambassadors project was now complete\./);
  assert.match(main, /How many schools have joined the cyber ambassadors\? \(Cllr Jan Warwick\): \(in writing, due 1 December 2026\)/);
  assert.match(main, /Resolved: That the update on the delivery of the Police and Crime Plan is noted\./);
  assert.match(
    main,
    /Accepted; response due 4 December 2026; responded 5 December 2026\s+Response: The Chief Constable will report the outcome to the Panel in March\./,
  );
  assert.doesNotMatch(main, /Staffing/);
  const pack = await page.request.get(`${url}${new URL(page.url()).pathname}/pack.pdf`);
  assert.equal(pack.status(), 200);
  assert.match(Buffer.from(await pack.body()).toString('latin1'), /\/StructTreeRoot/);
  const ics = await page.request.get(`${url}/o/north/panel/meetings.ics`);
  assert.match(await ics.text(), /DTSTART:20261127T100000Z/);
  await page.getByRole('link', { name: 'All meetings' }).click();
  await page.getByRole('link', { name: 'Recommendations and responses' }).click();
  await assertAccessible(page, 'public-recommendations');
  assert.match(await page.locator('#recommendations').innerText(), /The Chief Constable will report the outcome to the Panel in March\./);
  await ctx.close();
});
