// The grants made, in the 360Giving Data Standard's JSON package (schema vendored in ./360giving,
// validated against it in grants.awards.test.ts). Identifiers: the standard asks each publisher for a
// "360G-" prefix; until an office records one, PCP Tracker makes it from the office's slug
// ("360G-pcptracker-north"). A recipient without an org-id ("GB-CHC-1234567") gets one under that prefix.
import { csvRows } from '../platform/csv.js';
import type { PublicAward } from './grants.repository.js';

export const givingPrefix = (officeSlug: string) => `360G-pcptracker-${officeSlug}`;

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function giving360(office: { slug: string; name: string }, awards: PublicAward[], issuedOn: string) {
  const prefix = givingPrefix(office.slug);
  const funder = [{ id: prefix, name: office.name }];
  return {
    title: `Grants awarded by ${office.name}`,
    description: `Each crime and disorder reduction grant made by ${office.name}, as published on its grants register.`,
    issued: issuedOn,
    publisher: { name: office.name },
    grants: awards.map((a) => ({
      id: `${prefix}-${a.id}`,
      title: a.title,
      description: a.purpose,
      currency: 'GBP',
      // Pounds as a number: pence are whole, so this is exact to two places.
      amountAppliedFor: a.appliedFor.reduce((t, y) => t + y.pence, 0) / 100,
      amountAwarded: a.amountPence / 100,
      awardDate: a.awardedOn,
      recipientOrganization: [{ id: a.recipientOrgId || `${prefix}-org-${slugOf(a.recipientName)}`, name: a.recipientName }],
      fundingOrganization: funder,
      grantProgramme: [{ title: `${a.fundName}: ${a.roundName}` }],
    })),
  };
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
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
  'Grant Programme:Title',
] as const;

/** The same grants as the JSON package, one row each under the standard's column titles. */
export function giving360Csv(pkg: ReturnType<typeof giving360>): string {
  const rows: unknown[][] = [[...GIVING_CSV_HEADER]];
  for (const g of pkg.grants)
    rows.push([
      g.id,
      g.title,
      g.description,
      g.currency,
      g.amountAppliedFor.toFixed(2),
      g.amountAwarded.toFixed(2),
      g.awardDate,
      g.recipientOrganization[0].id,
      g.recipientOrganization[0].name,
      g.fundingOrganization[0].id,
      g.fundingOrganization[0].name,
      g.grantProgramme[0].title,
    ]);
  return csvRows(rows);
}
