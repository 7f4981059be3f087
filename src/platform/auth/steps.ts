// The steps a sign-in may still need after the password, in order: a new password (after an
// admin's reset), a code from the second factor, setting up a second factor where one is required.
// Until they are done the session can reach nothing but the step's own page.

export type Pending = 'password' | 'mfa' | 'enrol';

/** Where each unfinished step is done. */
export const PENDING_PATH: Record<Pending, string> = {
  password: '/account/password',
  mfa: '/sign-in/code',
  enrol: '/account/two-factor',
};

type UserState = { role: string; mustChangePassword: boolean; totpSecret: string | null };
type OfficeState = { mfaForEveryone: boolean };

/** Whether this person must have a second factor: admins always (unless the deployment turned that off), everyone where the office says so. */
export const mfaRequired = (user: UserState, office: OfficeState, mfaForAdmins: boolean) => (user.role === 'admin' && mfaForAdmins) || office.mfaForEveryone;

/** The first step left after the password, or null when the sign-in is complete. */
export function nextStep(user: UserState, office: OfficeState, mfaForAdmins: boolean): Pending | null {
  if (user.mustChangePassword) return 'password';
  if (user.totpSecret) return 'mfa';
  if (mfaRequired(user, office, mfaForAdmins)) return 'enrol';
  return null;
}
