// Demo Panel records for the Hampshire office, entered through the service like any editor would:
// the meeting of PANEL-MINUTE (its item, what Members heard, the answers, the resolution) with the
// Plan Working Group session before it, and the meeting of 7 February 2020 of DPU-2020-02 with both
// its papers made from the demo's data (the Delivery Progress paper and the Decisions Update).
import type { Actor } from '../platform/errors.js';
import type { PanelService } from './panel.service.js';

/**
 * PANEL-MINUTE prints no date. Its content places it after the Barnahus review was completed at
 * the end of scoping (a DEMO day, 29 June 2018, in src/demo/hampshire.ts): 13 July 2018 is this
 * demo's assumption, and the working group's session a fortnight before it likewise.
 */
const MINUTE_MEETING_ON = '2018-07-13';
const WORKING_GROUP_ON = '2018-06-29';

const HEARD = [
  'Progress made by the OPCC against compliance with GDPR requirements was on track, but had required significant resource from the office to support the implementation.',
  'Hampshire and the Isle of Wight was regarded as a national leader in the use of Restorative Justice (RJ) practices. The Commissioner was clear in his intention to continue to push boundaries in the use of RJ, and that, despite the costs involved, felt RJ delivered real value in supporting victims and reducing reoffending.',
  'Some projects within the delivery plan had been marked as complete at the end of the scoping phase. One example given was the use of the Barnahus Model. Whilst this project was currently on hold following the completion of scoping, the Commissioner had asked the Chief Constable to continue to look at the feasibility of its use with criminal justice partners.',
  'The Commissioner and his office were well engaged in steps to prevent FGM and were supporting plans to further engage communities through making the information needed by those effected both clear to understand and readily available.',
  'A recently added project would focus upon University collaboration and engaging students in the analysis of data on behalf of the OPCC.',
  'The Commissioner committed not to have staff officer or police resource within his office when they can provide better delivery to front line policing. The previous staff officer who had led on rural priorities had been returned back to policing and the OPCC were looking to incorporate rural priorities into the wider community strategy.',
];
/** "In response to questions, the Panel heard:": the minute records the answers, not the questions nor who asked. */
const ANSWERS = [
  'Serious violent crimes were a growing concern.',
  'Areas of the OPCC’s work which look beyond policing were focussed on reducing the impact on policing demand and making communities safer through reducing the risk of people becoming victims of crime.',
  'The OPCC was rolling out the use of SafetyNet to partners in line with GDPR requirements and 60 organisations had been engaged to date.',
  'The cyber ambassadors project was now complete, the pilot was in use and working with young children to help them to stay safe online. The pilot had demonstrated success to date with 24 schools and 8000 young people engaged thus far.',
];

export async function seedPanelDemo({ services, by, barnahusId }: { services: { panel: PanelService }; by: Actor; barnahusId?: string }) {
  const { panel } = services;
  const held = async (id: string) => panel.updateMeeting({ by, id, input: { status: 'held', version: 1, reason: 'Entered from the minute' } });

  // The Plan Working Group's session and its concern (PANEL-MINUTE, Cllr Warwick's report): a recommendation with its response.
  const wg = await panel.createMeeting({ by, input: { body: 'working_group', meetsOn: WORKING_GROUP_ON } });
  await held(wg.id);
  const wgItem = await panel.addItem({ by, meetingId: wg.id, input: { title: 'Scrutiny of OPCC information on Plan delivery' } });
  const rural = await panel.addRecommendation({
    by,
    meetingId: wg.id,
    input: {
      itemId: wgItem.id,
      text: 'That the appointment of a new Rural Lead Staff officer is agreed, so that action on the recommendations of the Panel’s Rural Crime proactive scrutiny can proceed.',
      responseDue: MINUTE_MEETING_ON,
    },
  });
  await panel.respond({
    by,
    id: rural.id,
    input: {
      version: rural.version,
      status: 'partly_accepted',
      response:
        'The previous staff officer who had led on rural priorities has returned to policing. Rural priorities will be incorporated into the wider community strategy and delivered in partnership with Neighbourhood Watch, and the Chief Constable has been asked to prioritise protecting the dedicated resource for rural crime within the force.',
      respondedOn: MINUTE_MEETING_ON,
      actions: [
        { text: 'Incorporate rural priorities into the wider community strategy', done: false },
        { text: 'Engage Neighbourhood Watch to deliver rural priorities in partnership', done: true },
      ],
    },
  });

  // The Panel meeting of PANEL-MINUTE.
  const m = await panel.createMeeting({ by, input: { meetsOn: MINUTE_MEETING_ON } });
  await held(m.id);
  const item = await panel.addItem({
    by,
    meetingId: m.id,
    input: {
      title: 'Police and Crime Commissioner - Police and Crime Plan Delivery',
      purpose: 'To receive a quarterly update from the Police and Crime Commissioner detailing delivery against his Police and Crime Plan.',
    },
  });
  await panel.recordMinute({
    by,
    meetingId: m.id,
    itemId: item.id,
    input: {
      version: item.version,
      heard: HEARD,
      resolution: 'That the update on the delivery of the Police and Crime Plan is noted by the Police and Crime Panel.',
      projectIds: barnahusId ? [barnahusId] : [],
    },
  });
  for (const answer of ANSWERS) await panel.addQuestion({ by, meetingId: m.id, itemId: item.id, input: { answer } });

  // The meeting of 7 February 2020 (DPU-2020-02), both papers made from the demo's data and frozen as sent.
  const feb = await panel.createMeeting({ by, input: { meetsOn: '2020-02-07' } });
  await held(feb.id);
  const delivery = await panel.addItem({
    by,
    meetingId: feb.id,
    input: { title: 'Police and Crime Plan Delivery Progress', purpose: 'To receive the quarterly update on delivery against the Police and Crime Plan.' },
  });
  // Hampshire's quarters are financial: October to December 2019 is 2019-20 Q3.
  await panel.sendPaper({ by, meetingId: feb.id, itemId: delivery.id, input: { kind: 'delivery_progress', period: '2019-20-Q3' } });
  // No earlier Decisions Update in the demo: the list starts on 1 October 2019, the paper's oldest notices' month.
  await panel.sendPaper({ by, meetingId: feb.id, itemId: delivery.id, input: { kind: 'decisions_update', from: '2019-10-01' } });
  // A recommendation never answered: overdue since its due day (the demo's own, not in the paper).
  await panel.addRecommendation({
    by,
    meetingId: feb.id,
    input: {
      itemId: delivery.id,
      text: 'That the Commissioner reports to the Panel the outcome of the feasibility work on the Barnahus model with criminal justice partners.',
      responseDue: '2020-05-07',
    },
  });
  return { workingGroup: wg, minuteMeeting: m, february: feb };
}
