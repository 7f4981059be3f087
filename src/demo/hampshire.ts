// DPU-2018-04 (Hampshire and Isle of Wight, "Delivery Progress Update, April 2018") and DPU-2020-02
// (Police and Crime Panel, 7 February 2020), entered as records.
//
// What the papers say is entered as written: titles, objectives, strands, forecast end dates, the four
// projects delivered, two initiated and six candidates of the January-March 2018 quarter, its three
// merges, the end-date extensions and the hold, with the reasons as the paper gives them.
// What the papers do not say, and a record needs, is marked DEMO below: the day within the quarter on
// which each move took effect, the stage (scoping or delivery) of a current project, which priority a
// project serves, and the forecast a project had before an extension where the paper does not give it.

export type DemoProject = {
  title: string;
  strand: string;
  objective: string;
  forecast: string;
  priorities: string[];
  statutory?: boolean;
  stage?: 'candidate' | 'scoping' | 'delivery';
  overview?: string;
  outcome?: string;
};

export const OFFICE = {
  slug: 'hampshire',
  name: 'Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight',
  area: 'Hampshire and the Isle of Wight',
  commissionerName: 'Michael Lane',
  quarterScheme: 'financial' as const,
};

export const PLAN = { title: 'Police and Crime Plan 2016-2021', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' as const };

// Colours from the GOV.UK palette, distinguishable and with 3:1 contrast against white.
export const PRIORITIES = [
  { name: 'Champion community needs', colour: '#1d70b8' },
  { name: 'Strengthen partnerships', colour: '#00703c' },
  { name: 'Reduce offending', colour: '#d4351c' },
  { name: 'Effective and efficient operational policing', colour: '#4c2c92' },
];
const [COMMUNITY, PARTNERSHIPS, OFFENDING, POLICING] = PRIORITIES.map((p) => p.name);

export const STRANDS = ['Big Conversations', 'Big Issues', 'Commissioning & Partnerships', 'Community', 'Policing'];

/** When the portfolio was first entered (DEMO: the start of the quarter before DPU-2018-04's). */
export const BASELINE_ON = '2017-10-02';
export const QUARTER = { start: '2018-01-01', end: '2018-03-31' };

const YC_OBJ = {
  cyber: 'Cyber Ambassadors pilot completed, progress towards a universal method of reporting, research issues young people are currently facing online.',
  substance: 'To implement recommendations from previous cohort and embed lethal highs work with partners.',
  hate: 'To research young people’s knowledge and views of hate crime & launch findings in Hate Crime Awareness week. To raise awareness of 3rd party reporting centres. To support the Police Apprentice Hate Crime project in Portsmouth.',
  unhealthy: 'To raise awareness with young people of the early warning signs of an unhealthy relationship and what is a healthy relationship.',
  mental:
    'Research issues young people are currently facing and solutions to tackle them. Raise awareness of support/self-help that are available for those with low level mental health issues.',
};

/** DPU-2018-04's "Summary of Current Projects", less GDPR (initiated in the quarter, below). */
export const CURRENT: DemoProject[] = [
  {
    strand: 'Big Conversations',
    title: 'Estate Change Programme Phase 1',
    objective: 'To successfully deliver the approved Estate Strategy.',
    forecast: '2020-Q2',
    priorities: [POLICING],
  },
  {
    strand: 'Big Conversations',
    title: 'Estate Change Programme Phase 2',
    objective: 'To successfully deliver the approved Estate Strategy.',
    forecast: '2020-Q3',
    priorities: [POLICING],
  },
  {
    strand: 'Big Issues',
    title: 'Review use of Safety Net',
    objective:
      'To undertake a review of the current use of SafetyNet and identify opportunities for improving the way in which information is currently shared with partners.',
    forecast: '2018-Q2',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Big Issues',
    title: 'Grant Management System',
    objective: 'To provide an options appraisal of possible grants management systems.',
    forecast: '2018-Q3',
    priorities: [PARTNERSHIPS],
  },
  { strand: 'Big Issues', title: 'Cyber Safety - Youth Commission', objective: YC_OBJ.cyber, forecast: '2018-Q1', priorities: [COMMUNITY] },
  { strand: 'Big Issues', title: 'Substance misuse - Youth Commission', objective: YC_OBJ.substance, forecast: '2018-Q1', priorities: [COMMUNITY] },
  { strand: 'Big Issues', title: 'Hate crime - Youth Commission', objective: YC_OBJ.hate, forecast: '2018-Q1', priorities: [COMMUNITY] },
  { strand: 'Big Issues', title: 'Unhealthy relationships - Youth Commission', objective: YC_OBJ.unhealthy, forecast: '2018-Q1', priorities: [COMMUNITY] },
  { strand: 'Big Issues', title: 'Mental Health - Youth Commission', objective: YC_OBJ.mental, forecast: '2018-Q1', priorities: [COMMUNITY] },
  { strand: 'Big Issues', title: 'Elder Strategy', objective: 'Development of an Older Persons Strategy.', forecast: '2017-Q4', priorities: [COMMUNITY] },
  {
    strand: 'Big Issues',
    title: 'Police Complaints Reform',
    statutory: true,
    objective: 'Implementation of Policing and Crime Act 2017 provisions as relating to the role of the PCC in the police complaints system.',
    forecast: '2018-Q4',
    priorities: [POLICING],
  },
  {
    strand: 'Big Issues',
    title: 'Domestic Abuse Perpetrators Hampshire and Southampton',
    objective: 'Identify high risk DA perpetrators, manage them, and give them opportunities to change their unhealthy behaviour.',
    forecast: '2019-Q1',
    priorities: [OFFENDING],
  },
  {
    strand: 'Big Issues',
    title: 'Integrated Domestic Abuse Service - Hampshire',
    objective: 'To support victims of DA across the HCC area.',
    forecast: '2019-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Big Issues',
    title: 'Integrated Domestic Abuse Service - Portsmouth',
    objective: 'Support services for victims of DA.',
    forecast: '2018-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Big Issues',
    title: 'Integrated Domestic Abuse Service - Isle of Wight',
    objective: 'Support service for victims of domestic abuse.',
    forecast: '2018-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Blue Light Collaboration',
    objective: 'Blue Light partnership and collaboration strategic and tactical level across multiple partners (HFRS, SCAS, SeCamb, IOW Ambulance and MCA).',
    forecast: '2019-Q1',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Understand FGM and Harmful Practices landscape across Hampshire policing area',
    objective:
      'Understand what partners across Hampshire, Isle of Wight, Portsmouth and Southampton have in place to respond to FGM & other harmful cultural practices.',
    forecast: '2017-Q4',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Review the draft FGM strategy (Portsmouth)',
    objective: 'Resolve current issues with the draft FGM strategy for Portsmouth.',
    forecast: '2017-Q4',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Services in Police Custody',
    objective: 'One service to support all vulnerable prisoners in custody.',
    forecast: '2019-Q1',
    priorities: [OFFENDING],
    overview:
      'A number of services operate in police custody to support those who have been arrested. Three of these services are Arrest Referral, Custody Healthcare and Liaison and Diversion. There is some duplication between these services indicating that support could be offered more effectively and efficiently.',
    outcome:
      'To work with partners to commission services in police custody that offer an improved and more joined up service. This will provide better support for vulnerable prisoners and offer more value for money.',
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Youth Prevention & Diversion Services',
    objective: 'Future commissioning of the YOTs and other diversionary support services to prevent offending and re offending of young people.',
    forecast: '2019-Q2',
    priorities: [OFFENDING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Establishment of Restorative Justice in Specialist Cases',
    objective:
      'Development of established group of sexual crime specialists/support services, Hampshire Constabulary and Restorative Justice practitioners to manage the safe application of Restorative Justice.',
    forecast: '2018-Q3',
    priorities: [OFFENDING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Restorative Practices - Delivery/Action Plan underpinning strategy',
    objective: 'Production of a detailed delivery/action plan to underpin the strategy.',
    forecast: '2018-Q1',
    priorities: [OFFENDING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Newly Commissioned Restorative Justice Service',
    objective:
      'Service specification that is in line with the Commissioner’s Restorative Justice and Restorative Approaches Strategy and Police and Crime Plan priorities.',
    forecast: '2018-Q1',
    priorities: [OFFENDING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Review of Barnahus Model',
    stage: 'scoping',
    objective: 'To gather CJS partner views on this model in order to establish if there is an appetite to introduce child houses within H&IOW.',
    forecast: '2018-Q1',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Victim Voice Children & Young People (CYP)',
    objective:
      'To consider consulting with CYP victims to identify gaps and overlaps in service provision and inform OPCC and HC priorities and commissioning decisions.',
    forecast: '2018-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Victim Voice Sexual Offences',
    objective:
      'To consider consulting with victims of sexual offences to identify gaps and overlaps in service provision and inform OPCC and HC priorities and commissioning decisions.',
    forecast: '2018-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Victim Care Service Contract Renewal',
    objective:
      'New three year contract (with possible extension) to be awarded to provide support to all victims of crime and anti social behaviour within Hampshire and the Isle of Wight.',
    forecast: '2018-Q1',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Crown Court Training Event',
    objective: 'Familiarisation training sessions to be run at Winchester Crown Court.',
    forecast: '2017-Q4',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Court Films',
    objective:
      'Films of all crown and magistrates courts within H&IOW which can be used by all CJS partners and commissioned services to familiarise victims and witnesses with court houses and the facilities when due to attend.',
    forecast: '2018-Q2',
    priorities: [PARTNERSHIPS],
  },
  {
    strand: 'Community',
    title: 'Communities Strategy',
    objective: 'The creation of a Communities Strategy to highlight the Commissioner’s commitment to enabling stronger and more self reliant communities.',
    forecast: '2018-Q2',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Community',
    title: 'Campaign work and business awareness',
    objective:
      'To explore how we can keep communities and those seen as more vulnerable to fraud SAFER - fraud comes in a number of guises and so needs to be tackled in a number of ways to meet the needs of those being defrauded and targeted.',
    forecast: '2018-Q2',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Policing',
    title: 'Fraud Courier',
    objective: 'To scope the work being undertaken to protect those vulnerable from courier fraud.',
    forecast: '2018-Q2',
    priorities: [POLICING],
  },
  { strand: 'Policing', title: 'Business Crime Survey', objective: 'To re run business crime survey of 2014.', forecast: '2018-Q1', priorities: [POLICING] },
  {
    strand: 'Policing',
    title: 'Cyber - Behaviours',
    objective:
      'To explore how we can keep communities and those seen as more vulnerable to cyber crimes SAFER - cyber crime comes in a number of formats and so needs to be tackled in a number of ways to meet the needs of those being targeted.',
    forecast: 'TBD',
    priorities: [POLICING],
  },
  {
    strand: 'Policing',
    title: 'Evaluation of Cyber Ambassadors',
    objective:
      'The youth commission are investing in a cyber safety initiative - to implement a robust and effective peer service to support and educate pupils on cyber safety.',
    forecast: '2018-Q2',
    priorities: [COMMUNITY],
  },
  { strand: 'Policing', title: 'Hate Crime', objective: 'Creation of a Hate Crime Strategy.', forecast: '2017-Q4', priorities: [COMMUNITY] },
  {
    strand: 'Policing',
    title: 'Heartstone schools project (Heartstone Odyssey)',
    objective:
      'The project is aimed at 9 - 12 years olds as they transition from junior to secondary school - the core message of the project story is "live and let live" and provides multiple fictional scenarios which allow children to explore how they would deal with racism / incidents of intolerance that they encounter from any perspective and background and confronting other uncomfortable ideas in a safe and sensitive way.',
    forecast: '2018-Q3',
    priorities: [COMMUNITY],
  },
  // DEMO: the forecast before the extension is not in the paper; Q2 2019 stands for it.
  {
    strand: 'Policing',
    title: 'Police Investigation Centre Evaluation',
    objective: 'Evaluation plan for all three PICs.',
    forecast: '2019-Q2',
    priorities: [POLICING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Court Observation Panel',
    stage: 'scoping',
    objective: 'Review of model and recommendations for Hampshire.',
    forecast: 'TBD',
    priorities: [PARTNERSHIPS],
  },
];

/** Projects that were merged away in the quarter (named in the Delivery Plan Review), and where into. */
export const MERGES = [
  {
    into: 'Understand FGM and Harmful Practices landscape across Hampshire policing area',
    sources: ['FGM landscape', 'Other harmful cultural practices'],
    strand: 'Commissioning & Partnerships',
    priorities: [PARTNERSHIPS],
    on: '2018-02-05',
    reason: 'Two projects merged for efficiency - one project will now cover both areas of concern.',
  },
  {
    into: 'Services in Police Custody',
    sources: [
      'Integrated Offender Management commissioned service HCC areas',
      'Housing & Support for Offenders',
      'Pan Hampshire Arrest Referral, Liaison and Diversion Service',
    ],
    strand: 'Commissioning & Partnerships',
    priorities: [OFFENDING],
    on: '2018-02-12',
    reason: 'Three projects merged into one umbrella project for efficiency.',
  },
  {
    into: 'Youth Prevention & Diversion Services',
    sources: ['Youth Commissioning', 'Review of Youth Diversionary Services'],
    strand: 'Commissioning & Partnerships',
    priorities: [OFFENDING],
    on: '2018-02-19',
    reason: 'Two projects merged for efficiency.',
  },
];

/** Delivered in the quarter ("4 projects delivered"). DEMO: strands, priorities and days. */
export const DELIVERED = [
  { title: '18/19 Budget Consultation', strand: 'Big Conversations', priorities: [COMMUNITY], on: '2018-02-02' },
  { title: 'Police & Fire Governance Review', strand: 'Big Issues', priorities: [PARTNERSHIPS], on: '2018-03-01' },
  { title: 'Review of Modern Slavery Partnerships', strand: 'Commissioning & Partnerships', priorities: [PARTNERSHIPS], on: '2018-03-12' },
  { title: 'Review of Sexual Crime Strategy', strand: 'Commissioning & Partnerships', priorities: [COMMUNITY], on: '2018-03-20' },
];

/** Initiated in the quarter ("2 projects initiated"): candidates entered at baseline, moved to scoping. */
export const INITIATED: (DemoProject & { on: string })[] = [
  {
    title: 'General Data Protection Regulations (GDPR)',
    statutory: true,
    strand: 'Big Conversations',
    objective: 'To ensure that the Office of the Police and Crime Commissioner is ready for the implementation of the GDPR legislation in May ’18.',
    forecast: '2018-Q3',
    priorities: [POLICING],
    on: '2018-01-15',
    overview:
      'To update all policies, procedures and contracts to ensure OPCC compliance with GDPR. This work will also ensure that all IT systems owned by the PCC are compliant, such as Safety Net and RJ system. OPCC has a large information footprint and as a result a large amount of work is required.',
    outcome:
      'The GDPR project will ensure that the Office of the Police and Crime Commissioner and any assets owned by the PCC are compliant with the new Data Protection legislation coming into Force. This includes a wide range of areas such as; contact management processes, Safety Net system and CCTV systems in the estate.',
  },
  {
    title: 'Grants Investment Programme',
    strand: 'Commissioning & Partnerships',
    objective: 'Next annual round of the Grants Investment Programme begins.',
    forecast: 'TBD',
    priorities: [PARTNERSHIPS],
    on: '2018-03-05',
  },
];

/** Identified in the quarter ("6 candidate projects identified"). DEMO: strands, priorities and days. */
export const CANDIDATES: (DemoProject & { on: string })[] = [
  { title: 'Revolving Door', strand: 'Commissioning & Partnerships', objective: '', forecast: 'TBD', priorities: [OFFENDING], on: '2018-01-22' },
  {
    title: 'Community Safety Alliance Review',
    strand: 'Commissioning & Partnerships',
    objective: '',
    forecast: 'TBD',
    priorities: [PARTNERSHIPS],
    on: '2018-01-29',
  },
  {
    title: 'Appropriate Adults Review',
    strand: 'Commissioning & Partnerships',
    objective: 'To work with partners to agree a sustainable Appropriate Adult Service.',
    forecast: 'TBD',
    priorities: [PARTNERSHIPS],
    on: '2018-02-06',
    overview:
      'Some adults need to be supported in police custody by an ‘Appropriate Adult’. There is no duty on any organisation to fund this statutory service. Local Authorities traditionally funded the Appropriate Adult service but some are withdrawing or not contributing enough to meet demand, funding arrangements are unstable. This presents a risk around meeting demand for the service, and the legal obligation for those particular adults to be supported by an Appropriate Adult.',
    outcome: 'To work with partners to agree a sustainable Appropriate Adult Service.',
  },
  { title: 'Sign-posting', strand: 'Community', objective: '', forecast: 'TBD', priorities: [COMMUNITY], on: '2018-02-20' },
  {
    title: 'Implementation of Modern Slavery Partnerships',
    strand: 'Commissioning & Partnerships',
    objective: '',
    forecast: 'TBD',
    priorities: [PARTNERSHIPS],
    on: '2018-03-13',
  },
  {
    title: 'Review of Out of Court Disposals and Community Remedy',
    strand: 'Policing',
    objective: '',
    forecast: 'TBD',
    priorities: [OFFENDING],
    on: '2018-03-26',
  },
];

export const EXTENSIONS = [
  { titles: ['Police Investigation Centre Evaluation'], to: '2022-Q1', on: '2018-02-26', reason: 'To align with expected completion date of last PIC.' },
  {
    titles: [
      'Cyber Safety - Youth Commission',
      'Substance misuse - Youth Commission',
      'Hate crime - Youth Commission',
      'Unhealthy relationships - Youth Commission',
      'Mental Health - Youth Commission',
    ],
    to: '2018-09',
    on: '2018-03-07',
    reason:
      'Due to identification of further needs following consultation with partners. This resulted in changes in the recruitment cycle and we saw an increase in applications and intake to the YC. Dates were extended to allow the existing priorities to have a full cycle with the newest cohort (who started in December 2017), to ensure there is enough time to fully address those priorities.',
  },
];

export const HOLDS = [
  {
    title: 'Court Observation Panel',
    on: '2018-03-14',
    reason:
      'This is an action from the Local Criminal Justice Board Victims & Witnesses Group to look at setting up a panel which observes the trial of rape and sexual abuse offences to review how the courts are working and make recommendations (following Northumbria example). LCJB decided to place this action on hold, OPCC are continuing to engage to ensure this action is brought back to the agenda.',
  },
];

/** DPU-2020-02 (Panel, 7 February 2020): current projects new since 2018. DEMO: entered on 1 October 2019. */
export const SEED_001_ON = '2019-10-01';
export const SEED_001: DemoProject[] = [
  {
    strand: 'Big Conversations',
    title: 'Budget consultation 2020-21',
    objective:
      'The PCC will seek the views of the public regarding the council tax precept element for policing, with community consultation events and an online survey, the results will assist the PCC in setting the budget for Hampshire Constabulary and OPCC.',
    forecast: 'TBD',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Big Issues',
    title: 'Correspondence and Casework Management System',
    objective: 'To implement a stakeholder and contact management application specifically for the OPCC.',
    forecast: '2020-03',
    priorities: [POLICING],
  },
  {
    strand: 'Big Issues',
    title: 'First 100 Days Plan',
    objective: 'To produce plan covering the first 100 days in office for the new PCC.',
    forecast: '2020-04',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Big Issues',
    title: 'PCC election 2020',
    objective: 'To deliver a successful PCC election in 2020.',
    forecast: '2020-05',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Big Issues',
    title: 'Website accessibility (statutory requirement)',
    statutory: true,
    objective: 'To achieve compliance with Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 by 23-Sep-20.',
    forecast: '2020-09',
    priorities: [COMMUNITY],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Establishment and review of Violence Reduction Unit (VRU)',
    objective:
      'To establish and review a Violence Reduction Unit (VRU) to tackle and prevent serious violence (comprising 4 VRUs across Hampshire, Isle of Wight, Portsmouth, Southampton)',
    forecast: '2020-03',
    priorities: [PARTNERSHIPS, OFFENDING],
  },
  {
    strand: 'Commissioning & Partnerships',
    title: 'Tri-commissioning approach to Hate Crime conditional cautioning',
    objective:
      'To obtain exemption from the DPP to enable HC in partnership with West Mids and Avon & Somerset to use conditional cautioning for hate crime and divert people from court where appropriate, meeting the needs of the victim.',
    forecast: '2021-07',
    priorities: [OFFENDING],
  },
];

/** PANEL-MINUTE: the Barnahus review was completed at the end of scoping (DEMO: day in June 2018). */
export const BARNAHUS = {
  title: 'Review of Barnahus Model',
  on: '2018-06-29',
  reason: 'Completed at the end of scoping; the Commissioner asked the Chief Constable to continue to look at its feasibility with criminal justice partners.',
};

/**
 * DPU-2018-04's "Summary of Decision Notices approved in last quarter" lists six notices, the first
 * approved in December 2017 (too late, it seems, for the previous paper). The editor widens the
 * paper's list to start on the day that notice is recorded as approved (DEMO: the 1st of the month).
 */
export const SEED_000_REPORT = { periodId: '2017-18-Q4', decisionsFrom: '2017-12-01' };

/** Issue 18: the office's local areas, as DPU-2020-02 names them ("4 VRUs across Hampshire, Isle of Wight, Portsmouth, Southampton"). */
export const AREAS = ['Hampshire', 'Isle of Wight', 'Portsmouth', 'Southampton'];

/**
 * The areas a project serves where the papers say so, by its title (DPU-2018-04's current projects
 * table); every other project serves the whole force area (no area named), as the papers give no more.
 * "HCC area" is Hampshire County Council's: Hampshire.
 */
export const PROJECT_AREAS: Record<string, string[]> = {
  'Domestic Abuse Perpetrators Hampshire and Southampton': ['Hampshire', 'Southampton'],
  'Integrated Domestic Abuse Service - Hampshire': ['Hampshire'],
  'Integrated Domestic Abuse Service - Portsmouth': ['Portsmouth'],
  'Integrated Domestic Abuse Service - Isle of Wight': ['Isle of Wight'],
  'Review the draft FGM strategy (Portsmouth)': ['Portsmouth'],
  'Integrated Offender Management commissioned service HCC areas': ['Hampshire'],
};
