// TARGETS-2013-14, "Update on targets and objectives for 2013/14" (as at 31 December 2013; the paper names no office, its content Hampshire’s), entered
// through the services as an office would enter it: the 2013-2017 plan's four priorities, its
// police targets with their baselines, milestones and the figures as at 31 December 2013, and the
// OPCC's actions with their delivery updates. The RAG column of the report is not typed in: it
// comes out of the rule (rag.ts) from these figures and the office's tolerance.
//
// Choices where the paper is silent (each stated so that a reader can check them):
// - Reductions are entered as "% reduction on 2012/13", higher is better, from 0 at the start of
//   2013/14 (1 April 2013).
// - Standing levels (84% of victims satisfied, 70% of firearms licences in 42 days) are "level"
//   targets: the trajectory is the target value all year.
// - Sickness absence is cumulative over the year: from 0 days on 1 April 2013 through the police's
//   milestone of 6.38 days at the end of December 2013 (from the paper's comment) to 8.5 by April.
// - The BME recruitment line is reported as a direction of travel; the paper's arrow is the
//   direction the Constabulary's performance profile reported, recorded with the observation.
// - Delivery updates: the text before "Update Jan 14:" is the position at the previous update,
//   dated 31 October 2013; the rest is the January 2014 update, dated 15 January 2014.
import type { Actor } from '../platform/errors.js';
import type { PlanService } from '../plan/plan.service.js';
import type { TargetsService } from './targets.service.js';

export const DEMO_PLAN_TITLE = 'Police and Crime Plan 2013-2017';
export const DEMO_REPORT_DATE = '2014-01-31';

export const DEMO_PRIORITIES = [
  { name: 'Improve frontline policing to deter criminals and keep communities safe', colour: '#1d70b8' },
  { name: 'Place victims and witnesses at the heart of policing and the wider criminal justice system', colour: '#00703c' },
  { name: 'Work together to reduce crime and anti social behaviour in your community', colour: '#4c2c92' },
  { name: 'Reducing re-offending', colour: '#d53880' },
];

const ASAT = '2013-12-31';
const CC = 'Chief Constable';
const PROFILE = 'Hampshire Constabulary performance profile';

type DemoTarget = {
  priority: number;
  statement: string;
  unit: string;
  kind: 'trajectory' | 'level' | 'direction';
  direction: 'higher' | 'lower';
  baseline?: [string, number];
  milestones?: [string, number][];
  target: [string, number];
  comment?: string;
  value: number;
  narrative: string;
  reportedTravel?: 'up' | 'down' | 'level';
};

export const DEMO_TARGETS: DemoTarget[] = [
  {
    priority: 1,
    statement: 'By Apr 2014 to reduce by 15% the total number of reports of incivility received when compared to 2012/13 figures.',
    unit: '% reduction on 2012/13',
    kind: 'trajectory',
    direction: 'higher',
    baseline: ['2013-04-01', 0],
    target: ['2014-04-01', 15],
    value: 33.5,
    narrative: 'Year to date on target (31/12/13) reports of incivility reduced by 33.5%',
  },
  {
    priority: 1,
    statement: 'By the end of 2015/16 to achieve a 12% reduction in overall crime .',
    unit: '% reduction in crime',
    kind: 'trajectory',
    direction: 'higher',
    baseline: ['2013-04-01', 0],
    target: ['2016-03-31', 12],
    value: 4.9,
    narrative: 'Year to date on target (31/12/13) crime levels reduced by 4.9%',
  },
  {
    priority: 1,
    statement: 'By Apr 2014 the average sickness absence to be less than 8.5 days per paid employee.',
    unit: 'days per paid employee',
    kind: 'trajectory',
    direction: 'lower',
    baseline: ['2013-04-01', 0],
    milestones: [['2013-12-31', 6.38]],
    target: ['2014-04-01', 8.5],
    comment:
      'This is a cumulative target. For the end of December 2013 the police’s milestone target was to achieve 6.38 days sickness absence per paid employee',
    value: 6.83,
    narrative: 'Year to date (31/12/13) sickness absence levels were 6.83 days per paid employee',
  },
  {
    priority: 1,
    statement:
      'Over three years to reduce by 50% the gap in solved crime rates between rural and non-rural beats, whilst improving existing solved crime rates in non-rural areas. As at Apr 2013 the gap was 10%; by Mar 2016 this should be reduced to 5% (subject to annual review).',
    unit: 'percentage point gap',
    kind: 'trajectory',
    direction: 'lower',
    baseline: ['2013-03-31', 10],
    milestones: [
      ['2014-03-31', 8.33],
      ['2015-03-31', 6.67],
    ],
    target: ['2016-03-31', 5],
    comment:
      'Baseline was a 10% gap at Mar 13, the target has been broken down into three yearly targets, year one target to reduce gap to 8.33%, year two to reduce gap to 6.67% and year three to reduce gap to 5%',
    value: 7.7,
    narrative: 'Year to date on target (31/12/13) gap reduced to 7.7%',
  },
  {
    priority: 1,
    statement: 'To process and renew 70% of firearms licenses within 42 calendar days from receipt of the application',
    unit: '% within 42 days',
    kind: 'level',
    direction: 'higher',
    target: ['2014-03-31', 70],
    comment: 'At the end December 2012 the applications backlog was 13,000 which has now been cleared',
    value: 60,
    narrative: 'Year to date (31/12/13) 60% of firearms applications are being processed within 42 calendar days',
  },
  {
    priority: 1,
    statement: 'By March 2016, 5.5% of new recruits (excluding volunteers) to be from a BME background',
    unit: '% of new recruits',
    kind: 'direction',
    direction: 'higher',
    target: ['2016-03-31', 5.5],
    comment: 'Reported as direction of travel within Hampshire Constabulary’s performance profile.',
    value: 1.98,
    narrative: 'Year to date (31/12/13) 1.98% of new recruits from a BME background',
    reportedTravel: 'down',
  },
  {
    priority: 2,
    statement: '84% of Victims are satisfied with the service they receive from Hampshire Constabulary',
    unit: '% satisfied',
    kind: 'level',
    direction: 'higher',
    target: ['2014-03-31', 84],
    value: 85,
    narrative: 'Year to date on target (31/12/13) overall user satisfaction at 85%',
  },
  {
    priority: 3,
    statement: '3% reduction in Anti social behaviour in 2013/14',
    unit: '% reduction in ASB',
    kind: 'trajectory',
    direction: 'higher',
    baseline: ['2013-04-01', 0],
    target: ['2014-03-31', 3],
    value: 11.5,
    narrative: 'Year to date on target (31/12/13) ASB levels reduced by 11.5%',
  },
];

export const DEMO_ACTIONS = [
  {
    priority: 1,
    number: '1.1',
    newActivity: false,
    text: 'Engage with other public sector partners and stakeholders to explore tasks being undertaken by Hampshire Constabulary that more properly lie elsewhere with the aim of freeing up police resources for their primary role.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome:
      'Police resources can be better focussed at policing "core tasks". Key areas of engagement include: 1. Mental health detainees. 2. Reducing police demand in locating missing vulnerable individuals. 3. Support to ambulance service. 4. Noise nuisance.',
    delivery:
      "To achieve overall target by Mar 2016. 1. Mental health. Engagement started with relevant health trusts. Update Jan 14: Meeting arranged with the Chair of West Hampshire CCG (Dr Susan Schofield (05/02/14) - Who leads for mental health commissioning across the 8 CCG's in Hampshire and the IOW, to discuss their perspectives on custody issues for those with mental health problems. 2. Missing Persons. Not started. No 2014 update. 3. Support to Ambulance Service. A new protocol and policy has been agreed between South Central Ambulance Service (SCAS) & Hampshire Constabulary (HC) regarding the deployment of ambulances to incidents after the scene has been secured by HC. No 2014 update. 4. Noise Nuisance. Not started. No 2014 update.",
  },
  {
    priority: 1,
    number: '1.2',
    newActivity: false,
    text: 'Engage with the Voluntary and Community Sector and other interested stakeholders to explore the enhanced contribution that those organisations can make to keeping our communities safer.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome:
      'Police resources can be better focussed at policing "core tasks". Key areas of engagement include: 1. Neighbourhood Watch (NHW). 2. Community SpeedWatch. 3. Youth Commission. This is an overarching "enabler" to many aspects of the Plan.',
    delivery:
      'To achieve overall target by Mar 2016. 1. NHW. Update Jan 14: Engagement started. meeting arranged for 15 Jan 14 with reps from H&IOW NHWA to discuss how we may assist them with making in-roads in "hard to reach" areas. This links to the Commissioning Plan. 2. Community SpeedWatch. Decision pending about match-funding schemes. No 2014 update. 3. Youth Commission. Working with SHM Foundation. Members of the Youth Commission were invited to view the recent COMPASS meeting which focused on "policing the night time economy". No 2014 update.',
  },
  {
    priority: 1,
    number: '1.3',
    newActivity: false,
    text: 'Explore with the Chief Constable how the percentage of the Constabulary that are employed in frontline roles can be increased, including retaining 200 personnel who would otherwise have left the organisation.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome: '1. This is being taken forward as part of the requirement to make further savings of £25M during 2015/16.',
    delivery: 'No 2014 update – This is linked to the Operational Change Programme and budget/precept setting.',
  },
  {
    priority: 1,
    number: '1.4',
    newActivity: false,
    text: 'Develop my policy on how crime issues that affect rural communities can best be addressed.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome:
      '1. Improve confidence in rural communities. 2. Reduce crime and Anti Social Behaviour (ASB) commission rates. 3. Increase number of offenders brought to justice.',
    delivery:
      'To achieve overall target date by Mar 2014. 1. Update Jan 14: Hampshire Constabulary Rural Policing Strategy awaiting sign off from PCC 2. Discussion required with Local Authorities about their responsibilities towards ASB, e.g. fly-tipping. Update Jan 14: Rural ASB policies and data obtained from local authorities, analysis of rural ASB levels is being undertaken based on the data provided.',
  },
  {
    priority: 1,
    number: '1.5',
    newActivity: false,
    text: 'Undertake a review of the effectiveness of Mobile Data Technology with the aim of evaluating its effectiveness in improving police visibility in communities.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome: '1. Technology programmes are well founded and realise benefits.',
    delivery:
      "1. Technology scrutiny in schedule for Q3 (Nov 2013 and will focus on Mobile Data Technology and Automatic Number Plate Recognition). Update Jan 14: OPCC scrutiny re-aligned to fit with HC's own review programme 2. Use of technology in policing scheduled to be scrutinised at COMPASS meeting Apr 2014 Update Jan 14: COMPASS being reviewed Jan-MArch 2013; future programme and priorities tbc",
  },
  {
    priority: 1,
    number: '1.6',
    newActivity: false,
    text: 'Undertake a review of the effectiveness of other technology solutions used by the Constabulary and their impact on levels of crime and confidence.',
    owners: 'Assistant Commissioner (Policing & Safer Communities)',
    outcome: '1. Technology programmes are well founded and realise benefits.',
    delivery:
      '1. Not started yet 2. Use of technology in policing scheduled to be scrutinised at COMPASS meeting Apr 2014. Update Jan 14: COMPASS and other approaches to scrutiny being reviewed Jan-March 2013; future programme and priorities tbc',
  },
  {
    priority: 2,
    number: '2.1',
    newActivity: false,
    text: 'Introduce a multi-agency Victims & Witnesses forum with the aim of establishing a joined up approach to improving the experience of all victims and witnesses across the criminal justice system. This will include the development of appropriate measures to enhance our understanding of victim and witness levels of satisfaction.',
    owners: 'Deputy Police and Crime Commissioner and Local Criminal Justice Board (inc associated agencies)',
    outcome: '1. Improve confidence of victims and witnesses.',
    delivery:
      "1. OPCC is a member of the Local Criminal Justice Board (LCJB) victim and witnesses board 2. A practitioners event to better coordinate and provide services for victims and witnesses is scheduled to take place in Nov 2013 and due to report back to the board in Jan 2014. 3. A victims awareness course has been developed and delivered in conjunction with Victim Support. This is currently being piloted and will be subject to evaluation. 4. Victim satisfaction / vulnerability is a planned OPCC thematic scrutiny to be conducted in Q4 Jan - Mar 2014/ 5. Update Jan 14: Practioners event held, 150+ issues identified, discussions ongoing as to how best to progress pan police/CJS. Possible secondment of HMCS individual being explored. 5. Victim awareness courses underway national local public launch being planned for 27th January. 6. Victims' Code has been issued joint considerations as to how best to implement underway. 7. Victim Voice forums identified as future need for PCC being developed.",
  },
  {
    priority: 2,
    number: '2.2',
    newActivity: false,
    text: 'Require the police to review and improve their victim and witness support efforts, in particular to encourage the integration and tailoring of victim and witness care needs throughout Hampshire Constabulary.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '1. Improve confidence of victims and witnesses.',
    delivery:
      "1. OPCC is a member of Hampshire Constabulary's Victims and Witnesses Board. No 2014 update. 2 The board oversees the delivery of ten separate work streams within the constabulary. No 2014 update.",
  },
  {
    priority: 2,
    number: '2.3',
    newActivity: false,
    text: 'Explore the development of Restorative Justice Conferencing to improve victim and offender outcomes.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '',
    delivery:
      '1. A Restorative justice conferencing pilot is being planned to be delivered in partnership with Eastleigh BC. Update Jan 14: ASB project in Eastleigh will go live in April 2014 coordinator post being recruited by EBC jointly funded by OPCC. 5. HCC offering multi agency project(s) in Havant and other areas, work ongoing. Update Jan 14: 2. A peer court pilot has been launched and will go live in April 2014. 3. National money being made available for RJ practices, commissioning options currently being explored.',
  },
  {
    priority: 2,
    number: '2.4',
    newActivity: false,
    text: 'Identify the key issues and bring forward proposals to improve the handling of domestic abuse cases by the police and other criminal justice agencies in conjunction with partners and stakeholders.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '1. Identify and commission services to fill any gaps in domestic abuse (DA) services.',
    delivery:
      "1. Domestic Abuse conference attended by over 60+ partners was held in Oct 2013. A pan Hampshire domestic abuse strategy is currently being developed. Update Jan 14: 2. DV Commissioning group and DV 'creative group' being established this quarter features within Commissioning Plans.",
  },
  {
    priority: 3,
    number: '3.1',
    newActivity: false,
    text: 'Engage with each CSP to identify and select an area in which an evidence-based and targeted campaign can be implemented.',
    owners: 'Deputy Police and Crime Commissioner and CSP Chairs',
    outcome: '1. Evidence and place based pilots in four areas by April 2014',
    delivery:
      '1. Identification of areas and partners is ongoing. This action will be integrated into the commissioning programme post 2014. 2. Existing evidence based partnership programmes are: Eastleigh restorative justice pilot Portsmouth peer court pilot Test Valley early intervention pilot 3. Anti Social Behaviour is scheduled to be scrutinised at COMPASS meeting in Dec 2013. Update Jan 14: 4. ASB project in Eastleigh will go live in April 2014 coordinator post being recruited by EBC jointly funded by OPCC. 5. HCC offering multi agency project(s) in Havant and other areas, work ongoing.',
  },
  {
    priority: 3,
    number: '3.2',
    newActivity: false,
    text: 'Explore with Hampshire Constabulary the most effective means of engaging with every neighbourhood with the aim of setting local community policing priorities and of providing timely and meaningful feedback.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '1. Consistent processes that are used by communities and police',
    delivery:
      '1. Ongoing internal restructuring of HC is underway, area to be developed by new lead for Prevention and Neighbourhoods. 2. Neighbourhood engagement is a planned OPCC thematic scrutiny to be conducted in Q1 Apr - Jun 2014 Update Jan 14: 3. C/Supt. Hogg leading on delivery of this, which links to Information Management Suite (IMS).',
  },
  {
    priority: 3,
    number: '3.3',
    newActivity: false,
    text: 'Support, and extend usage of, the Hampshire IMS (Information Management Suite) Programme.',
    owners: 'Assistant Commissioner (Policing & Safer Communities) and Hampshire County Council',
    outcome: 'More effective and efficient partnership working. Reduction in the risk of a Baby P or Pilkington type case arising.',
    delivery:
      'Update Jan 14: 1. The PCC has re-affirmed his support for IMS (including SafetyNet) and this will form part of his Commissioning Plan. 2. Hampshire Constabulary have initiated work to identify how SafetyNet can be improved to remove issues that are currently barriers to its consistent use. 3. Governance – OPCC to take the lead in the overarching governance for IMS; A/PCC (P&CS) to Chair the Crime, Justice and Transparency Management Group.',
  },
  {
    priority: 4,
    number: '4.1',
    newActivity: false,
    text: 'Explore with partners and stakeholders how the use of alternative disposals, including Restorative Justice, can be implemented across the Hampshire Policing Area with the aim of reducing re-offending in both young and adult offenders.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: 'Reoffending reduced and individuals behaviour changed.',
    delivery:
      '1. The programme with the police has started, other stakeholders are yet to be integrated. 2. The OPCC recently hosted (Oct 2013) a multi agency strategic reoffending forum , which was attended by 20 + stakeholders and partners. An agreement was reached to work with the Commissioner to create a joint requirement for the forthcoming change agenda relating to reoffending. These activities will directly influence both adult and youth offending work streams. Update Jan 14: 3. Shared vision of TR implications underway being collated by OPCC. MOJ keen to engage locally bidders day set for February 2014. RR Conference scheduled for 7th March 2014 which will be exploring TR and future directions. 4. IOM funding announced to interested parties.',
  },
  {
    priority: 4,
    number: '4.2',
    newActivity: false,
    text: '(Youth Offending) Do "what works" in relation to earlier targeted intervention and support the continued use and development of diversionary programmes.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome:
      'To decrease the number of first time entrants into the formal criminal justice system and effective diversion into the four YOT areas continues and is developed further.',
    delivery:
      "1. OPCC is now a strategic partner and sits on the four YOT management boards. 2. Discussions with the four respective YOTS relating to targets for 2014/15 have begun. Update Jan 14: Young people's perspective being fed back through the Youth Commission",
  },
  {
    priority: 4,
    number: '4.3',
    newActivity: false,
    text: 'Engage with the four Youth Offending Teams (YOT) that cover the Hampshire Policing Area, and other relevant partners, to develop effective interventions and programmes that reduce the number of young people entering the criminal justice system.',
    owners: 'Deputy Police and Crime Commissioner and YOTs (x4)',
    outcome: 'To decrease the number of first time entrants into formal criminal justice system.',
    delivery:
      "1. Priority youth offender schemes in the four YOTs are under way or being explored. Update Jan 14: Young people's perspective being fed back through the Youth Commission",
  },
  {
    priority: 4,
    number: '4.4',
    newActivity: false,
    text: '(Adult Offending) Engage with relevant partners to support and improve the overall effectiveness of Integrated Offender Management (IOM).',
    owners: 'Deputy Police and Crime Commissioner and Probation Trust',
    outcome: 'Integrated Offender Management (IOM) continues to be effective during transforming rehabilitation changes in Probation Trusts',
    delivery: '1. The OPCC is a member of the probation transition group. Update Jan 14: 2. Integrated Offender Management (IOM) funding secured for 2014.',
  },
  {
    priority: 4,
    number: '4.5',
    newActivity: false,
    text: 'Support the "Troubled Families" initiative.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '',
    delivery: 'Update Jan 14: 1. Several meetings and engagement with this initiative has taken place.',
  },
  {
    priority: 4,
    number: '4.6',
    newActivity: false,
    text: 'Explore how I can effectively support drug and alcohol services.',
    owners: 'Deputy Police and Crime Commissioner and HCC, SCC, PCC & IOW councils',
    outcome: '',
    delivery: '1. Slow engagement from health services. Update Jan 14: Substance misuse is a priority within the Commissioning Plan',
  },
  {
    priority: 4,
    number: '4.7',
    newActivity: false,
    text: 'Encourage a "what works" evidence-base to reduce offending.',
    owners: 'Deputy Police and Crime Commissioner',
    outcome: '',
    delivery:
      'Update Jan 14: 1. An evidence based policing conference postponed due to other commitments. 2.This work stream is to be extended and delivered across all four PCP priorities. Update Jan 14: 3. HC has established a strategic board for wider roll out and appreciation of EBP. Update Jan 14: Evidence based approaches are a priority within the Commissioning Plan',
  },
  {
    priority: 4,
    number: '4.8',
    newActivity: false,
    text: '(Organised Crime) Review the approach used by Hampshire Constabulary to reduce the threat from organised criminals.',
    owners: '',
    outcome: '',
    delivery:
      '1. Q2 (Jul - Sep 2013) OPCC departmental scrutiny delivered. 2. Q3 (Oct - Dec 2013) departmental scrutiny scheduled to be conducted Joint Operations Unit (JOU). Update Jan 14: Approaches to scrutiny being reviewed Jan-March 2013.',
  },
  {
    priority: 4,
    number: '4.9',
    newActivity: false,
    text: '(ASB Legislation) Consult with local communities, victims and partners in order to develop a range of appropriate sanctions which I will publish as a Community Remedy Menu for the Hampshire Policing Area.',
    owners: '',
    outcome: '',
    delivery:
      '1. Not started yet. 2. Anti Social Behaviour scheduled to be scrutinised at COMPASS meeting in Dec 2013. Update Jan 14: 3. DPCC attended national briefing event in December 2013. ASB is a priority within the Commissioning Plan',
  },
  {
    priority: 4,
    number: '4.10',
    newActivity: true,
    text: '(SoCIAM European funded research programme with Southampton University) Scope and offer proposals for inclusion',
    owners: 'Deputy Police and Crime Commissioner and HCC, Soton Uni and HC',
    outcome: 'Improve usage of social media with various policing issues.',
    delivery:
      '1. Update Jan 14: Several meetings held with HCC & HC, draft proposals for presentation in February 2014 to University: Victim & witness; DV; public engagement; CJS & legitimacy.',
  },
];

const JAN = 'Update Jan 14:';
/** Splits a delivery update column into the earlier position and the January 2014 update. */
export function splitDelivery(text: string): { asAt: string; text: string }[] {
  const at = text.indexOf(JAN);
  if (at < 0) return [{ asAt: '2013-10-31', text }];
  const before = text.slice(0, at).trim();
  const after = text.slice(at + JAN.length).trim();
  const out: { asAt: string; text: string }[] = [];
  // "1. Update Jan 14: ..." numbers the January update itself: keep the number with it.
  if (/^\d+\.?$/.test(before)) return [{ asAt: '2014-01-15', text: `${before} ${after}` }];
  if (before) out.push({ asAt: '2013-10-31', text: before });
  out.push({ asAt: '2014-01-15', text: after });
  return out;
}

/** Enters TARGETS-2013-14 through the services; safe to run again (what exists is left alone). */
export async function seedTargetsDemo({ services, by, officeId }: { services: { plan: PlanService; targets: TargetsService }; by: Actor; officeId: string }) {
  const actor: Actor = { ...by, officeId };
  let plan = (await services.plan.listPlans(officeId)).find((p) => p.title === DEMO_PLAN_TITLE);
  plan ??= await services.plan.createPlan({
    by: actor,
    input: { title: DEMO_PLAN_TITLE, periodStart: '2013-04-01', periodEnd: '2017-03-31', status: 'superseded' },
  });
  const existing = (await services.plan.listPriorities(officeId)).filter((p) => p.planId === plan.id);
  const priorities = [];
  for (const [i, p] of DEMO_PRIORITIES.entries()) {
    priorities.push(
      existing.find((e) => e.name === p.name) ?? (await services.plan.createPriority({ by: actor, planId: plan.id, input: { ...p, position: i + 1 } })),
    );
  }
  const haveTargets = new Set((await services.targets.listTargets(officeId)).map((t) => `${t.priorityId} ${t.statement}`));
  for (const t of DEMO_TARGETS) {
    const priorityId = priorities[t.priority - 1].id;
    if (haveTargets.has(`${priorityId} ${t.statement}`)) continue;
    const row = await services.targets.createTarget({
      by: actor,
      input: {
        priorityId,
        statement: t.statement,
        owner: CC,
        unit: t.unit,
        kind: t.kind,
        direction: t.direction,
        baselineValue: t.baseline?.[1],
        baselineDate: t.baseline?.[0],
        targetValue: t.target[1],
        deadline: t.target[0],
        milestones: (t.milestones ?? []).map(([date, value]) => ({ date, value })),
        comment: t.comment ?? '',
        reason: 'Entered from the January 2014 Panel paper',
      },
    });
    await services.targets.addObservation({
      by: actor,
      targetId: row.id,
      input: { asAt: ASAT, value: t.value, narrative: t.narrative, source: PROFILE, reportedTravel: t.reportedTravel ?? null },
    });
  }
  const haveActions = new Set((await services.targets.listActions(officeId)).map((a) => `${a.priorityId} ${a.number}`));
  for (const a of DEMO_ACTIONS) {
    const priorityId = priorities[a.priority - 1].id;
    if (haveActions.has(`${priorityId} ${a.number}`)) continue;
    const row = await services.targets.createAction({
      by: actor,
      input: { priorityId, number: a.number, newActivity: a.newActivity, text: a.text, owners: a.owners, outcome: a.outcome, status: 'in_progress' },
    });
    for (const u of splitDelivery(a.delivery)) await services.targets.addDeliveryUpdate({ by: actor, actionId: row.id, input: u });
  }
  return { planId: plan.id, priorityIds: priorities.map((p) => p.id) };
}
