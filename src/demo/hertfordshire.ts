// HERTS-2016-11 (docs/sources.md): the Police and Crime Commissioner for Hertfordshire's outline of
// the Community Safety and Criminal Justice Plan 2017-2022, with the office's grant funds of 2016/17.
// This file holds the office itself and its demo accounts; each area enters its own records for it
// (the plan's chapters and timetable, the grant funds and bids) from its own demo file.
import { newStrongPassword } from '../platform/auth/passwords.js';
import type { Services } from '../app.js';
import type { Actor } from '../platform/errors.js';

export const HERTS_OFFICE = {
  slug: 'hertfordshire',
  name: 'Office of the Police and Crime Commissioner for Hertfordshire',
  area: 'Hertfordshire',
  commissionerName: 'David Lloyd',
  quarterScheme: 'financial' as const,
};
export const HERTS_EMAIL_DOMAIN = 'hertfordshire.demo';

export type HertsAccount = { email: string; password: string; role: 'admin' | 'editor' | 'viewer' };

/** Creates the Hertfordshire demo office and its three accounts (passwords made now), and returns the actors. */
export async function seedHertfordshireOffice({ services }: { services: Services }) {
  const office = await services.auth.createOffice(HERTS_OFFICE);
  const accounts: HertsAccount[] = [];
  const ids: Record<string, string> = {};
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const email = `${role}@${HERTS_EMAIL_DOMAIN}`;
    const password = newStrongPassword();
    const u = await services.auth.createUser({ officeId: office.id, input: { email, name: `Hertfordshire ${role}`, password, role }, by: null });
    ids[role] = u.id;
    accounts.push({ email, password, role });
  }
  const admin: Actor = { userId: ids.admin, name: 'Hertfordshire admin', officeId: office.id, role: 'admin' };
  const editor: Actor = { userId: ids.editor, name: 'Hertfordshire editor', officeId: office.id, role: 'editor' };
  return { office, accounts, admin, editor };
}
