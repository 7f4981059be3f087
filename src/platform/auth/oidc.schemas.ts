import { z } from 'zod';
import type { Role } from './auth.table.js';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ROLES = ['admin', 'editor', 'viewer'];

/** Text lines, trimmed, blanks dropped. */
export const linesOf = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** "group = role" lines as a map; the caller has validated them. */
export function groupRoleMap(text: string): Map<string, Role> {
  const m = new Map<string, Role>();
  for (const l of linesOf(text)) {
    const i = l.lastIndexOf('=');
    m.set(
      l.slice(0, i).trim(),
      l
        .slice(i + 1)
        .trim()
        .toLowerCase() as Role,
    );
  }
  return m;
}

const checkbox = z.preprocess((v) => v === true || v === 'true', z.boolean());

/** The SSO settings form (and its service input). An empty client secret keeps the saved one. */
export const ssoSettingsSchema = z
  .object({
    enabled: checkbox,
    providerName: z
      .string()
      .trim()
      .min(1, { message: 'Enter the name people know the provider by, like Microsoft' })
      .max(60, { message: 'Provider name must be 60 characters or fewer' }),
    issuer: z
      .string()
      .trim()
      .min(1, { message: 'Enter the issuer URL' })
      .max(500, { message: 'Issuer URL must be 500 characters or fewer' })
      .refine(
        (s) => {
          try {
            const u = new URL(s);
            return !u.search && !u.hash && !u.username && (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname)));
          } catch {
            return false;
          }
        },
        { message: 'Issuer URL must be an https:// address without a query, like https://login.microsoftonline.com/<tenant id>/v2.0' },
      ),
    clientId: z.string().trim().min(1, { message: 'Enter the client ID' }).max(200, { message: 'Client ID must be 200 characters or fewer' }),
    clientSecret: z.string().trim().max(500, { message: 'Client secret must be 500 characters or fewer' }).default(''),
    allowedDomains: z
      .string()
      .max(2000, { message: 'Allowed email domains must be 2000 characters or fewer' })
      .default('')
      .transform((s) => linesOf(s.toLowerCase()).join('\n'))
      .refine((s) => linesOf(s).every((d) => DOMAIN.test(d)), {
        message: 'Allowed email domains must be domains, one a line, like opcc.example.gov.uk',
      }),
    roleSource: z.enum(['invited', 'group_claim'], { message: 'Choose where roles come from' }),
    groupClaim: z
      .string()
      .trim()
      .max(100, { message: 'Group claim must be 100 characters or fewer' })
      .default('groups')
      .transform((s) => s || 'groups'),
    groupRoles: z
      .string()
      .max(5000, { message: 'Groups and roles must be 5000 characters or fewer' })
      .default('')
      .transform((s) => linesOf(s).join('\n'))
      .refine(
        (s) =>
          linesOf(s).every((l) => {
            const i = l.lastIndexOf('=');
            return (
              i > 0 &&
              l.slice(0, i).trim() &&
              ROLES.includes(
                l
                  .slice(i + 1)
                  .trim()
                  .toLowerCase(),
              )
            );
          }),
        { message: 'Groups and roles must be one a line, a group then = and a role (admin, editor or viewer), like pcp-editors = editor' },
      ),
    createOnFirstSignIn: checkbox,
    passwordSignIn: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.roleSource === 'group_claim' && !linesOf(v.groupRoles).length)
      ctx.addIssue({ code: 'custom', path: ['groupRoles'], message: 'Enter at least one group and its role, like pcp-editors = editor' });
  });
export type SsoSettingsInput = z.infer<typeof ssoSettingsSchema>;
