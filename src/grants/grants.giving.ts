// The grants made, in the 360Giving Data Standard's JSON package (schema vendored in ./360giving,
// validated against it in grants.awards.test.ts). Identifiers: the standard asks each publisher for a
// "360G-" prefix; until an office records one, PCP Tracker makes it from the office's slug
// ("360G-pcptracker-north"). A recipient without an org-id ("GB-CHC-1234567") gets one under that prefix.
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
