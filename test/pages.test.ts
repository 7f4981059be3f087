// Every page a browser can GET, visited as someone allowed to see it, with the values a user must
// see on it: titles, dates in words, amounts, stages, linked items. A status code and an axe scan
// pass an empty page; these checks do not. Summary lists are checked row by row: an empty <dd>
// fails. The pages come from the app's route table, so a new page without expectations fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Browser, PASSWORD, clock, testApp, world } from './helpers.js';

type Who = 'anonymous' | 'viewer' | 'editor' | 'admin' | 'halfSignedIn';
type Page = {
  as: Who;
  url: string;
  /** Text the user must read (tags stripped, entities decoded, spaces collapsed), or patterns over it. */
  see: (string | RegExp)[];
  /** Patterns over the raw HTML or file: links, form values. */
  html?: (string | RegExp)[];
  /** Form fields and the values they must hold (a text box, a text area, the chosen option or radio). */
  fields?: Record<string, string>;
  /** Text that must not appear: known wording slips. */
  notSee?: (string | RegExp)[];
  /** Every summary-list value on the page must say something. */
  filledRows?: boolean;
  todo?: string;
  /** The status the page answers with when not 200 (a refusal page). */
  status?: number;
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#?\w+);/g, (m, e) => ENTITIES[e] ?? (e.startsWith('#') ? String.fromCodePoint(Number(e.startsWith('#x') ? `0${e.slice(1)}` : e.slice(1))) : m));
/** What a reader sees of a page: its <title> and body text. */
const textOf = (html: string) =>
  decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    // A tag between a link and its full stop is no space to a reader.
    .replace(/ ([.,;:])/g, '$1')
    .trim();
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : undefined;
};
/** The values a form shows, by field name: what the user would see filled in. */
function formValues(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (k: string | undefined, v: string) => k && out.set(k, [...(out.get(k) ?? []), v]);
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !/\schecked\b/.test(tag)) continue;
    add(attr(tag, 'name'), attr(tag, 'value') ?? '');
  }
  for (const m of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attr(m[1], 'name'), decode(m[2]));
  for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g))
    for (const [o] of m[2].matchAll(/<option\b[^>]*\sselected\b[^>]*>/g)) add(attr(m[1], 'name'), attr(o, 'value') ?? '');
  return out;
}
const summaryValues = (html: string) =>
  [...html.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)].map((m) => ({
    key: textOf(m[1]),
    value: textOf(m[2]),
  }));

test('every page shows the values a user must see on it', async (t) => {
  const c = clock('2027-02-15T10:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services;
  const [p1, p2] = n.priorities;
  const [s1, s2] = n.strands;

  // ---- the office's records, entered through the services as the pages would
  const knife = await s.projects.create({
    by: n.editor,
    input: {
      title: 'Knife crime prevention',
      objective: 'Fewer young people carrying knives',
      overview: 'Education in schools',
      outcome: 'Schools reached',
      strandId: s1.id,
      priorityIds: [p1.id],
      lead: 'Jane Lead',
      forecastEnd: '2020-Q2',
      stage: 'delivery',
      effectiveOn: '2018-01-15',
    },
  });
  const beta = await s.projects.create({
    by: n.editor,
    input: { title: 'Beta outreach', objective: 'Outreach to estates', strandId: s2.id, priorityIds: [p2.id], stage: 'candidate', effectiveOn: '2018-02-01' },
  });
  const merged = await s.projects.merge({
    by: n.editor,
    targetId: knife.id,
    input: { sourceIds: [beta.id], version: knife.version, reason: 'One programme', effectiveOn: '2018-03-01' },
  });
  const youth = await s.projects.create({
    by: n.editor,
    input: {
      title: 'Youth diversion',
      objective: 'Divert first-time entrants',
      strandId: s2.id,
      priorityIds: [p2.id],
      stage: 'candidate',
      effectiveOn: '2018-05-01',
    },
  });

  const notice = await s.decisions.create({
    by: n.editor,
    input: {
      reference: 'ID: 507',
      title: 'Knife crime education grant',
      decisionMaker: 'Police and Crime Commissioner',
      summary: 'Funding for knife crime education in schools',
      decisionText: 'The Commissioner approves the grant.',
      amount: '25000',
      fundingSource: 'Community Safety Fund',
      tags: 'INVESTMENT in POLICING',
      projectIds: [knife.id],
    },
  });
  const approved = await s.decisions.approve({ by: n.editor, id: notice.id, input: { version: notice.version, approvedOn: '2018-03-10' } });
  await s.decisions.publish({ by: n.editor, id: notice.id, input: { version: approved.version } });
  const draft = await s.decisions.create({
    by: n.editor,
    input: {
      reference: 'ID: 508',
      title: 'Street lighting bid',
      decisionMaker: 'Deputy Commissioner',
      summary: 'Lighting in the town centre',
      amount: '1200.50',
    },
  });
  const toPublish = await s.decisions.create({
    by: n.editor,
    input: { reference: 'ID: 509', title: 'Victims hub lease', decisionMaker: 'Chief Executive', summary: 'Lease of the hub' },
  });
  await s.decisions.approve({ by: n.editor, id: toPublish.id, input: { version: toPublish.version, approvedOn: '2018-02-20' } });

  const target = await s.targets.createTarget({
    by: n.editor,
    input: {
      priorityId: p1.id,
      statement: 'Reduce burglary by 10% by March 2020',
      owner: 'Chief Constable',
      unit: '%',
      kind: 'trajectory',
      direction: 'lower',
      baselineValue: '100',
      baselineDate: '2018-03-31',
      targetValue: '90',
      deadline: '2020-03-31',
      milestones: '2019-03-31 95',
    },
  });
  await s.targets.addObservation({
    by: n.editor,
    targetId: target.id,
    input: { asAt: '2019-03-31', value: '96', narrative: 'Burglary down 4% on the baseline' },
  });
  const action = await s.targets.createAction({
    by: n.editor,
    input: { priorityId: p1.id, number: '1.1', text: 'Hold burglary surgeries', owners: 'OPCC partnerships team', outcome: 'Residents reassured' },
  });
  await s.targets.addDeliveryUpdate({ by: n.editor, actionId: action.id, input: { asAt: '2019-02-14', text: 'Six surgeries held' } });
  const [plan2016] = await s.plan.listPlans(n.office.id);
  // The plan in force today has no targets yet: the targets report must still open on the one that has.
  await s.plan.createPlan({
    by: n.admin,
    input: { title: 'Police and Crime Plan 2024-2029', periodStart: '2024-04-01', periodEnd: '2029-03-31', status: 'published' },
  });

  // Issue 18: a local area, and the knife project's status for the quarter under way (Q4 2026/27).
  const soton = await s.areas.create({ by: n.admin, input: { name: 'Southampton' } });
  await s.statuses.record({ by: n.editor, projectId: knife.id, input: { status: 'at_risk', note: 'Schools slow to sign up', reason: 'Two schools withdrew' } });
  const pub = await s.reports.publish({ by: n.admin, periodId: '2017-18-Q4' });
  const token = await s.auth.createToken({ by: n.admin, input: { name: 'Reporting robot', role: 'viewer' } });
  assert.ok(token.token);

  // The Panel: a meeting with its agenda and a Decisions Update sent to it (src/panel).
  const meeting = await s.panel.createMeeting({
    by: n.editor,
    input: {
      meetsOn: '2018-04-20',
      startsAt: '10:00',
      place: 'Ashburton Hall',
      attendance: 'Cllr Jan Warwick',
      declarations: 'Cllr Jan Warwick | School governor',
    },
  });
  const item = await s.panel.addItem({
    by: n.editor,
    meetingId: meeting.id,
    input: { title: 'Police and Crime Plan Delivery', purpose: 'To receive a quarterly update from the Police and Crime Commissioner' },
  });
  const paper = await s.panel.sendPaper({ by: n.editor, meetingId: meeting.id, itemId: item.id, input: { kind: 'decisions_update', from: '2018-02-01' } });
  const upcoming = await s.panel.createMeeting({ by: n.editor, input: { meetsOn: '2027-03-01', body: 'working_group' } });
  await s.panel.recordMinute({
    by: n.editor,
    meetingId: meeting.id,
    itemId: item.id,
    input: {
      version: item.version,
      heard: 'GDPR compliance was on track',
      resolution: 'That the update is noted',
      projectIds: [knife.id],
      decisionIds: [notice.id],
    },
  });
  const question = await s.panel.addQuestion({
    by: n.editor,
    meetingId: meeting.id,
    itemId: item.id,
    input: { askedBy: 'Cllr Jan Warwick', question: 'How many schools took part?', answerMode: 'in_writing', answerDue: '2018-05-04' },
  });
  const overdueRec = await s.panel.addRecommendation({
    by: n.editor,
    meetingId: meeting.id,
    input: { text: 'Appoint a rural lead', responseDue: '2018-05-20' },
  });
  // An uploaded document, and an exempt item the public never sees.
  const panelPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const panelDoc = await s.panel.uploadDocument({
    by: n.editor,
    meetingId: meeting.id,
    itemId: item.id,
    input: { title: 'Rural crime scrutiny report' },
    file: { filename: 'rural-crime.pdf', data: panelPdf },
  });
  await s.panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: 'Exempt staffing matter', exempt: true } });
  // The plan's development (issue 16): a plan in consultation with a chapter, a commitment delivered by a project, a timetable step.
  const csp = await s.plan.createPlan({
    by: n.admin,
    input: { title: 'Community Safety Plan 2027-2032', periodStart: '2027-04-01', periodEnd: '2032-03-31', status: 'draft', sectionNoun: 'chapter' },
  });
  const chapter = await s.plan.createSection({ by: n.admin, planId: csp.id, input: { name: 'Putting Victims at the Centre', summary: 'Victims first' } });
  const pledge = await s.plan.createCommitment({ by: n.admin, planId: csp.id, input: { sectionId: chapter.id, text: 'Expand the victims hub' } });
  await s.plan.linkCommitment({ by: n.editor, commitmentId: pledge.id, input: { kind: 'project', refId: knife.id } });
  await s.plan.setStatutory({ by: n.admin, planId: csp.id, input: { item: 'objectives', sectionId: chapter.id } });
  const cspStep = await s.plan.addMilestone({
    by: n.admin,
    planId: csp.id,
    input: { kind: 'panel', title: 'Draft to the Police and Crime Panel', startsOn: '2027-01-28', statutory: true },
  });
  await s.plan.transition({ by: n.admin, id: csp.id, input: { status: 'consultation', on: '2027-01-28', reason: 'Draft to the Panel' } });

  // A spreadsheet import, undone (so no other page's counts change), and an upload waiting on its check page (src/imports).
  const tracker = Buffer.from('Project,Change,Date,Strand,Priorities\nImported hub,Identified,01/02/2018,Policing,Reduce offending\n');
  const imp = await s.imports.run({ by: n.editor, type: 'projects', name: 'tracker.csv', data: tracker });
  await s.imports.undo({ by: n.editor, id: imp.id, input: { reason: 'A trial run' } });
  const uploadId = await s.imports.upload({ by: n.editor, name: 'next.csv', data: tracker });

  const browsers: Record<Who, Browser> = {
    anonymous: new Browser(app),
    viewer: new Browser(app),
    editor: new Browser(app),
    admin: new Browser(app),
    halfSignedIn: new Browser(app),
  };
  for (const who of ['viewer', 'editor', 'admin'] as const) await browsers[who].signIn(n.users[who].email);
  // Someone with a second factor, past the password and at the code step.
  const coder = await s.auth.createUser({
    officeId: n.office.id,
    input: { email: 'coder@north.example.org', name: 'north coder', password: PASSWORD, role: 'viewer' },
    by: null,
  });
  await w.database.exec(`update users set totp_secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totp_enabled_at = now() where id = '${coder.id}'`);
  await browsers.halfSignedIn.signIn('coder@north.example.org');

  // Grant funds (src/grants): a fund with a round open on the test's clock, a bid entered by an officer and a public draft.
  const grantFund = await s.grants.createFund({
    by: n.editor,
    input: { code: 'FTF', name: 'Fly Tipping Fund', description: 'New initiatives of the Fly Tipping Group' },
  });
  const grantRound = await s.grants.createRound({
    by: n.editor,
    fundId: grantFund.id,
    input: {
      name: '2026/27',
      opensOn: '2027-02-01',
      opensTime: '9am',
      closesOn: '2027-02-26',
      closesTime: '5pm',
      pot: '£60,000',
      spendBy: '2027-03-31',
      maxSharePercent: 75,
      maxYears: 1,
      staffCostsAllowed: true,
      subFundingAllowed: false,
      eligibleOrganisations: ['Environment Agency', 'Hertfordshire County Council'],
      criteria: [{ name: 'Evidence of need', weight: 3 }],
      evaluationRequired: false,
    },
  });
  const grantBid = await s.grants.enterBid({
    by: n.editor,
    roundId: grantRound.id,
    input: {
      organisationName: 'Environment Agency',
      organisationType: 'public_body',
      contactName: 'Erin Officer',
      contactEmail: 'erin@example.org',
      title: 'Hotspot cameras',
      purpose: 'Cameras at fly tipping hotspots',
      amounts: [{ year: '2026/27', amount: '£45,000' }],
      totalCost: '£60,000',
      otherFunding: 'District councils',
      receivedOn: '2027-02-10',
      receivedTime: '4pm',
    },
  });
  const grantDraft = await s.grants.startBid({ officeId: n.office.id, roundId: grantRound.id });
  // A third bid, recommended and awarded by a decision: the register of grants made shows it.
  const grantAwarded = await s.grants.enterBid({
    by: n.editor,
    roundId: grantRound.id,
    input: {
      organisationName: 'Hertfordshire County Council',
      organisationType: 'local_authority',
      title: 'Duty of care campaign',
      purpose: 'Leaflets on householders’ duty of care',
      amounts: [{ year: '2026/27', amount: '£9,000' }],
      totalCost: '£12,000',
      otherFunding: 'The county council',
      receivedOn: '2027-02-10',
      receivedTime: '4pm',
    },
  });
  await s.grants.recommend({ by: n.editor, bidId: grantAwarded.id, input: { recommendation: 'fund', reasons: 'Clear need' } });
  const { award: grantAward } = await s.grants.award({
    by: n.editor,
    bidId: grantAwarded.id,
    input: { reference: 'DN 2027/1', awardedOn: '2027-02-10', conditions: 'Spent by 31 March 2027', reasons: 'Clear need shown' },
  });
  // After the award: a payment scheduled, a monitoring return due; and a fourth bid declined by a decision.
  const grantPayment = await s.grants.schedulePayment({ by: n.editor, awardId: grantAward.id, input: { dueOn: '2027-03-01', amount: '£4,500' } });
  const grantReturn = await s.grants.addReturn({ by: n.editor, awardId: grantAward.id, input: { title: 'Final monitoring return', dueOn: '2027-04-30' } });
  const grantDeclined = await s.grants.enterBid({
    by: n.editor,
    roundId: grantRound.id,
    input: {
      organisationName: 'Environment Agency',
      organisationType: 'public_body',
      contactName: 'Dee Clined',
      title: 'Warning signs',
      purpose: 'Signs at lay-bys',
      amounts: [{ year: '2026/27', amount: '£6,000' }],
      totalCost: '£8,000',
      otherFunding: 'The agency',
      receivedOn: '2027-02-11',
      receivedTime: '10am',
    },
  });
  await s.grants.decline({
    by: n.editor,
    bidId: grantDeclined.id,
    input: { reference: 'DN 2027/2', declinedOn: '2027-02-11', reasons: 'Signs already funded' },
  });
  await s.grants.assignAssessor({ by: n.editor, roundId: grantRound.id, input: { userId: n.users.admin.id } });
  // The office's reminder emails: one kind on, with named recipients.
  await s.reminders.saveSetting({
    by: n.admin,
    kind: 'projects.past-forecast-end',
    input: { enabled: 'true', recipients: 'pmo@north.example.org, board@north.example.org' },
  });
  // The office's paper layout (issue 18): a cover with its logo and contents, the meeting's month.
  await s.paperSettings.save({
    by: n.admin,
    input: {
      cover: true,
      title: 'Delivery Progress to the Panel',
      coverDate: 'meeting',
      bodyOrientation: 'landscape',
      forecastStyle: 'quarter',
      reason: 'Panel asked',
    },
    file: { filename: 'logo.png', data: readFileSync(new URL('../src/reports/fixtures/office-logo.png', import.meta.url)) },
  });
  const pages: Record<string, Page[]> = {
    '/sign-in': [{ as: 'anonymous', url: '/sign-in', see: ['Sign in – PCP Tracker', 'Email address', 'Password'], notSee: ['PCP Tracker – PCP Tracker'] }],
    '/': [
      {
        as: 'viewer',
        url: '/',
        see: [
          'North OPCC: the portfolio at a glance',
          'Future projects 1',
          'Current projects 1',
          'Completed projects 0',
          'Big Issues 0 1 0',
          'Policing 1 0 0',
          'Champion community needs 0 1 0',
        ],
      },
      { as: 'anonymous', url: '/', see: ['PCP Tracker'], html: ['href="/sign-in"'], notSee: ['PCP Tracker – PCP Tracker'] },
    ],
    '/projects': [
      {
        as: 'viewer',
        url: '/projects',
        see: ['Knife crime prevention', 'Delivery', 'Youth diversion', 'Candidate', 'Q2 2020', 'Status for Q4 2026/27', /Q2 2020 Overdue At risk/],
        html: [`href="/projects/${knife.id}"`],
      },
    ],
    '/projects.csv': [{ as: 'viewer', url: '/projects.csv', see: [], html: ['Knife crime prevention', 'Youth diversion', 'Jane Lead'] }],
    '/projects/:id': [
      {
        as: 'viewer',
        url: `/projects/${knife.id}`,
        see: [
          'Knife crime prevention',
          'Delivery',
          'Fewer young people carrying knives',
          'Big Issues',
          'Champion community needs',
          'Jane Lead',
          'Q2 2020',
          'Merged from Beta outreach',
          'Merged in: Beta outreach',
          '15 January 2018',
          'Status for Q4 2026/27 At risk',
          'Schools slow to sign up',
          'north editor',
          'Two schools withdrew',
        ],
        filledRows: true,
      },
      // A merged project's own history names the project it went into, with a link.
      {
        as: 'viewer',
        url: `/projects/${beta.id}`,
        see: ['Beta outreach', 'Merged', 'Merged into: Knife crime prevention', '1 March 2018', 'Why: One programme'],
        html: [new RegExp(`Merged into: <a class="govuk-link" href="/projects/${knife.id}">Knife crime prevention</a>`)],
        notSee: ['Merged into: none'],
        filledRows: true,
      },
    ],
    '/projects/new': [
      { as: 'editor', url: '/projects/new', see: ['Title', 'Strand', 'Big Issues', 'Policing', 'Champion community needs', 'Reduce offending'] },
    ],
    '/projects/:id/edit': [
      {
        as: 'editor',
        url: `/projects/${knife.id}/edit`,
        see: ['Knife crime prevention'],
        fields: { title: 'Knife crime prevention', objective: 'Fewer young people carrying knives', lead: 'Jane Lead', strandId: s1.id, priorityIds: p1.id },
      },
    ],
    '/projects/:id/status': [
      {
        as: 'editor',
        url: `/projects/${knife.id}/status`,
        see: ['Knife crime prevention', 'Status for Q4 2026/27', 'Now: At risk Schools slow to sign up'],
        fields: { status: 'at_risk', note: 'Schools slow to sign up' },
      },
    ],
    '/projects/:id/extend': [{ as: 'editor', url: `/projects/${knife.id}/extend`, see: ['Knife crime prevention', 'The forecast end is now Q2 2020'] }],
    '/projects/:id/move/:move': [
      {
        as: 'editor',
        url: `/projects/${youth.id}/move/scope`,
        see: ['Youth diversion', 'Start scoping', 'The project is now a candidate.'],
        notSee: ['now in candidate'],
      },
      { as: 'editor', url: `/projects/${knife.id}/move/hold`, see: ['Knife crime prevention', 'Place on hold', 'The project is now in delivery.'] },
    ],
    '/projects/:id/merge': [{ as: 'editor', url: `/projects/${knife.id}/merge`, see: ['Knife crime prevention', 'Youth diversion'] }],

    '/admin/plan': [
      {
        as: 'admin',
        url: '/admin/plan',
        see: ['The plan'],
        fields: { status: 'published' },
        html: [/name="title"[^>]*value="Police and Crime Plan 20(16-2021|24-2029)"|value="Police and Crime Plan 20(16-2021|24-2029)"[^>]*name="title"/],
      },
    ],
    '/plans': [
      {
        as: 'viewer',
        url: '/plans',
        see: ['Community Safety Plan 2027-2032', '1 April 2027 to 31 March 2032', 'Consultation', 'Police and Crime Plan 2016-2021'],
      },
    ],
    '/plans/new': [{ as: 'admin', url: '/plans/new', see: ['Create a plan', 'Chapters', 'Priorities'], fields: { sectionNoun: 'chapter' } }],
    '/plans/:id': [
      {
        as: 'viewer',
        url: `/plans/${csp.id}`,
        see: [
          'Status Consultation',
          'Sections called Chapters',
          'covers 5 of the six contents',
          '1. Putting Victims at the Centre Victims first Expand the victims hub 0 of 1 done or on track: Project: Knife crime prevention',
          '28 January 2027 Draft to the Police and Crime Panel Statutory step Police and Crime Panel Late',
          'Status changed: Draft to consultation Draft to the Panel',
        ],
        notSee: ['Move to published'],
      },
      { as: 'admin', url: `/plans/${csp.id}`, see: ['Move to published', 'Add a chapter'] },
    ],
    '/plans/:id/edit': [
      {
        as: 'admin',
        url: `/plans/${csp.id}/edit`,
        see: ['Change the plan'],
        fields: { title: 'Community Safety Plan 2027-2032', sectionNoun: 'chapter', 'periodStart-year': '2027' },
      },
    ],
    '/plans/:id/status': [
      { as: 'admin', url: `/plans/${csp.id}/status`, see: ['The plan is consultation', 'Move to published'], fields: { status: 'published' } },
    ],
    '/plans/:id/sections/new': [
      { as: 'admin', url: `/plans/${csp.id}/sections/new`, see: ['Add a chapter', 'Champion community needs (Police and Crime Plan 2016-2021)'] },
    ],
    '/plans/:id/commitments/new': [
      { as: 'admin', url: `/plans/${csp.id}/commitments/new?section=${chapter.id}`, see: ['Add a commitment'], fields: { sectionId: chapter.id } },
    ],
    '/plans/:id/statutory': [
      { as: 'admin', url: `/plans/${csp.id}/statutory`, see: ['Statutory contents', 'Strategic Policing Requirement'], fields: { objectives: chapter.id } },
    ],
    '/plans/:id/timetable': [{ as: 'admin', url: `/plans/${csp.id}/timetable`, see: ['Draft to the Police and Crime Panel', 'Late', 'Mark done today'] }],
    '/commitments/:id': [
      { as: 'editor', url: `/commitments/${pledge.id}`, see: ['Expand the victims hub', 'Project: Knife crime prevention (Delivery)', 'Youth diversion'] },
    ],
    '/o/:officeSlug': [
      {
        as: 'anonymous',
        url: '/o/north',
        see: [
          'North OPCC',
          'The plan in force Police and Crime Plan 2016-2021',
          'A plan in development: have your say Community Safety Plan 2027-2032',
          'Decision notices',
        ],
      },
    ],
    '/o/:officeSlug/plans/:id': [
      {
        as: 'anonymous',
        url: `/o/north/plans/${csp.id}`,
        see: ['Community Safety Plan 2027-2032', 'Expand the victims hub (0 of 1 pieces of work done or on track)', 'Draft to the Police and Crime Panel'],
        notSee: ['Knife crime prevention'],
      },
    ],
    '/o/:officeSlug/accessibility': [
      {
        as: 'anonymous',
        url: '/o/north/accessibility',
        see: ['Accessibility statement', 'North OPCC', 'Web Content Accessibility Guidelines version 2.2 AA', 'Accessibility Regulations 2018'],
      },
    ],
    // src/transparency (issue 16): the public papers and targets, the Specified Information checklist.
    '/o/:officeSlug/papers': [
      {
        as: 'anonymous',
        url: '/o/north/papers',
        see: ['Quarterly delivery papers', 'Q4 2017/18 (January to March 2018) 15 February 2027'],
        html: [`href="/o/north/papers/${pub.id}/paper.html"`, `href="/o/north/papers/${pub.id}/paper.docx"`],
      },
    ],
    '/o/:officeSlug/papers/:id/:file': [
      { as: 'anonymous', url: `/o/north/papers/${pub.id}/paper.html`, see: [], html: ['Knife crime prevention', 'Q4 2017/18'] },
    ],
    '/o/:officeSlug/targets': [
      {
        as: 'anonymous',
        url: '/o/north/targets',
        see: ['Targets and how they are doing', 'Reduce burglary by 10% by March 2020 100%, 31 March 2018 90% by 31 March 2020 96% at 31 March 2019'],
      },
    ],
    '/admin/specified-information': [
      {
        as: 'admin',
        url: '/admin/specified-information',
        see: ['Specified Information checklist', 'Each item of spending over £500 (Order 2011) Every month Missing Never', 'Published through PCP Tracker'],
      },
    ],
    '/admin/specified-information/:item': [
      { as: 'admin', url: '/admin/specified-information/spending', see: ['Each item of spending over £500', 'How often Every month'], fields: { url: '' } },
    ],
    '/plans/:id/carry-over': [
      {
        as: 'admin',
        url: `/plans/${csp.id}/carry-over`,
        see: ['Carry over from the previous plan', 'Putting Victims at the Centre', 'Champion community needs (Police and Crime Plan 2016-2021)'],
      },
    ],
    '/milestones/:id/panel': [
      {
        as: 'admin',
        url: `/milestones/${cspStep.id}/panel`,
        see: ['The Panel’s recommendations: Draft to the Police and Crime Panel', 'Appoint a rural lead'],
      },
    ],
    '/admin/priorities': [{ as: 'admin', url: '/admin/priorities', see: ['Champion community needs', 'Reduce offending'] }],
    '/admin/priorities/:id': [
      { as: 'admin', url: `/admin/priorities/${p1.id}`, see: ['Champion community needs'], fields: { name: 'Champion community needs', colour: '#1d70b8' } },
    ],
    '/admin/strands': [{ as: 'admin', url: '/admin/strands', see: ['Big Issues', 'Policing'] }],
    '/admin/areas': [{ as: 'admin', url: '/admin/areas', see: ['Local areas', '1 Southampton', 'Add an area'] }],
    '/admin/areas/:id': [{ as: 'admin', url: `/admin/areas/${soton.id}`, see: ['Change Southampton'], fields: { name: 'Southampton', position: '1' } }],
    '/admin/strands/:id': [{ as: 'admin', url: `/admin/strands/${s1.id}`, see: ['Big Issues'], fields: { name: 'Big Issues' } }],
    '/admin': [
      { as: 'admin', url: '/admin', see: ['North OPCC'], html: ['href="/admin/users"', 'href="/admin/plan"', 'href="/admin/strands"', 'href="/admin/tokens"'] },
    ],
    '/admin/users': [
      { as: 'admin', url: '/admin/users', see: ['north admin', 'north editor', 'north viewer', 'editor@north.example.org'], notSee: ['south editor'] },
    ],
    '/admin/users/new': [{ as: 'admin', url: '/admin/users/new', see: ['Add a user', 'Full name', 'Email address', 'Viewer', 'Editor', 'Admin'] }],
    '/admin/users/:id': [{ as: 'admin', url: `/admin/users/${n.users.editor.id}`, see: ['north editor', 'editor@north.example.org'], filledRows: true }],
    '/admin/tokens': [{ as: 'admin', url: '/admin/tokens', see: ['Reporting robot'] }],
    '/sign-in/code': [
      { as: 'halfSignedIn', url: '/sign-in/code', see: ['Enter the code from your authenticator app', 'I do not have my phone'], notSee: ['north coder'] },
    ],
    '/account/two-factor': [
      { as: 'viewer', url: '/account/two-factor', see: ['Set up two-factor authentication', 'Key:', 'Code from the app'], html: ['<svg role="img"'] },
    ],
    '/account/password': [{ as: 'viewer', url: '/account/password', see: ['Change your password', 'Current password', 'Three random words'] }],
    '/account': [{ as: 'viewer', url: '/account', see: ['Your account', 'north viewer', 'viewer@north.example.org', 'Two-factor authentication Off'] }],
    '/account/sessions': [{ as: 'viewer', url: '/account/sessions', see: ['Your sessions', 'This session', '127.0.0.1'] }],
    '/admin/security': [
      { as: 'admin', url: '/admin/security', see: ['Admins only', 'Security log', 'Signed in north admin', 'Failed sign-in'], notSee: ['south admin'] },
    ],
    // Single sign-on (src/platform/auth/oidc.*): the settings, and the provider's return with no sign-in under way.
    '/admin/sso': [
      {
        as: 'admin',
        url: '/admin/sso',
        see: ['Single sign-on', 'https://pcp.example.org/sign-in/sso/callback', 'Issuer URL', 'Client secret', 'From the provider’s app registration.'],
        fields: { groupClaim: 'groups' },
      },
    ],
    '/sign-in/sso/callback': [
      { as: 'anonymous', url: '/sign-in/sso/callback?code=abc&state=def', status: 400, see: ['Your sign-in has expired', 'Go back to sign in'] },
    ],
    '/account/tokens': [
      { as: 'admin', url: '/account/tokens', see: ['Your tokens', 'Reporting robot', 'Viewer', 'Never', 'Revoke'] },
      { as: 'editor', url: '/account/tokens', see: ['Your tokens', 'Expiry date'], notSee: ['Reporting robot'] },
    ],
    '/admin/decision-notices': [
      {
        as: 'admin',
        url: '/admin/decision-notices',
        see: ['Who reads the exempt part of decision notices', 'No, only editors and admins'],
        fields: { viewersSeeExempt: 'false' },
      },
    ],
    '/admin/reminders': [
      {
        as: 'admin',
        url: '/admin/reminders',
        see: [
          'Reminder emails',
          'Projects past their forecast end',
          'Panel recommendations awaiting a response on or after its due date',
          'Panel questions awaiting a written answer on or after its due date',
          'Sent On',
          'Who gets it pmo@north.example.org, board@north.example.org',
          'Reminders sent 0',
          'Last sent Never',
        ],
        html: ['href="/admin/reminders/projects.past-forecast-end"', 'href="/admin/reminders/panel.response-due"'],
        filledRows: true,
      },
    ],
    '/admin/reminders/:kind': [
      {
        as: 'admin',
        url: '/admin/reminders/projects.past-forecast-end',
        see: ['Projects past their forecast end', 'Send these reminders?'],
        fields: { enabled: 'true', recipients: 'pmo@north.example.org, board@north.example.org' },
      },
    ],
    '/admin/paper': [
      {
        as: 'admin',
        url: '/admin/paper',
        see: ['Paper layout', 'PNG, 160 × 80 pixels', 'Settings made', 'Cover and contents: Yes', 'Panel asked'],
        fields: { cover: 'yes', title: 'Delivery Progress to the Panel', coverDate: 'meeting', bodyOrientation: 'landscape', forecastStyle: 'quarter' },
        html: ['src="/admin/paper/logo?v='],
      },
    ],
    '/admin/paper/logo': [{ as: 'admin', url: '/admin/paper/logo', see: [], html: ['PNG'] }],
    '/healthz': [{ as: 'anonymous', url: '/healthz', see: [], html: ['"status":"alive"'] }],
    '/readyz': [{ as: 'anonymous', url: '/readyz', see: [], html: ['"status":"ready"'] }],

    '/decisions': [
      {
        as: 'viewer',
        url: '/decisions',
        see: ['Knife crime education grant', 'ID: 507', '10 March 2018', '£25,000', 'Street lighting bid', 'Victims hub lease'],
      },
    ],
    '/decisions/new': [{ as: 'editor', url: '/decisions/new', see: ['Reference', 'Title', 'Knife crime prevention'] }],
    '/decisions/:id': [
      {
        as: 'viewer',
        url: `/decisions/${notice.id}`,
        see: [
          'Knife crime education grant',
          'ID: 507',
          'Police and Crime Commissioner',
          '10 March 2018',
          '£25,000',
          'Community Safety Fund',
          'INVESTMENT in POLICING',
          'Funding for knife crime education in schools',
          'Knife crime prevention',
          'The Commissioner approves the grant.',
        ],
        filledRows: true,
      },
    ],
    '/decisions/:id/edit': [
      {
        as: 'editor',
        url: `/decisions/${draft.id}/edit`,
        see: ['ID: 508'],
        fields: {
          reference: 'ID: 508',
          title: 'Street lighting bid',
          decisionMaker: 'Deputy Commissioner',
          summary: 'Lighting in the town centre',
          amount: '£1,200.50',
        },
      },
    ],
    '/decisions/:id/approve': [
      { as: 'editor', url: `/decisions/${draft.id}/approve`, see: ['ID: 508', 'Street lighting bid'], fields: { decisionMaker: 'Deputy Commissioner' } },
    ],
    '/decisions/:id/publish': [{ as: 'editor', url: `/decisions/${toPublish.id}/publish`, see: ['ID: 509', 'Victims hub lease'] }],
    '/decisions/:id/withdraw': [{ as: 'editor', url: `/decisions/${notice.id}/withdraw`, see: ['ID: 507', 'Knife crime education grant'] }],
    '/o/:officeSlug/decisions': [
      {
        as: 'anonymous',
        url: '/o/north/decisions',
        see: ['North OPCC', 'Knife crime education grant', '10 March 2018', '£25,000', 'Decision notices – North OPCC – PCP Tracker'],
        notSee: ['Street lighting bid', 'Victims hub lease', 'PCP Tracker – PCP Tracker'],
      },
    ],
    '/o/:officeSlug/decisions.csv': [
      {
        as: 'anonymous',
        url: '/o/north/decisions.csv',
        see: [],
        html: ['Knife crime education grant', '2018-03-10', 'ID: 507'],
        notSee: ['Street lighting bid'],
      },
    ],
    '/o/:officeSlug/decisions.atom': [{ as: 'anonymous', url: '/o/north/decisions.atom', see: [], html: ['Knife crime education grant', '<feed'] }],
    '/o/:officeSlug/decisions/:id': [
      {
        as: 'anonymous',
        url: `/o/north/decisions/${notice.id}`,
        see: [
          'Knife crime education grant',
          'ID: 507',
          'Police and Crime Commissioner',
          '10 March 2018',
          '£25,000',
          'Funding for knife crime education in schools',
        ],
        notSee: ['PCP Tracker – PCP Tracker'],
        filledRows: true,
      },
    ],

    '/reports': [
      {
        as: 'viewer',
        url: '/reports',
        // From the quarter of the first record (January 2018) to the last finished one, by year; the quarter under way is provisional.
        see: [
          '2017/18',
          'Q4 2017/18 (January to March 2018) (published to the Panel)',
          '2026/27',
          'Q3 2026/27 (October to December 2026)',
          'Q4 2026/27 (January to March 2027). Provisional: this quarter ends on 31 March 2027; figures may change.',
          'Published',
        ],
        html: ['href="/reports/2017-18-Q4"', 'href="/reports/2020-21-Q2"', 'href="/reports/2026-27-Q3"', `href="/reports/published/${pub.id}"`],
        notSee: ['Q4 2016/17', 'Q1 2027/28'],
      },
    ],
    '/reports/published/:id': [
      {
        as: 'viewer',
        url: `/reports/published/${pub.id}`,
        see: [
          'Q4 2017/18 as published to the Panel',
          'Published 15 February 2027 at 10:00am',
          'By north admin',
          'Q4 2017/18 (January to March 2018)',
          'the paper for this quarter is the same as the one published',
        ],
        html: [`href="/reports/published/${pub.id}/paper.docx"`],
      },
    ],
    '/reports/published/:id/:file': [
      { as: 'viewer', url: `/reports/published/${pub.id}/paper.json`, see: [], html: ['"Knife crime prevention"', '"provisional": false', '"2017-18-Q4"'] },
    ],
    '/reports/:period': [
      {
        as: 'viewer',
        url: '/reports/2017-18-Q4',
        see: [
          'Police and Crime Plan Delivery Progress Update: Q4 2017/18',
          'Figures as at 31 March 2018',
          'Knife crime prevention',
          'Merged into this project: ‘Beta outreach’. One programme.',
          'Knife crime education grant',
          '10 March 2018',
          'Q2 2020',
          'Show the data',
          // The office's cover and contents (issue 18).
          'North OPCC Delivery Progress to the Panel Q4 2017/18',
          'Contents Police and Crime Plan delivery overview Delivery Plan Review',
        ],
        html: [
          '<a class="govuk-link" href="#section-2">Delivery Plan Review</a>',
          '<h2 id="section-2" class="govuk-heading-l">Delivery Plan Review</h2>',
          'alt="North OPCC logo"',
        ],
        notSee: ['as at the end of', 'Provisional'],
      },
      {
        as: 'viewer',
        url: '/reports/2026-27-Q4',
        see: [
          'Police and Crime Plan Delivery Progress Update: Q4 2026/27 (provisional)',
          'Provisional: this quarter ends on 31 March 2027; figures may change.',
        ],
        html: ['id="provisional"'],
      },
      { as: 'viewer', url: '/reports/2026-27-Q4?format=json', see: [], html: ['"provisional":true'] },
    ],
    '/reports/:period/edit': [
      {
        as: 'editor',
        url: '/reports/2017-18-Q4/edit',
        see: ['Q4 2017/18', 'Knife crime prevention', 'as it stood at the end of the quarter, 31 March 2018', 'Shape the Delivery Plan Review'],
      },
    ],

    '/targets': [
      {
        as: 'viewer',
        url: '/targets',
        see: ['Reduce burglary by 10% by March 2020', 'Burglary down 4% on the baseline', '1.1 Hold burglary surgeries', 'Champion community needs'],
      },
    ],
    '/targets/settings': [{ as: 'admin', url: '/targets/settings', see: ['RAG tolerance'], fields: { tolerancePct: '10' } }],
    '/targets/report': [
      // Opens on the plan that has targets, as at its latest figure, though today's plan has none.
      {
        as: 'viewer',
        url: '/targets/report',
        see: [
          'Police and Crime Plan 2016-2021: performance targets',
          'as at 31 March 2019',
          'Reduce burglary by 10% by March 2020',
          'Burglary down 4% on the baseline',
          'Six surgeries held',
        ],
        fields: { 'date-day': '31', 'date-month': '3', 'date-year': '2019', planId: plan2016.id },
        notSee: ['No targets or actions are recorded'],
      },
    ],
    '/targets/new': [{ as: 'editor', url: '/targets/new', see: ['Champion community needs'] }],
    '/targets/:id': [
      {
        as: 'viewer',
        url: `/targets/${target.id}`,
        see: [
          'Reduce burglary by 10% by March 2020',
          'Chief Constable',
          '31 March 2019: 95',
          'As at: 31 March 2019',
          'Current performance: Burglary down 4% on the baseline',
        ],
        notSee: ['asAt:', 'narrative:'],
        filledRows: true,
      },
    ],
    '/targets/:id/edit': [
      {
        as: 'editor',
        url: `/targets/${target.id}/edit`,
        see: ['Reduce burglary by 10% by March 2020'],
        fields: { statement: 'Reduce burglary by 10% by March 2020', owner: 'Chief Constable', milestones: '31/3/2019 95', targetValue: '90' },
      },
    ],
    '/targets/:id/observations/new': [
      { as: 'editor', url: `/targets/${target.id}/observations/new`, see: ['Reduce burglary by 10% by March 2020', 'Current performance'] },
    ],
    '/targets/:id/override': [{ as: 'editor', url: `/targets/${target.id}/override`, see: ['Reduce burglary by 10% by March 2020', 'Green', 'Amber', 'Red'] }],
    '/actions/new': [{ as: 'editor', url: '/actions/new', see: ['Champion community needs'] }],
    '/actions/:id': [
      {
        as: 'viewer',
        url: `/actions/${action.id}`,
        see: ['1.1', 'Hold burglary surgeries', 'OPCC partnerships team', 'Residents reassured', 'Six surgeries held', 'Feb 19'],
        filledRows: true,
      },
    ],
    '/actions/:id/edit': [
      {
        as: 'editor',
        url: `/actions/${action.id}/edit`,
        see: ['Hold burglary surgeries'],
        fields: { number: '1.1', owners: 'OPCC partnerships team', outcome: 'Residents reassured' },
      },
    ],
    '/actions/:id/updates/new': [{ as: 'editor', url: `/actions/${action.id}/updates/new`, see: ['Hold burglary surgeries'] }],

    '/panel': [
      {
        as: 'viewer',
        url: '/panel',
        see: ['Upcoming meetings', 'Plan Working Group, 1 March 2027', 'Past meetings', 'Police and Crime Panel, 20 April 2018, 10:00', 'Ashburton Hall'],
        html: [`href="/panel/meetings/${upcoming.id}"`],
        notSee: ['Schedule a meeting'],
      },
    ],
    '/panel/meetings/new': [
      { as: 'editor', url: '/panel/meetings/new', see: ['Schedule a meeting', 'Police and Crime Panel', 'Plan Working Group'], fields: { body: 'panel' } },
    ],
    '/panel/meetings/:id': [
      {
        as: 'viewer',
        url: `/panel/meetings/${meeting.id}`,
        see: [
          '20 April 2018, 10:00',
          'Scheduled',
          'Cllr Jan Warwick: School governor',
          '1. Police and Crime Plan Delivery',
          'To receive a quarterly update from the Police and Crime Commissioner',
          'Police and Crime Plan Decisions Update, sent',
          'Paper sent',
          'Members heard: GDPR compliance was on track',
          'How many schools took part? (Cllr Jan Warwick): (in writing, due 4 May 2018)',
          'Resolved: That the update is noted',
          'Mentions: Knife crime prevention; Knife crime education grant (ID: 507)',
          'Rural crime scrutiny report (PDF, 1 KB)',
          '2. Exempt staffing matter Exempt',
          'Appoint a rural lead: Overdue, response due 20 May 2018',
        ],
        filledRows: true,
      },
    ],
    '/panel/meetings/:id/edit': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/edit`,
        see: ['Change Police and Crime Panel, 20 April 2018'],
        fields: {
          'meetsOn-day': '20',
          'meetsOn-month': '4',
          'meetsOn-year': '2018',
          startsAt: '10:00',
          status: 'scheduled',
          declarations: 'Cllr Jan Warwick | School governor',
        },
      },
    ],
    '/panel/meetings/:id/items/new': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/new`,
        see: ['Add an agenda item', 'Police and Crime Panel, 20 April 2018'],
        fields: { exempt: 'no' },
      },
    ],
    '/panel/meetings/:id/items/:itemId/edit': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/${item.id}/edit`,
        see: ['Change item 1: Police and Crime Plan Delivery'],
        fields: { title: 'Police and Crime Plan Delivery', position: '1', exempt: 'no' },
      },
    ],
    '/panel/meetings/:id/items/:itemId/send': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/${item.id}/send`,
        see: ['Send a paper to item 1', 'Police and Crime Plan Decisions Update', 'Delivery Progress Update'],
        fields: { kind: 'decisions_update' },
      },
      {
        // The next meeting's paper starts where this one's ended: the preview lists what it would hold.
        as: 'editor',
        url: `/panel/meetings/${upcoming.id}/items/${(await s.panel.addItem({ by: n.editor, meetingId: upcoming.id, input: { title: 'Decisions' } })).id}/send`,
        see: ['as it would be sent now', 'Decision notices approved from 20 April 2018 to 28 February 2027', 'No decision notices were approved in this time.'],
      },
    ],
    '/panel/meetings/:id/items/:itemId/minute': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/${item.id}/minute`,
        see: ['Minute of item 1: Police and Crime Plan Delivery', 'Knife crime prevention', 'Knife crime education grant (ID: 507)'],
        fields: { heard: 'GDPR compliance was on track', resolution: 'That the update is noted', projectIds: knife.id, decisionIds: notice.id },
      },
    ],
    '/panel/meetings/:id/items/:itemId/questions/new': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/${item.id}/questions/new`,
        see: ['Record a question and its answer', 'At the meeting'],
        fields: { answerMode: 'at_meeting' },
      },
    ],
    '/panel/questions/:id/edit': [
      {
        as: 'editor',
        url: `/panel/questions/${question.id}/edit`,
        see: ['Change a question'],
        fields: {
          askedBy: 'Cllr Jan Warwick',
          question: 'How many schools took part?',
          answerMode: 'in_writing',
          'answerDue-day': '4',
          'answerDue-month': '5',
        },
      },
    ],
    '/panel/meetings/:id/recommendations/new': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/recommendations/new`,
        see: ['Record a recommendation', '1. Police and Crime Plan Delivery', 'For this meeting: 15 February 2019'],
      },
    ],
    '/panel/recommendations': [
      {
        as: 'viewer',
        url: '/panel/recommendations?status=overdue',
        see: [
          'Appoint a rural lead',
          'Police and Crime Panel, 20 April 2018',
          '20 May 2018',
          'Overdue',
          'How many schools took part?',
          'Question: How many schools took part? 4 May 2018 Overdue 3223',
        ],
        fields: { status: 'overdue' },
      },
    ],
    '/panel/recommendations/:id': [
      {
        as: 'viewer',
        url: `/panel/recommendations/${overdueRec.id}`,
        see: ['Appoint a rural lead', 'Status Overdue', 'Response due 20 May 2018', 'Recommendation made'],
        filledRows: true,
      },
    ],
    '/panel/recommendations/:id/respond': [
      {
        as: 'editor',
        url: `/panel/recommendations/${overdueRec.id}/respond`,
        see: ['Record the response', 'Appoint a rural lead'],
        fields: { status: 'awaiting_response', 'responseDue-day': '20' },
      },
    ],
    '/panel/papers/:id': [
      {
        as: 'viewer',
        url: `/panel/papers/${paper.id}`,
        see: ['Police and Crime Plan Decisions Update', 'exactly as it was sent', '1. Police and Crime Plan Delivery', 'north editor', 'Word document'],
        filledRows: true,
      },
    ],
    '/panel/papers/:id/:file': [
      {
        as: 'viewer',
        url: `/panel/papers/${paper.id}/paper.html`,
        see: [],
        html: ['Knife crime education grant (ID: 507)', 'Mar-18', 'Victims hub lease (ID: 509)', 'Feb-18', '£25,000'],
      },
    ],
    '/panel/meetings/:id/pack.pdf': [{ as: 'viewer', url: `/panel/meetings/${meeting.id}/pack.pdf`, see: [], html: ['%PDF', '/StructTreeRoot'] }],
    '/panel/meetings/:id/items/:itemId/documents/new': [
      {
        as: 'editor',
        url: `/panel/meetings/${meeting.id}/items/${item.id}/documents/new`,
        see: ['Upload a document to item 1: Police and Crime Plan Delivery', 'A PDF (.pdf) or a Word Document (.docx), smaller than 10 MB'],
        fields: { exempt: 'no' },
      },
    ],
    '/panel/documents/:id': [{ as: 'viewer', url: `/panel/documents/${panelDoc.id}`, see: [], html: ['%PDF-1.4'] }],
    '/panel/send-report': [
      {
        as: 'editor',
        url: '/panel/send-report?period=2017-18-Q4',
        see: [
          'Send the paper to a Panel meeting',
          'Delivery Progress Update, 2017-18-Q4',
          'Police and Crime Panel, 20 April 2018, 10:00: 1. Police and Crime Plan Delivery',
        ],
      },
    ],
    '/panel/due': [
      {
        as: 'viewer',
        url: '/panel/due?state=overdue',
        see: [
          'Responses and answers due',
          'Recommendation: Appoint a rural lead 20 April 2018 20 May 2018',
          'Question: How many schools took part? 20 April 2018 4 May 2018',
        ],
      },
    ],
    '/o/:officeSlug/panel': [
      {
        as: 'anonymous',
        url: '/o/north/panel',
        see: [
          'North OPCC',
          'Upcoming meetings',
          'Plan Working Group, 1 March 2027',
          'Past meetings',
          'Police and Crime Panel, 20 April 2018, 10:00 Ashburton Hall',
        ],
        html: [`href="/o/north/panel/meetings/${meeting.id}"`, 'href="/o/north/panel/meetings.ics"'],
      },
    ],
    '/o/:officeSlug/panel/meetings/:id': [
      {
        as: 'anonymous',
        url: `/o/north/panel/meetings/${meeting.id}`,
        see: [
          '20 April 2018, 10:00',
          '1. Police and Crime Plan Delivery',
          'Police and Crime Plan Decisions Update: PDF',
          'Rural crime scrutiny report (PDF, 1 KB)',
          'Members heard: GDPR compliance was on track',
          'Resolved: That the update is noted',
          'Appoint a rural lead Overdue; response due 20 May 2018',
        ],
        html: [`href="/o/north/panel/papers/${paper.id}/paper.pdf"`, `href="/o/north/panel/documents/${panelDoc.id}"`],
        notSee: ['Exempt staffing matter'],
        filledRows: true,
      },
    ],
    '/o/:officeSlug/panel/meetings/:id/pack.pdf': [
      { as: 'anonymous', url: `/o/north/panel/meetings/${meeting.id}/pack.pdf`, see: [], html: ['%PDF', '/StructTreeRoot'] },
    ],
    '/o/:officeSlug/panel/papers/:id/:file': [
      { as: 'anonymous', url: `/o/north/panel/papers/${paper.id}/paper.html`, see: [], html: ['Knife crime education grant (ID: 507)', 'Mar-18'] },
    ],
    '/o/:officeSlug/panel/documents/:id': [{ as: 'anonymous', url: `/o/north/panel/documents/${panelDoc.id}`, see: [], html: ['%PDF-1.4'] }],
    '/o/:officeSlug/panel/recommendations': [
      {
        as: 'anonymous',
        url: '/o/north/panel/recommendations',
        see: [
          'Recommendations of the Panel and the Commissioner’s responses',
          'Appoint a rural lead Police and Crime Panel, 20 April 2018 Overdue Due 20 May 2018 No response yet',
        ],
      },
    ],
    '/o/:officeSlug/panel/meetings.ics': [
      { as: 'anonymous', url: '/o/north/panel/meetings.ics', see: [], html: ['BEGIN:VCALENDAR', 'DTSTART:20180420T090000Z', 'SUMMARY:Plan Working Group'] },
    ],
    '/grants': [{ as: 'viewer', url: '/grants', see: ['Fly Tipping Fund (FTF)', '2026/27', '5pm on Friday 26 February 2027', '£60,000', 'Open'] }],
    '/grants/funds/new': [{ as: 'editor', url: '/grants/funds/new', see: ['New grant fund', 'Name', 'Code'] }],
    '/grants/funds/:id': [
      {
        as: 'viewer',
        url: `/grants/funds/${grantFund.id}`,
        see: [
          'Fly Tipping Fund',
          'New initiatives of the Fly Tipping Group',
          '9am on Monday 1 February 2027',
          '5pm on Friday 26 February 2027',
          'Created',
          'north editor',
        ],
      },
    ],
    '/grants/funds/:id/rounds/new': [
      {
        as: 'editor',
        url: `/grants/funds/${grantFund.id}/rounds/new`,
        see: ['New round of the Fly Tipping Fund'],
        fields: { opensTime: '9am', closesTime: '5pm', maxYears: '1' },
      },
    ],
    '/grants/rounds/:id': [
      {
        as: 'viewer',
        url: `/grants/rounds/${grantRound.id}`,
        see: [
          'Bids open at 9am on Monday 1 February 2027 and close at 5pm on Friday 26 February 2027.',
          'The fund pays at most 75% of the total project cost',
          'Only these organisations may bid: Environment Agency, Hertfordshire County Council.',
          'FTF-001',
          'Hotspot cameras',
          '£45,000',
          'Submitted',
          'FTF-002',
        ],
        filledRows: true,
      },
    ],
    '/grants/rounds/:id/edit': [
      {
        as: 'editor',
        url: `/grants/rounds/${grantRound.id}/edit`,
        see: ['Change Fly Tipping Fund: 2026/27'],
        fields: {
          name: '2026/27',
          closesTime: '17:00',
          'closesOn-day': '26',
          pot: '£60,000',
          maxSharePercent: '75',
          staffCostsAllowed: 'yes',
          subFundingAllowed: 'no',
          criteria: 'Evidence of need | 3',
        },
      },
    ],
    '/grants/rounds/:id/bids/new': [
      {
        as: 'editor',
        url: `/grants/rounds/${grantRound.id}/bids/new`,
        see: ['Enter a bid received for the Fly Tipping Fund', '5pm on Friday 26 February 2027'],
      },
    ],
    '/grants/bids/:id': [
      {
        as: 'viewer',
        url: `/grants/bids/${grantBid.id}`,
        see: [
          'Bid FTF-001',
          '4pm on Wednesday 10 February 2027 (entered by an officer)',
          'Environment Agency (Other public body)',
          '£45,000 (2026/27: £45,000)',
          '£60,000',
          'District councils',
          'It meets every rule of the round (version 1).',
        ],
        filledRows: true,
      },
    ],
    '/grants/assess/:id': [
      {
        as: 'admin',
        url: `/grants/assess/${grantBid.id}`,
        see: ['Declare on bid FTF-001', 'Do you have a conflict of interest with this bid?'],
        notSee: ['Hotspot cameras'],
      },
    ],
    '/grants/rounds/:id/moderation': [
      {
        as: 'viewer',
        url: `/grants/rounds/${grantRound.id}/moderation`,
        see: ['Moderation', 'FTF-001 Environment Agency', 'Not scored', '£45,000', 'None yet'],
      },
    ],
    '/o/:officeSlug/grants/rounds/:id': [
      {
        as: 'anonymous',
        url: `/o/north/grants/rounds/${grantRound.id}`,
        see: ['Fly Tipping Fund: 2026/27', 'North OPCC', 'Start a bid', 'close at 5pm on Friday 26 February 2027'],
      },
    ],
    // The register of grants made and its 360Giving export (src/grants/grants.awards.test.ts shows them with awards).
    '/o/:officeSlug/grants/awarded': [
      {
        as: 'anonymous',
        url: '/o/north/grants/awarded',
        see: ['Grants awarded', 'North OPCC', '1 grant.', 'Recipient Hertfordshire County Council Amount £9,000 (£9,000 in 2026/27)', 'Decision DN 2027/1'],
      },
    ],
    '/o/:officeSlug/grants/360giving.json': [
      {
        as: 'anonymous',
        url: '/o/north/grants/360giving.json',
        see: [],
        html: ['"title":"Grants awarded by North OPCC"', '"amountAwarded":9000', '"publisher":{"identifier":"360G-pcptracker-north","name":"North OPCC"}'],
      },
    ],
    '/o/:officeSlug/grants/360giving.xlsx': [{ as: 'anonymous', url: '/o/north/grants/360giving.xlsx', see: [], html: ['xl/worksheets/sheet1.xml'] }],
    '/grants/bids/:id/decline': [
      {
        as: 'editor',
        url: `/grants/bids/${grantBid.id}/decline`,
        see: ['Decline bid FTF-001', 'The applicant (Environment Agency) and the reasons go in its exempt part'],
      },
    ],
    '/grants/bids/:id/letter.docx': [{ as: 'viewer', url: `/grants/bids/${grantAwarded.id}/letter.docx`, see: [], html: ['word/document.xml'] }],
    '/grants/bids/:id/letter.pdf': [{ as: 'viewer', url: `/grants/bids/${grantDeclined.id}/letter.pdf`, see: [], html: ['%PDF', '/StructTreeRoot'] }],
    '/grants/awards/:id': [
      {
        as: 'viewer',
        url: `/grants/awards/${grantAward.id}`,
        see: [
          'Grant to Hertfordshire County Council',
          'Decision DN 2027/1 on 10 February 2027',
          'Amount £9,000 (£9,000 in 2026/27)',
          'Paid £0 paid; £9,000 still to pay (£4,500 scheduled)',
          '1 March 2027 £4,500 Not yet',
          'Final monitoring return 30 April 2027 Due Not received',
        ],
        filledRows: true,
      },
    ],
    '/grants/payments/:id': [
      {
        as: 'editor',
        url: `/grants/payments/${grantPayment.id}`,
        see: ['Record a payment to Hertfordshire County Council', 'Scheduled: £4,500 due on 1 March 2027'],
        fields: { amount: '4500.00' },
      },
    ],
    '/grants/returns/:id': [
      {
        as: 'editor',
        url: `/grants/returns/${grantReturn.id}`,
        see: ['Final monitoring return: Hertfordshire County Council', 'Due on 30 April 2027 from Hertfordshire County Council'],
      },
    ],
    '/grants/awards/:id/vary': [
      {
        as: 'editor',
        url: `/grants/awards/${grantAward.id}/vary`,
        see: ['Vary the grant to Hertfordshire County Council', 'Now £9,000'],
        fields: { year1: '2026/27', amount1: '9000.00', conditions: 'Spent by 31 March 2027' },
      },
    ],
    '/grants/awards/:id/evaluation': [
      {
        as: 'editor',
        url: `/grants/awards/${grantAward.id}/evaluation`,
        see: ['Evaluation of the grant to Hertfordshire County Council', 'Duty of care campaign (decision DN 2027/1)'],
      },
    ],
    '/grants/totals': [
      {
        as: 'viewer',
        url: '/grants/totals',
        see: [
          'All funds: pot £60,000, awarded £9,000, paid £0, remaining £51,000.',
          'Fly Tipping Fund £60,000 £9,000 £0 £51,000',
          '2026/27 £60,000 £9,000 £0 £51,000',
        ],
      },
    ],
    '/grants/settings': [
      { as: 'admin', url: '/grants/settings', see: ['360Giving settings', 'No 360Giving prefix is recorded'], fields: { givingPrefix: '' } },
    ],
    '/o/:officeSlug/grants/360giving.csv': [
      { as: 'anonymous', url: '/o/north/grants/360giving.csv', see: [], html: ['"Identifier","Title","Description","Currency"', '"9000.00"'] },
    ],
    '/o/:officeSlug/grants/bids/:secret': [
      {
        as: 'anonymous',
        url: `/o/north/grants/bids/${grantDraft.secret}`,
        see: ['Your bid reference is FTF-002', 'Bids close at 5pm on Friday 26 February 2027'],
        fields: { subFunding: 'no' },
      },
    ],
    '/imports': [{ as: 'editor', url: '/imports', see: ['Import your office’s tracker', 'tracker.csv', 'north editor', 'Undone'], html: ['type="file"'] }],
    '/imports/uploads/:id': [
      { as: 'editor', url: `/imports/uploads/${uploadId}`, see: ['next.csv', 'To create 1 project(s)', 'Import 1 project(s)'], filledRows: true },
    ],
    '/imports/:id': [{ as: 'editor', url: `/imports/${imp.id}`, see: ['Import of tracker.csv', 'Undone by north editor: A trial run'], filledRows: true }],
    // Workbooks (ZIP): the parts' names are stored as written; src/imports/imports.routes.test.ts reads their cells.
    '/projects.xlsx': [{ as: 'viewer', url: '/projects.xlsx', see: [], html: ['xl/worksheets/sheet1.xml'] }],
    '/projects/history.xlsx': [{ as: 'viewer', url: '/projects/history.xlsx', see: [], html: ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'] }],
    // src/imports/exports.test.ts reads these workbooks' cells.
    '/decisions.xlsx': [{ as: 'viewer', url: '/decisions.xlsx', see: [], html: ['xl/worksheets/sheet1.xml'] }],
    '/targets.xlsx': [{ as: 'viewer', url: '/targets.xlsx', see: [], html: ['xl/worksheets/sheet2.xml'] }],
    // src/imports/templates.test.ts reads the templates' cells and drop-downs.
    '/imports/templates/:type': [{ as: 'editor', url: '/imports/templates/targets.xlsx', see: [], html: ['xl/worksheets/sheet3.xml'] }],
  };
  assert.ok(merged.target.id === knife.id);

  const getPages = app.routeTable.filter((r) => r.method === 'GET' && !r.api && !r.url.includes('*'));
  const missing = getPages.filter((r) => !pages[r.url]).map((r) => r.url);
  assert.deepEqual(missing, [], `pages with no expectations: add them to test/pages.test.ts (${missing.join(', ')})`);
  const stale = Object.keys(pages).filter((u) => !getPages.some((r) => r.url === u));
  assert.deepEqual(stale, [], 'expectations for pages the app no longer has');

  for (const r of getPages) {
    for (const p of pages[r.url]) {
      await t.test(`${p.url} as ${p.as}`, { todo: p.todo }, async () => {
        const res = await browsers[p.as].get(p.url);
        assert.equal(res.statusCode, p.status ?? 200, `${p.url}: status`);
        const body = res.body;
        const text = textOf(body);
        for (const x of p.see)
          if (x)
            assert.ok(
              typeof x === 'string' ? text.includes(x) : x.test(text),
              `${p.url} should show ${x}; it shows: ${text.replace(/^[\s\S]*?Skip to main content/, '').slice(0, 1500)}`,
            );
        for (const x of p.html ?? [])
          assert.ok(
            typeof x === 'string' ? body.includes(x) : x.test(body),
            `${p.url} should contain ${x}; it has: ${body.replace(/^[\s\S]*?id="main-content"/, '').slice(0, 3000)}`,
          );
        for (const x of p.notSee ?? []) assert.ok(typeof x === 'string' ? !text.includes(x) : !x.test(text), `${p.url} should not show ${x}`);
        const form = formValues(body);
        for (const [k, v] of Object.entries(p.fields ?? {}))
          assert.ok((form.get(k) ?? []).includes(v), `${p.url}: field ${k} should hold ${JSON.stringify(v)}, it holds ${JSON.stringify(form.get(k))}`);
        if (p.filledRows) {
          const rows = summaryValues(body);
          assert.ok(rows.length > 0, `${p.url} has a summary list`);
          const empty = rows.filter((row) => !row.value).map((row) => row.key || '(no key)');
          assert.deepEqual(empty, [], `${p.url}: summary rows with no value`);
        }
      });
    }
  }
});
