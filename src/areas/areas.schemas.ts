import { z } from 'zod';

export const areaInputSchema = z.object({
  name: z
    .string({ message: 'Enter the area’s name' })
    .trim()
    .min(1, { message: 'Enter the area’s name' })
    .max(100, { message: 'Name must be 100 characters or fewer' })
    .describe('The local area’s name, like "Southampton"'),
  position: z.coerce
    .number({ message: 'Position must be a whole number' })
    .int({ message: 'Position must be a whole number' })
    .min(1, { message: 'Position must be 1 or more' })
    .max(1000, { message: 'Position must be 1,000 or less' })
    .optional()
    .describe('Where it comes in the office’s list (1 is first); absent: last'),
});
export type AreaInput = z.infer<typeof areaInputSchema>;
