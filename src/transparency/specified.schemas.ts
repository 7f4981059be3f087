import { z } from 'zod';
import { isoDateField, textField } from '../platform/validation.js';

/** Where the office publishes an item elsewhere: a web address and the day it last updated it; blank address: not published elsewhere. */
export const specifiedLinkSchema = z
  .object({
    url: textField('Web address', 2000).refine((u) => u === '' || (/^https?:\/\/\S+$/i.test(u) && URL.canParse(u)), {
      message: 'Enter a web address starting https:// or http://, like https://www.example.gov.uk/spending',
    }),
    updatedOn: z.union([z.literal(''), isoDateField('date it was last updated')]).optional(),
    reason: textField('Reason', 2000).optional(),
  })
  .refine((v) => !v.url || !!v.updatedOn, { message: 'Enter the date it was last updated', path: ['updatedOn'] });
