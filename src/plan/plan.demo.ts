// HERTS-2016-11 (docs/sources.md): the Hertfordshire Commissioner's plan in development, entered
// through the services as the outline of 10 November 2016 gives it. The plan in force is Everybody's
// Business (2015-2020); its refresh, begun as the Police and Crime Plan 2015-2020, is renamed the
// Community Safety and Criminal Justice Plan 2017-2022 (section 3.1) and goes to consultation on
// 28 November with its five chapters and the Holding to Account section, each with its commitments
// (the outline's top-level bullets), the statutory contents each covers, and the section 5 timetable.
import type { Actor } from '../platform/errors.js';
import type { PlanService } from './plan.service.js';

const CHAPTERS: { name: string; colour: string; summary: string; commitments: string[] }[] = [
  {
    name: 'Building on Success',
    colour: '#1d70b8',
    summary:
      'Building upon the strong foundations of the local policing model and the high level of public confidence and satisfaction in policing; maintaining the Constabulary’s good performance; working with partners to prevent offending.',
    commitments: [
      'Preserve Hertfordshire’s Local Policing model of local teams in each district, each area having a police station/joint hub, ensuring officer and PCSO numbers are at the right level needed to support Safer Neighbourhood Teams.',
      'Increased focus on crime prevention work through coordinating county work on tackling frauds and scams and encouraging positive action from companies.',
      'Strategic Policing Requirement: Response to Modern Slavery, Serious and Organised Crime, Hate Crime, FGM and Child Abuse.',
      'Working in partnership to reduce reoffending.',
      'Supporting the Mental Health Concordat and developing Street Triage.',
      'Driving forward changes to the Community Safety Grants to enable a more strategic way of tackling key issues that require a greater level of funding.',
    ],
  },
  {
    name: 'Putting Victims at the Centre',
    colour: '#d4351c',
    summary:
      'Putting victims at the heart of the criminal justice system, making the journey from arrest to disposal in the courts more efficient and effective, and commissioning services tailored to the needs of different victims.',
    commitments: [
      'Expand the remit of Beacon, Hertfordshire’s Victims’ Care Hub, so that it provides a formal, professional and accredited approach to supporting victims.',
      'Reforming the Criminal Justice system to improve efficiency and effectiveness.',
      'Hate Crime: development of a new strategy, identification of gaps in current service provision and recommendations on the services needed.',
      'Restorative Justice: ensure partners and community fully understand what Restorative Justice is so that it is embedded into everyday practice.',
      'Community Resolution: giving victims greater choice through increased Community Remedy options.',
      'Support for absent children and young people.',
      'Domestic Abuse: investment into the Domestic Abuse Investigation and Safeguarding Unit (DAISU).',
    ],
  },
  {
    name: 'Public Focus',
    colour: '#00703c',
    summary:
      'Improving customer services for the public across the criminal justice system, including the community in the delivery of policing, and driving forward improvements in transparency.',
    commitments: [
      'Develop a culture of greater transparency and openness in policing, with a strategic vision statement for communication and engagement with the public.',
      'Continuing to embed the Code of Ethics within the Constabulary and to learn from misconduct cases.',
      'Listening to the Public: ensuring that issues the public consistently raise are listened to and, where appropriate, actioned.',
      'The Commissioner’s role in handling dissatisfaction about the police and setting up a new Customer Services Unit.',
      'Improving Public Contact.',
      'Active Citizens: involving the public in policing and community safety.',
    ],
  },
  {
    name: 'Offender Pays',
    colour: '#f47738',
    summary: 'Those who are responsible for crime should bear its costs, not the law-abiding citizen.',
    commitments: ['Using revenue paid for by offenders.', 'Giving the public and victims a say on Payback and Rehabilitation.'],
  },
  {
    name: 'Business Sense',
    colour: '#4c2c92',
    summary: 'Making the business of policing as efficient as it can be, to improve the service to the public and deliver savings.',
    commitments: [
      'Collaboration with other forces, and beyond police-only solutions.',
      'Blue Light Collaboration between Hertfordshire Police and Hertfordshire Fire and Rescue Services.',
      'Making smarter use of property.',
      'Transformation through Devolution.',
      'Working with Responsible Businesses: the Independent Business Advisory Group.',
    ],
  },
  {
    name: 'Holding to Account',
    colour: '#505a5f',
    summary: 'How the Commissioner manages and scrutinises the Constabulary’s performance and its financial position for 2016/17 and beyond.',
    commitments: ['Managing Performance.', 'Financial Position.'],
  },
];

/**
 * Which chapter covers each statutory content, as the outline places them. How the Chief Constable
 * will report is left unassigned: the outline does not say, so the plan page warns of it.
 */
const COVERS: Record<string, string> = {
  objectives: 'Building on Success',
  policing: 'Building on Success',
  grants: 'Building on Success',
  resources: 'Holding to Account',
  performance: 'Holding to Account',
};

/** HERTS-2016-11 section 5, the timetable for consultation and publication 2016/17. */
const TIMETABLE = [
  { kind: 'panel', title: 'Draft outline shared with the Police and Crime Panel', startsOn: '2016-11-10', statutory: false, done: true },
  { kind: 'consultation', title: 'Discussion of the first draft with key public leaders', startsOn: '2016-11-21', statutory: false, done: true },
  { kind: 'panel', title: 'Draft circulated to the Police and Crime Panel', startsOn: '2016-11-28', statutory: true, done: true },
  {
    kind: 'consultation',
    title: 'Public, victims and partner consultation on the draft Community Safety and Criminal Justice Plan',
    startsOn: '2016-11-28',
    endsOn: '2017-01-16',
    statutory: true,
    done: false,
  },
  { kind: 'other', title: 'Collation of comments and drafting amends', startsOn: '2017-01-10', endsOn: '2017-01-22', statutory: false, done: false },
  { kind: 'sign_off', title: 'Sign-off of the Community Safety and Criminal Justice Plan', startsOn: '2017-01-23', statutory: false, done: false },
  { kind: 'panel', title: 'Present the final version to the Police and Crime Panel', startsOn: '2017-02-02', statutory: false, done: false },
  { kind: 'other', title: 'Collation of comments and final amends', startsOn: '2017-02-02', endsOn: '2017-02-06', statutory: false, done: false },
  {
    kind: 'publication',
    title: 'Publication of the Community Safety and Criminal Justice Plan',
    startsOn: '2017-02-06',
    endsOn: '2017-02-10',
    statutory: true,
    done: false,
  },
] as const;

/** Enters Hertfordshire's plans for the demo office (once: an office that has plans is left alone). */
export async function seedPlanDemo({ services, by }: { services: { plan: PlanService }; by: Actor }) {
  const { plan } = services;
  if ((await plan.listPlans(by.officeId)).length) return undefined;
  await plan.createPlan({
    by,
    input: {
      title: 'Everybody’s Business: Police and Crime Plan 2015-2020',
      periodStart: '2015-04-01',
      periodEnd: '2020-03-31',
      status: 'published',
      sectionNoun: 'chapter',
      reason: 'Published in June 2015 (HERTS-2016-11, 3.1)',
    },
  });
  return seedPlanInDevelopment({ services, by });
}

/**
 * The plan in development alone (its chapters, commitments, statutory contents and timetable, in
 * consultation), beside whatever plans the office has: the page bench (bench/pages.ts) times its pages.
 */
export async function seedPlanInDevelopment({ services, by }: { services: { plan: PlanService }; by: Actor }) {
  const { plan } = services;
  const draft = await plan.createPlan({
    by,
    input: { title: 'Police and Crime Plan 2015-2020', periodStart: '2017-04-01', periodEnd: '2022-03-31', status: 'draft', sectionNoun: 'chapter' },
  });
  await plan.updatePlan({
    by,
    id: draft.id,
    version: draft.version,
    input: {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      periodStart: '2017-04-01',
      periodEnd: '2022-03-31',
      status: 'draft',
      sectionNoun: 'chapter',
      reason: 'The Commissioner renames the plan to reflect the new emphasis on community safety and criminal justice (HERTS-2016-11, 3.1)',
    },
  });
  const sectionId: Record<string, string> = {};
  for (const ch of CHAPTERS) {
    const s = await plan.createSection({ by, planId: draft.id, input: { name: ch.name, colour: ch.colour, summary: ch.summary } });
    sectionId[ch.name] = s.id;
    for (const text of ch.commitments) await plan.createCommitment({ by, planId: draft.id, input: { sectionId: s.id, text } });
  }
  await plan.setStatutoryAll({ by, planId: draft.id, input: Object.fromEntries(Object.entries(COVERS).map(([item, name]) => [item, sectionId[name]])) });
  for (const m of TIMETABLE) {
    const row = await plan.addMilestone({
      by,
      planId: draft.id,
      input: { kind: m.kind, title: m.title, startsOn: m.startsOn, endsOn: 'endsOn' in m ? m.endsOn : '', statutory: m.statutory },
    });
    if (m.done) await plan.milestoneDone({ by, id: row.id, input: { doneOn: m.startsOn } });
  }
  await plan.transition({
    by,
    id: draft.id,
    input: {
      status: 'consultation',
      on: '2016-11-28',
      reason: 'Draft circulated to the Police and Crime Panel; public, victims and partner consultation opens',
    },
  });
  return draft;
}
