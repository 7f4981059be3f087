// HERTS-2016-11's grant funds, entered for the Hertfordshire demo office through the grants service:
// the Fly Tipping Fund, the Community Safety Grant 2017/18 and the Road Safety Fund's second round,
// each with its rules as the paper gives them, and bids received by email that each break a different
// rule (recorded as ineligible, with the rule named), beside clean ones.
import type { Actor } from '../platform/errors.js';
import type { GrantsService } from './grants.service.js';

/** The Fly Tipping Group's members who may bid (HERTS-2016-11, 2.3); "all ten District / Borough Councils" by name. */
export const FLY_TIPPING_GROUP = [
  'Environment Agency',
  'Broxbourne Borough Council',
  'Dacorum Borough Council',
  'East Hertfordshire District Council',
  'Hertsmere Borough Council',
  'North Hertfordshire District Council',
  'St Albans City and District Council',
  'Stevenage Borough Council',
  'Three Rivers District Council',
  'Watford Borough Council',
  'Welwyn Hatfield Borough Council',
  'Hertfordshire County Council',
  'Hertfordshire Constabulary',
  'Hertfordshire Fire & Rescue Service',
  'Community Safety Partnerships',
  'M25 Connect',
  'National Farmers Union',
];

const rulesBase = {
  minBid: null,
  maxBid: null,
  maxSharePercent: null,
  eligibleOrganisations: [],
  eligibleTypes: [],
  priorities: [],
  criteria: [],
  endorsementBy: '',
};

export async function seedGrantsDemo({ services, by, assessor }: { services: { grants: GrantsService }; by: Actor; assessor?: Actor }) {
  const g = services.grants;
  const enter = (roundId: string, input: Record<string, unknown>) => g.enterBid({ by, roundId, input: { recordIneligible: true, ...input } });

  // ---- The Fly Tipping Fund (2.3) -------------------------------------------------------------
  const fly = await g.createFund({
    by,
    input: {
      code: 'FTF',
      name: 'Fly Tipping Fund',
      description:
        'Made available to the Herts Waste Partnership to support new initiatives organised through the Fly Tipping Group. Bids are evaluated by a sub-group of the Group’s members; final decisions by mid-December 2016.',
      reason: 'HERTS-2016-11, 2.3',
    },
  });
  // The paper gives the deadline, not the opening: the round opens on the day of the paper's Panel meeting.
  const flyRound = await g.createRound({
    by,
    fundId: fly.id,
    input: {
      ...rulesBase,
      name: '2016/17',
      opensOn: '2016-11-01',
      opensTime: '9am',
      closesOn: '2016-11-18',
      closesTime: '5pm',
      pot: '£60,000',
      spendBy: '2017-03-31',
      maxSharePercent: 75,
      maxYears: 1,
      staffCostsAllowed: true,
      subFundingAllowed: true,
      eligibleOrganisations: FLY_TIPPING_GROUP,
      criteria: [
        { name: 'Evidence of the fly tipping problem', weight: 3 },
        { name: 'Value for money', weight: 2 },
        { name: 'Partnership working', weight: 1 },
      ],
      evaluationRequired: false,
      reason: 'HERTS-2016-11, 2.3',
    },
  });
  const fly1 = {
    organisationType: 'local_authority',
    title: '',
    purpose: '',
    amounts: [] as { year: string; amount: string }[],
    receivedOn: '2016-11-17',
    receivedTime: '2pm',
  };
  const flyClean = await enter(flyRound.id, {
    ...fly1,
    organisationName: 'East Hertfordshire District Council',
    title: 'Covert cameras at rural hotspots',
    purpose: 'Six covert cameras moved between the district’s worst lay-bys, with evidence packs for prosecution.',
    amounts: [{ year: '2016/17', amount: '£18,000' }],
    totalCost: '£24,000',
    otherFunding: 'The council pays £6,000 from its enforcement budget.',
  });
  await enter(flyRound.id, {
    ...fly1,
    organisationName: 'Hertfordshire County Council',
    title: 'County-wide awareness campaign',
    purpose: 'Radio, social media and leaflets on householders’ duty of care for their waste.',
    amounts: [{ year: '2016/17', amount: '£48,000' }],
    totalCost: '£60,000',
    otherFunding: 'The county council pays £12,000.',
  });
  await enter(flyRound.id, {
    ...fly1,
    organisationName: 'Keep Britain Tidy',
    organisationType: 'charity',
    title: 'Volunteer clear-ups',
    purpose: 'Volunteer clear-up days at ten sites.',
    amounts: [{ year: '2016/17', amount: '£9,000' }],
    totalCost: '£12,000',
    otherFunding: 'Corporate sponsors.',
  });
  await enter(flyRound.id, {
    ...fly1,
    organisationName: 'Dacorum Borough Council',
    title: 'Trade waste checks',
    purpose: 'Roadside checks of waste carriers’ licences with the police.',
    amounts: [{ year: '2016/17', amount: '£7,500' }],
    totalCost: '£10,000',
    otherFunding: 'Officer time from the council.',
    receivedOn: '2016-11-18',
    receivedTime: '5:20pm',
  });

  // ---- The Community Safety Grant 2017/18 (2.4) ------------------------------------------------
  const csg = await g.createFund({
    by,
    input: {
      code: 'CSG',
      name: 'Community Safety Grant',
      description:
        'Grants only through the bidding process; bids evidence based and linked to the police and crime plan; research and evidence building projects considered.',
      reason: 'HERTS-2016-11, 2.4',
    },
  });
  // "By 30 November 2016": the end of that day.
  const csgRound = await g.createRound({
    by,
    fundId: csg.id,
    input: {
      ...rulesBase,
      name: '2017/18',
      opensOn: '2016-10-03',
      opensTime: '9am',
      closesOn: '2016-11-30',
      closesTime: '23:59',
      pot: '£450,000',
      spendBy: '2020-03-31',
      minBid: '£5,000',
      maxYears: 3,
      staffCostsAllowed: true,
      subFundingAllowed: false,
      eligibleTypes: ['csp', 'local_authority', 'charity', 'community_group'],
      criteria: [
        { name: 'Evidence base', weight: 3 },
        { name: 'Link to the police and crime plan', weight: 3 },
        { name: 'Scale of the difference it makes', weight: 2 },
      ],
      endorsementBy: 'Responsible Authorities Group',
      evaluationRequired: true,
      reason: 'HERTS-2016-11, 2.4; the pot is the demo’s (the paper gives none)',
    },
  });
  const csgBid = {
    organisationType: 'csp',
    endorsedBy: 'Responsible Authorities Group, 24 November 2016',
    evaluationPlan: 'An evaluation by the University of Hertfordshire at the end of year three.',
    receivedOn: '2016-11-29',
    receivedTime: '11am',
  };
  const csgClean = await enter(csgRound.id, {
    ...csgBid,
    organisationName: 'Stevenage Community Safety Partnership',
    title: 'Youth diversion worker',
    purpose: 'A youth worker for three years diverting young people from the night-time economy.',
    amounts: [
      { year: '2017/18', amount: '£32,000' },
      { year: '2018/19', amount: '£33,000' },
      { year: '2019/20', amount: '£34,000' },
    ],
    staffCosts: '£99,000',
  });
  await enter(csgRound.id, {
    ...csgBid,
    organisationName: 'Hertsmere Community Safety Partnership',
    title: 'Shed alarms',
    purpose: 'Shed alarms for allotments after a spate of thefts.',
    amounts: [{ year: '2017/18', amount: '£4,500' }],
  });
  await enter(csgRound.id, {
    ...csgBid,
    organisationName: 'Watford Community Safety Partnership',
    title: 'Small grants scheme',
    purpose: 'A pot the partnership would share out to local groups.',
    amounts: [{ year: '2017/18', amount: '£20,000' }],
    subFunding: true,
  });

  // ---- The Road Safety Fund (2.5), second round ---------------------------------------------------
  const rsf = await g.createFund({
    by,
    input: {
      code: 'RSF',
      name: 'Road Safety Fund',
      description:
        'Revenue paid by offenders funds road safety initiatives that change motorists’ perceptions and behaviour. 19 bids were successful in the first round (April 2016): educational projects, vehicle activated signs and feasibility surveys.',
      reason: 'HERTS-2016-11, 2.5',
    },
  });
  const rsfRound = await g.createRound({
    by,
    fundId: rsf.id,
    input: {
      ...rulesBase,
      name: 'Second round',
      opensOn: '2016-12-01',
      opensTime: '9am',
      closesOn: '2017-01-27',
      closesTime: '5pm',
      pot: '£200,000',
      spendBy: '2018-03-31',
      maxYears: 1,
      staffCostsAllowed: false,
      subFundingAllowed: false,
      eligibleTypes: ['local_authority', 'community_group', 'charity', 'public_body'],
      criteria: [
        { name: 'Road safety need', weight: 3 },
        { name: 'Value for money', weight: 2 },
      ],
      evaluationRequired: false,
      reason: 'HERTS-2016-11, 2.5 gives the opening; the closing moment, pot and rules are the demo’s',
    },
  });
  const rsfClean = await enter(rsfRound.id, {
    organisationName: 'Bishop’s Stortford Town Council',
    organisationType: 'local_authority',
    title: 'Vehicle activated signs',
    purpose: 'Four vehicle activated signs on the approach roads.',
    amounts: [{ year: '2016/17', amount: '£14,000' }],
    receivedOn: '2017-01-20',
    receivedTime: '3pm',
  });
  await enter(rsfRound.id, {
    organisationName: 'Hertfordshire Community Speedwatch Association',
    organisationType: 'community_group',
    title: 'Speedwatch co-ordinator',
    purpose: 'A part-time co-ordinator for community speedwatch groups.',
    amounts: [{ year: '2017/18', amount: '£12,000' }],
    staffCosts: '£12,000',
    receivedOn: '2017-01-25',
    receivedTime: '10am',
  });

  // ---- Awards: each fund's clean bid recommended by its panel and awarded by a decision, whose
  // notice is drafted in the register. The conditions are the paper's rules for the fund; the
  // decision references and dates are the demo's (the paper gives "decisions by mid-December").
  const awards = [
    {
      bid: flyClean,
      panel: 'Clear evidence of repeated tipping at the lay-bys; the council funds the other 25%.',
      input: {
        reference: 'PCC Decision 2016/101',
        awardedOn: '2016-12-14',
        conditions:
          'All of the grant spent by 31 March 2017; the council’s £6,000 (25% of the cost) committed as the bid says; results reported to the Fly Tipping Group.',
        reasons: 'Recommended by the Fly Tipping Group’s evaluation sub-group: the strongest evidence of need, with prosecutions as its measure.',
      },
    },
    {
      bid: csgClean,
      panel: 'Evidence based, linked to the plan’s priority for young people, endorsed by the Responsible Authorities Group.',
      input: {
        reference: 'PCC Decision 2017/007',
        awardedOn: '2017-02-15',
        conditions:
          'Endorsed and monitored by the Responsible Authorities Group; no sub-funding; years two and three paid on satisfactory monitoring returns; evaluated at the end of year three.',
        reasons: 'A three-year youth diversion post backed by evidence from the night-time economy, as the grant’s rules ask.',
      },
    },
    {
      bid: rsfClean,
      panel: 'Speed surveys show the need on all four approach roads.',
      input: {
        reference: 'PCC Decision 2017/019',
        awardedOn: '2017-02-24',
        conditions: 'Signs installed and working by 31 March 2018; the signs’ speed data shared with the Road Safety Partnership.',
        reasons: 'Vehicle activated signs were among the first round’s successful bids; the town council’s surveys show the need.',
      },
    },
  ];
  // ---- Assessment of the Fly Tipping Fund's clean bid by the evaluation sub-group (2.3): two
  // assessors; one declares a conflict of interest before seeing it, so only the other's scores count.
  // Who and the scores are the demo's: the paper names the sub-group, not its members.
  if (assessor?.userId && by.userId) {
    for (const a of [by, assessor]) await g.assignAssessor({ by, roundId: flyRound.id, input: { userId: a.userId } });
    await g.declare({
      by: assessor,
      bidId: flyClean.id,
      input: { conflicted: true, note: 'Demonstration: the assessor works for the bidding council.' },
    });
    await g.declare({ by, bidId: flyClean.id, input: { conflicted: false } });
    await g.score({
      by,
      bidId: flyClean.id,
      input: {
        scores: [
          { criterion: 'Evidence of the fly tipping problem', score: 5, comment: 'Repeated tipping at the lay-bys, with prosecutions as the measure.' },
          { criterion: 'Value for money', score: 4, comment: 'The council funds a quarter of the cost.' },
          { criterion: 'Partnership working', score: 3, comment: 'Works with the Fly Tipping Group.' },
        ],
      },
    });
  }
  for (const a of awards) {
    await g.recommend({ by, bidId: a.bid.id, input: { recommendation: 'fund', reasons: a.panel } });
    await g.award({ by, bidId: a.bid.id, input: a.input });
  }
  return { fly, flyRound, csg, csgRound, rsf, rsfRound };
}

/** The decision notice that allocated it (DPU-2018-04, section 6), by its demo reference. */
export const SAFER_COMMUNITIES_NOTICE = 'HIOW-2018-02-01';

/**
 * Hampshire's Safer Communities Grant Fund (DPU-2018-04: the decision notice "Proposed funding
 * allocations under the Safer Communities Grant Fund for 2018/19", February 2018, "Approval of funding
 * of local organisation"). The allocation is recorded as a grant awarded from the fund's 2018/19 round
 * and linked to that notice, already in the register (no second notice is drafted). The paper names
 * neither the organisation nor the amount nor the pot: those, and the round's dates, are the demo's,
 * and the recipient's name says so.
 */
export async function seedSaferCommunitiesFund({ services, by }: { services: { grants: GrantsService }; by: Actor }) {
  const g = services.grants;
  const fund = await g.createFund({
    by,
    input: {
      code: 'SCGF',
      name: 'Safer Communities Grant Fund',
      description: `Allocations for 2018/19 approved by decision notice ${SAFER_COMMUNITIES_NOTICE} (“Proposed funding allocations under the Safer Communities Grant Fund for 2018/19”, February 2018): “Approval of funding of local organisation”.`,
      reason: 'DPU-2018-04, section 6',
    },
  });
  const round = await g.createRound({
    by,
    fundId: fund.id,
    input: {
      ...rulesBase,
      name: '2018/19',
      opensOn: '2017-11-01',
      opensTime: '9am',
      closesOn: '2018-01-12',
      closesTime: '5pm',
      pot: '£100,000',
      spendBy: '2019-03-31',
      maxYears: 1,
      staffCostsAllowed: true,
      subFundingAllowed: false,
      eligibleTypes: ['charity', 'community_group'],
      evaluationRequired: false,
      reason: 'DPU-2018-04, section 6 gives the fund and year; the round’s dates, pot and rules are the demo’s',
    },
  });
  const bid = await g.enterBid({
    by,
    roundId: round.id,
    input: {
      organisationName: 'Local organisation (not named in DPU-2018-04)',
      organisationType: 'community_group',
      title: 'Safer communities project 2018/19',
      purpose: 'Funding of a local organisation under the Safer Communities Grant Fund for 2018/19, as the decision notice approves.',
      amounts: [{ year: '2018/19', amount: '£25,000' }],
      receivedOn: '2018-01-10',
      receivedTime: '11am',
    },
  });
  await g.recommend({
    by,
    bidId: bid.id,
    input: { recommendation: 'fund', reasons: 'Proposed for funding in the 2018/19 allocations put to the Commissioner.' },
  });
  const { award } = await g.award({
    by,
    bidId: bid.id,
    input: {
      reference: SAFER_COMMUNITIES_NOTICE,
      existingNotice: true,
      // The notice is dated by its month only (February 2018): its first day.
      awardedOn: '2018-02-01',
      conditions: 'Spent on the project in 2018/19 as the allocation proposes.',
      reasons: 'Approved by the Commissioner in the 2018/19 allocations of the Safer Communities Grant Fund.',
    },
  });
  return { fund, round, bid, award };
}
