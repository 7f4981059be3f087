// Demo decision notices: the registers printed in two Hampshire papers (DPU-2018-04 and DPU-2020-02),
// entered through the service like any editor would, so that history and rules apply to them.
import type { Actor } from '../platform/errors.js';
import type { DecisionsService } from './decisions.service.js';

type DemoNotice = {
  reference: string;
  title: string;
  /** "2017-12" where the paper gives only the month (both papers do), as an editor enters it. */
  approvedOn: string;
  summary: string;
  amount?: string;
  fundingSource?: string;
  tags?: string[];
};

const PCC = 'Police and Crime Commissioner';
const INVESTMENT = 'INVESTMENT in POLICING';

/**
 * DPU-2018-04 (Delivery Progress Update, April 2018): "Summary of Decision Notices approved in last quarter".
 * The paper prints no IDs and only the month approved. References are ours, "HIOW-<year>-<month>-<n>"
 * with n counting the notices of that month in the paper's order; each is approved in its month (month
 * precision), as no day is known.
 */
const SEED_000: DemoNotice[] = [
  {
    reference: 'HIOW-2017-12-01',
    title: 'Contact Management Programme Budget Uplift – Nov 2017',
    approvedOn: '2017-12',
    summary: 'Approval of funding for an improved contact management system.',
  },
  {
    reference: 'HIOW-2018-01-01',
    title: '6 month extension to grant funded sexual crime and domestic abuse support services on the Isle of Wight',
    approvedOn: '2018-01',
    summary: 'Funding approval for domestic abuse service.',
  },
  {
    reference: 'HIOW-2018-02-01',
    title: 'Proposed funding allocations under the Safer Communities Grant Fund for 2018/19',
    approvedOn: '2018-02',
    summary: 'Approval of funding of local organisation under the Safer Communities Grant Fund.',
  },
  {
    reference: 'HIOW-2018-02-02',
    title: 'Data Analyst secondment',
    approvedOn: '2018-02',
    summary: 'Approval of collaboration with Hampshire Fire and Rescue Service on data analysis.',
  },
  { reference: 'HIOW-2018-02-03', title: '2018/19 Budget', approvedOn: '2018-02', summary: 'Approval of budget for 2018/19.' },
  {
    reference: 'HIOW-2018-03-01',
    title: 'Treasury Management and Investment Strategy 2018 – 2021',
    approvedOn: '2018-03',
    summary: 'Approval of OPCC strategy for investment and treasury management.',
  },
];

/**
 * DPU-2020-02 (Delivery Progress, Panel of 7 February 2020): "Summary of recent decisions approved by
 * Police and Crime Commissioner". Titles as printed, without the "[INVESTMENT in POLICING]" prefix
 * (kept as a tag) and the "(ID: n)" suffix (kept as the reference). The paper gives "Jan-20" and the
 * like: month precision again. Amounts are the sums each summary approves; where a summary names
 * where the money comes from (502, a sponsor) that is the funding source. 507's £44,000 is the PCC's
 * contribution, so the amount is that and not the £350k partnership total.
 */
const SEED_001: DemoNotice[] = [
  {
    reference: 'ID: 507',
    title:
      "Enhancing Support for Victims of Stalking in Hampshire the 'MASIP', the 'Multi Agency Stalking Intervention Programme' and Ensuring Continuity of Services to Victims and the Vulnerable",
    approvedOn: '2020-01',
    summary:
      'Approved PCC contribution of £44,000 towards total partnership funding of £350k for 2020-21 to maintain the MASIP service, working in conjunction with Southern Health to enhance support for victims of stalking in Hampshire and to ensure continuity of services to victims and the vulnerable.',
    amount: '£44,000',
  },
  {
    reference: 'ID: 514',
    title: 'Hampshire contribution of £1.8m to part fund the fit out of the South East Regional policing centre',
    approvedOn: '2019-11',
    summary:
      'Approved the addition of £1,800,000 to Capital (Revenue Contributions) Reserve to partfund solution to support policing response to regional organized crime.',
    amount: '£1,800,000',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 513',
    title: 'Addition of £1m to the Equipment Replacement Reserve',
    approvedOn: '2019-11',
    summary:
      'Approved the addition of £1,000,000 to the Equipment Replacement Reserve to fund replacement of body armour, body worn video and other major items of equipment that have reached the end of their serviceable life or new purchase of major items of equipment used by the Constabulary.',
    amount: '£1,000,000',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 512',
    title: 'Contribution to the Estates Reserve: Isle of Wight re-configuration',
    approvedOn: '2019-11',
    summary:
      'Approved the addition of £2,000,000 to the Estates Reserve to fund re-configuration of the Isle of Wight police estate. Specifically to respond to the need to upgrade the police custody environment.',
    amount: '£2,000,000',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 511',
    title: 'Estate Feasibility study – Isle of Wight',
    approvedOn: '2019-11',
    summary:
      'Approved funding of £250,000 to enable procurement of a resource to produce a feasibility regarding future Estate provision on the Isle of Wight.',
    amount: '£250,000',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 508',
    title: 'South East Region working in Partnership to appoint Legally Qualified Chairs for Police Misconduct Hearings',
    approvedOn: '2019-11',
    summary:
      'Approved the nomination of 11 new Legally Qualified Chairs to sit on Police Officer Misconduct Hearing Panels between 1-Jan-20 and 31-Dec-23 in the Hampshire policing area, and extend the term of nomination of those already selected as Legally Qualified Chairs in the Hampshire Policing area.',
  },
  {
    reference: 'ID: 505',
    title: 'Urgent Digital Intelligence and Investigation uplift to enable early actions to enhance operational capability',
    approvedOn: '2019-10',
    summary:
      "Approved funding of £600,000 for enhancements to Hampshire Constabulary's digital intelligence and investigation capability to improve policing's operational effectiveness.",
    amount: '£600,000',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 504',
    title:
      'Aligning the timescales of three out of court disposals (OoCD) to support a review of their effectiveness, and time to mobilise future commissioning arrangements',
    approvedOn: '2019-10',
    summary:
      "Approved alignment of the Conditional Cautions of 'Project CARA' and 'Women and Desistance Engagement' (WaDE) to end of Mar-21 and the allocation of funding of £83,125 for the 2020-21 financial year for this purpose.",
    amount: '£83,125',
  },
  {
    reference: 'ID: 502',
    title: "Provision of children's furniture and toys to Vulnerable Witness and Interview Suites by Bright Horizons",
    approvedOn: '2019-10',
    summary:
      "Approved sponsorship offer of children's furniture and toys up to the value of £6,366 – funding provided by Bright Horizons for use in Hampshire Constabulary's Vulnerable Witnesses Interview suites.",
    amount: '£6,366',
    fundingSource: 'Bright Horizons (sponsorship)',
    tags: [INVESTMENT],
  },
  {
    reference: 'ID: 499',
    title: "S22A Collaboration Agreement - Setting up of a co-ordinating body known as the National Police Chiefs' Council",
    approvedOn: '2019-10',
    summary:
      "Approved a Section 22A Collaboration Agreement in the interests of the effectiveness or efficiency of one or more policing bodies or police forces: Setting up of a co-ordinating body known as the National Police Chiefs' Council.",
    tags: [INVESTMENT],
  },
];

export const DEMO_DECISIONS = [...SEED_000, ...SEED_001];

/** Enters the sixteen notices of DPU-2018-04 and DPU-2020-02 for `by`'s office, each approved and published. */
export async function seedDecisionsDemo({ services, by }: { services: { decisions: DecisionsService }; by: Actor }) {
  const out = [];
  for (const n of DEMO_DECISIONS) {
    const d = await services.decisions.create({
      by,
      input: {
        reference: n.reference,
        title: n.title,
        decisionMaker: PCC,
        summary: n.summary,
        amount: n.amount ?? '',
        fundingSource: n.fundingSource ?? '',
        tags: n.tags ?? [],
        reason: 'Entered from the Panel paper',
      },
    });
    const a = await services.decisions.approve({ by, id: d.id, input: { version: d.version, approvedOn: n.approvedOn } });
    out.push(await services.decisions.publish({ by, id: d.id, input: { version: a.version } }));
  }
  return out;
}
