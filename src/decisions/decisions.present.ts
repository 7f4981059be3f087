// Presentation of notices outside HTML templates: money, the CSV download and the Atom feed.
// All of these take PublicDecision (which has no exempt columns) so that none can publish the exempt part.
import { csvCell } from '../platform/csv.js';
import type { PublicDecision } from './decisions.repository.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "7 December 2017", or "December 2017" for a notice approved in a month (the paper gives no day). */
export function formatApproved(approvedOn: string | null | undefined, precision: 'day' | 'month' | undefined = 'day'): string {
  if (!approvedOn) return '';
  const [y, m, d] = approvedOn.slice(0, 10).split('-').map(Number);
  return precision === 'month' ? `${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "2017-12" for a month, "2017-12-07" for a day: the CSV's and the API's form. */
export const approvedIso = (approvedOn: string | null | undefined, precision: 'day' | 'month' | undefined = 'day') =>
  approvedOn ? (precision === 'month' ? approvedOn.slice(0, 7) : approvedOn.slice(0, 10)) : '';

/**
 * A notice's reference as the papers print it after a title: "(ID: 507)". References entered as
 * "ID: 507" keep theirs rather than gaining a second "ID: ".
 */
export const referenceLabel = (reference: string) => (/^id\b/i.test(reference.trim()) ? reference.trim() : `ID: ${reference.trim()}`);

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** 180000000 -> "£1,800,000"; 636650 -> "£6,366.50". Whole pounds lose their ".00", as in the papers. */
export function formatPounds(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  const whole = pence % 100 === 0;
  return whole ? gbp.format(pence / 100) : new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 }).format(pence / 100);
}

/** 180000000 -> "1800000.00": a plain number a spreadsheet reads as one. */
export function plainPounds(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

export const CSV_HEADER = [
  'Reference',
  'Title',
  'Decision maker',
  'Date approved',
  'Summary',
  'Decision',
  'Amount (GBP)',
  'Funding source',
  'Tags',
  'Background documents',
  'Web address',
];

export function decisionsCsv(rows: PublicDecision[], pageUrl: (id: string) => string): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const d of rows)
    lines.push(
      [
        d.reference,
        d.title,
        d.decisionMaker,
        approvedIso(d.approvedOn, d.approvedPrecision),
        d.summary,
        d.decisionText,
        plainPounds(d.amountPence),
        d.fundingSource,
        d.tags.join('; '),
        d.backgroundDocuments.map((b) => `${b.title} <${b.url}>`).join('; '),
        pageUrl(d.id),
      ]
        .map(csvCell)
        .join(','),
    );
  // A byte order mark so that Excel reads the pound sign as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Text for XML: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(v: unknown): string {
  return (
    String(v ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly those is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export type FeedOffice = { id: string; slug: string; name: string; createdAt: Date };

/** The register as an Atom 1.0 feed (RFC 4287). Ids are urn:uuid so they survive a change of host name. */
export function decisionsAtom(office: FeedOffice, rows: PublicDecision[], base: string): string {
  const registerUrl = `${base}/o/${encodeURIComponent(office.slug)}/decisions`;
  // The newest change to any entry; an empty register has been as it is since the office was set up.
  const updated = rows.length ? rows.reduce((m, d) => (d.updatedAt > m ? d.updatedAt : m), rows[0].updatedAt) : office.createdAt;
  const entries = rows.map((d) => {
    const summary = [
      d.summary,
      d.amountPence !== null ? `Amount: ${formatPounds(d.amountPence)}` : '',
      d.approvedOn ? `Approved: ${formatApproved(d.approvedOn, d.approvedPrecision)}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return [
      '  <entry>',
      `    <id>urn:uuid:${d.id}</id>`,
      `    <title type="text">${xmlText(`${d.title} (${d.reference})`)}</title>`,
      `    <updated>${d.updatedAt.toISOString()}</updated>`,
      d.publishedAt ? `    <published>${d.publishedAt.toISOString()}</published>` : '',
      `    <link rel="alternate" type="text/html" href="${xmlText(`${registerUrl}/${d.id}`)}"/>`,
      `    <summary type="text">${xmlText(summary)}</summary>`,
      ...d.tags.map((t) => `    <category term="${xmlText(t)}"/>`),
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `  <id>urn:uuid:${office.id}</id>`,
    `  <title type="text">${xmlText(`${office.name}: decision notices`)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xmlText(office.name)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(`${registerUrl}.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(registerUrl)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
