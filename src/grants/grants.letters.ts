// Award and decline letters to the applicant, as one Doc (src/documents/document.ts) that the shared
// renderers make into Word (renderDocx) and PDF (Chromium printing standaloneHtml), as the reports do.
// A letter is private to the office and the applicant: it names the contact, which nothing public does.
import type { Doc } from '../documents/document.js';
import { userDate } from '../platform/dates.js';
import type { AwardRow, BidRow, DeclineRow, FundRow, PaymentRow, ReturnRow, RoundRow } from './grants.repository.js';
import { pounds } from './grants.rules.js';

type Common = { office: { name: string }; bid: BidRow; fund: FundRow; round: RoundRow };

const addressee = (bid: BidRow) => [bid.contactName, bid.organisationName].filter(Boolean).join(', ') || 'The applicant';

export function awardLetter({
  office,
  bid,
  fund,
  round,
  award,
  payments,
  returns,
}: Common & { award: AwardRow; payments: PaymentRow[]; returns: ReturnRow[] }): Doc {
  const years = award.amounts.map((a) => `${pounds(a.pence)} in ${a.year}`).join(', ');
  return {
    title: `Grant award: ${award.title}`,
    subtitle: `${fund.name}, ${round.name}. Bid ${bid.reference}, decision ${award.decisionReference}`,
    lang: 'en-GB',
    runningHeader: `${office.name}: grant award letter`,
    blocks: [
      { type: 'paragraph', text: `To: ${addressee(bid)}` },
      { type: 'paragraph', text: `Date of the decision: ${userDate(award.awardedOn)}` },
      {
        type: 'paragraph',
        text: `I am pleased to tell you that ${office.name} has awarded ${award.recipientName} a grant of ${pounds(award.amountPence)} (${years}) from the ${fund.name} for: ${award.purpose}`,
      },
      { type: 'heading', level: 1, text: 'Reasons for the award' },
      { type: 'paragraph', text: award.reasons },
      { type: 'heading', level: 1, text: 'Conditions of the grant' },
      { type: 'paragraph', text: award.conditions },
      { type: 'paragraph', text: `The money must be spent by ${userDate(round.spendBy)}.` },
      ...(award.plannedStart || award.plannedEnd
        ? [
            {
              type: 'paragraph' as const,
              text: `Planned dates of the work: ${award.plannedStart ? userDate(award.plannedStart) : 'not set'} to ${award.plannedEnd ? userDate(award.plannedEnd) : 'not set'}.`,
            },
          ]
        : []),
      {
        type: 'table',
        caption: 'Payment schedule',
        head: ['Due on', 'Amount', 'Paid'],
        numeric: [1],
        rows: payments.length
          ? payments.map((p) => [userDate(p.dueOn), pounds(p.amountPence), p.paidOn ? `${pounds(p.paidPence ?? 0)} on ${userDate(p.paidOn)}` : 'Not yet'])
          : [['To be agreed', pounds(award.amountPence), 'Not yet']],
      },
      {
        type: 'table',
        caption: 'Monitoring returns',
        head: ['Return', 'Due on'],
        rows: returns.length ? returns.map((r) => [r.title, userDate(r.dueOn)]) : [['To be agreed with the office', '']],
      },
      { type: 'paragraph', text: `Please quote bid ${bid.reference} and decision ${award.decisionReference} in any correspondence.` },
    ],
  };
}

export function declineLetter({ office, bid, fund, round, decline }: Common & { decline: DeclineRow }): Doc {
  return {
    title: `Your bid ${bid.reference} to the ${fund.name}`,
    subtitle: `${fund.name}, ${round.name}. Decision ${decline.decisionReference}`,
    lang: 'en-GB',
    runningHeader: `${office.name}: grant decision letter`,
    blocks: [
      { type: 'paragraph', text: `To: ${addressee(bid)}` },
      { type: 'paragraph', text: `Date of the decision: ${userDate(decline.declinedOn)}` },
      {
        type: 'paragraph',
        text: `Thank you for your bid${bid.title ? ` for ${bid.title}` : ''}. I am sorry to tell you that ${office.name} has decided not to award a grant from the ${fund.name} on it.`,
      },
      { type: 'heading', level: 1, text: 'Reasons' },
      { type: 'paragraph', text: decline.reasons },
      { type: 'paragraph', text: `Please quote bid ${bid.reference} and decision ${decline.decisionReference} in any correspondence.` },
    ],
  };
}
