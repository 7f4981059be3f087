// The grants made, in the 360Giving Data Standard (schema vendored in ./360giving, validated against it
// in grants.awards.test.ts): the JSON package with its publisher metadata, and the same grants as CSV
// and XLSX under the standard's column titles. Identifiers: each publisher registers a "360G-" prefix
// with 360Giving and the office records it (Grants, 360Giving settings); until it does, PCP Tracker makes
// one from the office's slug ("360G-pcptracker-north"). A grant is `<prefix>-<award id>`; a recipient
// without an org-id ("GB-CHC-1234567") gets one under the prefix.
import { csvRows } from '../platform/csv.js';
import { tablesWorkbook } from '../documents/xlsx.js';
import type { PublicAward, SettingsRow } from './grants.repository.js';

export const givingPrefix = (officeSlug: string, settings?: Pick<SettingsRow, 'givingPrefix'> | null) =>
  settings?.givingPrefix || `360G-pcptracker-${officeSlug}`;

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export type GivingOffice = { slug: string; name: string };
export type GivingSettings = Pick<SettingsRow, 'givingPrefix' | 'publisherWebsite' | 'licence'> | null | undefined;

/** One grant of the package, from an award's public columns only. */
function grantOf(prefix: string, funder: { id: string; name: string }[], a: PublicAward) {
  const planned =
    a.plannedStart || a.plannedEnd
      ? { plannedDates: [{ ...(a.plannedStart ? { startDate: a.plannedStart } : {}), ...(a.plannedEnd ? { endDate: a.plannedEnd } : {}) }] }
      : {};
  return {
    id: `${prefix}-${a.id}`,
    title: a.title,
    description: a.purpose,
    currency: 'GBP',
    // Pounds as a number: pence are whole, so this is exact to two places.
    amountAppliedFor: a.appliedFor.reduce((t, y) => t + y.pence, 0) / 100,
    amountAwarded: a.amountPence / 100,
    awardDate: a.awardedOn,
    ...planned,
    recipientOrganization: [{ id: a.recipientOrgId || `${prefix}-org-${slugOf(a.recipientName)}`, name: a.recipientName }],
    fundingOrganization: funder,
    grantProgramme: [{ title: `${a.fundName}: ${a.roundName}` }],
  };
}
export type GivingGrant = ReturnType<typeof grantOf>;

/** The package's head: who publishes it, under what licence, and when. */
function packageHead(office: GivingOffice, settings: GivingSettings, issuedOn: string) {
  const prefix = givingPrefix(office.slug, settings);
  return {
    prefix,
    head: {
      title: `Grants awarded by ${office.name}`,
      description: `Each crime and disorder reduction grant made by ${office.name}, as published on its grants register.`,
      identifier: `${prefix}-grants`,
      issued: issuedOn,
      license: settings?.licence || 'https://creativecommons.org/licenses/by/4.0/',
      publisher: { identifier: prefix, name: office.name, ...(settings?.publisherWebsite ? { website: settings.publisherWebsite } : {}) },
    },
  };
}

export function giving360(office: GivingOffice, awards: PublicAward[], issuedOn: string, settings?: GivingSettings) {
  const { prefix, head } = packageHead(office, settings, issuedOn);
  const funder = [{ id: prefix, name: office.name }];
  return { ...head, grants: awards.map((a) => grantOf(prefix, funder, a)) };
}

/**
 * The JSON package as text pieces, one grant at a time: 20,000 grants are never one string built by
 * JSON.stringify of the whole (bench/grants.bench.ts measures it).
 */
export function* giving360Chunks(office: GivingOffice, awards: PublicAward[], issuedOn: string, settings?: GivingSettings): Generator<string> {
  const { prefix, head } = packageHead(office, settings, issuedOn);
  const funder = [{ id: prefix, name: office.name }];
  // Pieces of about 64 KB: one write per grant costs more than the grants themselves.
  let buf = `${JSON.stringify(head).slice(0, -1)},"grants":[`;
  let first = true;
  for (const a of awards) {
    buf += (first ? '' : ',') + JSON.stringify(grantOf(prefix, funder, a));
    first = false;
    if (buf.length > 65_536) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}]}`;
}

/**
 * The standard's spreadsheet column titles, as in its template (360-giving-schema-titles-with-meta-tab.xlsx,
 * sheet "grants"), for the fields the export fills, in the template's order.
 */
export const GIVING_CSV_HEADER = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Applied For',
  'Amount Awarded',
  'Award Date',
  'Planned Dates:Start Date',
  'Planned Dates:End Date',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
  'Grant Programme:Title',
] as const;

const rowOf = (g: GivingGrant) => [
  g.id,
  g.title,
  g.description,
  g.currency,
  g.amountAppliedFor,
  g.amountAwarded,
  g.awardDate,
  g.plannedDates?.[0].startDate ?? '',
  g.plannedDates?.[0].endDate ?? '',
  g.recipientOrganization[0].id,
  g.recipientOrganization[0].name,
  g.fundingOrganization[0].id,
  g.fundingOrganization[0].name,
  g.grantProgramme[0].title,
];

/** The same grants as the JSON package, one row each under the standard's column titles. */
export function giving360Csv(pkg: { grants: GivingGrant[] }): string {
  const rows: unknown[][] = [[...GIVING_CSV_HEADER]];
  for (const g of pkg.grants) {
    const r = rowOf(g);
    r[4] = g.amountAppliedFor.toFixed(2);
    r[5] = g.amountAwarded.toFixed(2);
    rows.push(r);
  }
  return csvRows(rows);
}

/** The same again as a workbook: a "grants" sheet under the standard's titles, amounts as numbers. */
export function giving360Xlsx(pkg: { grants: GivingGrant[] }): Promise<Buffer> {
  const money = new Set([4, 5]);
  return tablesWorkbook([
    {
      name: 'grants',
      columns: GIVING_CSV_HEADER.map((header, i) => ({ header, type: money.has(i) ? ('number' as const) : ('text' as const) })),
      rows: pkg.grants.map(rowOf),
    },
  ]);
}
