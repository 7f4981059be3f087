import type { ErrorCodes } from '../platform/errors.js';

/** Making papers: a PDF needs Chromium on the server, so without it the service is unavailable (not the asker's fault). */
export const documentErrors = {
  'report.pdf_unavailable': 'unavailable',
} as const satisfies ErrorCodes;
