import { z } from 'zod';
import { textField } from '../platform/validation.js';

/** The office's paper settings as the admin page and the API send them. */
export const paperSettingsSchema = z
  .object({
    cover: z.boolean({ message: 'Choose whether the paper has a cover and contents' }),
    title: textField('Title on the cover', 200).default(''),
    coverDate: z.enum(['meeting', 'quarter'], { message: 'Choose what date the cover gives' }),
    bodyOrientation: z.enum(['portrait', 'landscape'], { message: 'Choose which way round the paper’s pages are' }),
    forecastStyle: z.enum(['quarter', 'short'], { message: 'Choose how forecast end dates are written' }),
    /** A new logo (PNG or JPEG, base64), or null to remove it; absent keeps the logo as it is. */
    logo: z
      .object({
        filename: textField('Logo file name', 255),
        base64: z
          .string()
          .max(1_000_000, { message: 'The logo must be smaller than 512 KB' })
          .regex(/^[A-Za-z0-9+/=\s]*$/, { message: 'Send the logo as base64' }),
      })
      .strict()
      .nullable()
      .optional(),
    version: z.number().int().optional(),
    reason: textField('Reason for the change', 2000).default(''),
  })
  .strict();
export type PaperSettingsInput = z.input<typeof paperSettingsSchema>;

/** What the API answers: the settings, and the logo's type, size and hash (its bytes are at /admin/paper/logo). */
export const paperSettingsAnswerSchema = z.object({
  cover: z.boolean(),
  title: z.string(),
  coverDate: z.enum(['meeting', 'quarter']),
  bodyOrientation: z.enum(['portrait', 'landscape']),
  forecastStyle: z.enum(['quarter', 'short']),
  logo: z
    .object({ mediaType: z.enum(['image/png', 'image/jpeg']), size: z.number().int(), width: z.number().int(), height: z.number().int(), sha256: z.string() })
    .nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type PaperSettingsAnswer = z.infer<typeof paperSettingsAnswerSchema>;
