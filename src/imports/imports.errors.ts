import type { ErrorCodes } from '../platform/errors.js';

/** Spreadsheet imports: the file refused, its rows' problems, an import that can no longer be undone. */
export const importErrors = {
  'import.file_refused': 'invalid',
  'import.rows_invalid': 'invalid',
  'import.invalid': 'invalid',
  'import.not_found': 'not_found',
  'import.undo_refused': 'refused',
  'import_columns.invalid': 'invalid',
} as const satisfies ErrorCodes;
