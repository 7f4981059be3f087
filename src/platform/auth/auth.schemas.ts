import { z } from 'zod';
import { isValidIsoDate } from '../db/time.js';
import { isCommonPassword, PASSWORD_MIN } from './passwords.js';

export const roleSchema = z.enum(['admin', 'editor', 'viewer'], { message: 'Choose a role: admin, editor or viewer' });

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email({ message: 'Enter an email address in the correct format, like name@example.org' }),
  name: z.string().trim().min(1, { message: 'Enter the person’s name' }).max(200, { message: 'Name must be 200 characters or fewer' }),
  password: z
    .string()
    .min(PASSWORD_MIN, { message: `Password must be ${PASSWORD_MIN} characters or more` })
    .max(200, { message: 'Password must be 200 characters or fewer' })
    .refine((p) => !isCommonPassword(p), {
      message: 'This password is on a list of passwords seen in data breaches, so attackers try it first. Choose another, such as three random words',
    }),
  role: roleSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export const signInSchema = z.object({
  email: z.string().trim().min(1, { message: 'Enter your email address' }),
  password: z.string().min(1, { message: 'Enter your password' }),
});

export const TOKEN_DEFAULT_DAYS = 90;

export const newTokenSchema = z.object({
  name: z.string().trim().min(1, { message: 'Enter a name for the token' }).max(100, { message: 'Name must be 100 characters or fewer' }),
  role: roleSchema,
  // A London date: the token works until the end of that day. Omitted: 90 days from today.
  // The service checks it is after today and at most a year away (it knows what today is).
  expiresOn: z.string({ message: 'Enter the expiry date' }).refine(isValidIsoDate, { message: 'Expiry date must be a real date' }).optional(),
});

export const newOfficeSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, { message: 'Slug must be 2 to 41 lower-case letters, digits or hyphens' }),
  name: z.string().trim().min(1, { message: 'Enter the office name' }),
  area: z.string().trim().min(1, { message: 'Enter the policing area' }),
  commissionerName: z.string().trim().default(''),
  quarterScheme: z.enum(['financial', 'calendar']).default('financial'),
});
