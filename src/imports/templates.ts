// The template of each import type: the type's sheet (a header row, an example row, drop-down lists
// where a column takes one of a few values), a Lists sheet the drop-downs read from, and a Notes sheet
// explaining each column.
//
// write-excel-file writes no data validation itself (its README leaves it to "features"; the one
// third-party feature it names, @onparallel/write-excel-file-data-validation, is not on the npm
// registry). This is such a feature, through the package's documented hook and its own XML helpers
// (write-excel-file/utility): a <dataValidations> element added to the sheet, each a list read
// from a column of the Lists sheet, so names with commas and lists longer than Excel's 255-character
// inline limit work.
import type { Cell as OutCell, Feature, Row } from 'write-excel-file/node';
import { type FileContent as Content, writeWorkbook } from '../documents/workbook.js';

import { CHANGES } from './projects-sheet.js';
import type { Column } from './other-sheets.js';
import { safeText } from '../documents/xlsx.js';

/** A drop-down on a column of a sheet: the values, and whether another value may still be typed (a list of several priorities). */
export type ListValidation = { sheet: string; column: number; rows: number; values: string[]; strict: boolean };

/** The feature: each sheet's validations as list references into the Lists sheet (its column `i` holds list `i`). */
export async function dataValidations(lists: ListValidation[], listsSheet = 'Lists'): Promise<Feature<Content>> {
  // Loaded when a template is made, not at start (issue 19).
  const { getCellAddress, getOrderOfSiblings, insertElementMarkupAccordingToOrderOfSiblings, sanitizeAttributeValue } = await import(
    'write-excel-file/utility'
  );
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform(xml, sheetOptions) {
            const mine = lists.map((l, i) => ({ ...l, i })).filter((l) => l.sheet === sheetOptions.sheet && l.values.length);
            if (!mine.length) return xml;
            const items = mine.map((l) => {
              const from = getCellAddress(1, l.column);
              const to = getCellAddress(l.rows, l.column);
              const col = getCellAddress(0, l.i).replace(/\d+$/, '');
              const attrs = l.strict
                ? 'type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorStyle="stop"'
                : 'type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorStyle="information"';
              return `<dataValidation ${attrs} sqref="${sanitizeAttributeValue(`${from}:${to}`)}"><formula1>${listsSheet}!$${col}$2:$${col}$${l.values.length + 1}</formula1></dataValidation>`;
            });
            const markup = `<dataValidations count="${items.length}">${items.join('')}</dataValidations>`;
            return insertElementMarkupAccordingToOrderOfSiblings(
              xml,
              markup,
              getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [],
              'worksheet',
            );
          },
        },
      },
    },
  };
}

const bold = (s: string): OutCell => ({ value: s, type: String, fontWeight: 'bold' });
const cell = (v: Column['example']): OutCell =>
  v === null
    ? null
    : v instanceof Date
      ? { value: v, type: Date, format: 'dd/mm/yyyy' }
      : typeof v === 'number'
        ? { value: v, type: Number }
        : { value: safeText(v), type: String };

export type TemplateType = 'projects' | 'decisions' | 'targets';
export const SHEET_TITLES: Record<TemplateType, string> = { projects: 'Projects', decisions: 'Decision notices', targets: 'Targets' };

/**
 * The template of a type for an office: its strands and priorities in the drop-downs. Projects' example
 * rows are built here (a project over three rows); the other types' come with their columns.
 */
export async function templateWorkbook(type: TemplateType, columns: readonly Column[], office: { strands: string[]; priorities: string[] }) {
  const sheet = SHEET_TITLES[type];
  const choices: Record<string, { values: string[]; strict: boolean }> = {};
  for (const c of columns) if (c.choices) choices[c.key] = { values: c.choices, strict: true };
  if (type === 'projects') {
    choices.change = { values: Object.values(CHANGES).map((c) => c.label), strict: true };
    choices.strand = { values: office.strands, strict: true };
    // A project serves one or more priorities: the list offers one, and more may be typed, separated by semicolons.
    choices.priorities = { values: office.priorities, strict: false };
    choices.statutory = { values: ['Yes', 'No'], strict: true };
  }
  if (type === 'targets') choices.priority = { values: office.priorities, strict: true };

  const example: OutCell[][] =
    type === 'projects'
      ? projectExamples(columns, office)
      : [columns.map((c) => (c.key === 'priority' ? cell(office.priorities[0] ?? null) : cell(c.example)))];
  const data: Row[] = [columns.map((c) => bold(c.header)), ...example];
  const keys = Object.keys(choices);
  const listRows = Math.max(0, ...keys.map((k) => choices[k].values.length));
  const lists: Row[] = [
    keys.map((k) => bold(columns.find((c) => c.key === k)?.header ?? k)),
    ...Array.from({ length: listRows }, (_, i) => keys.map((k) => (choices[k].values[i] === undefined ? null : cell(choices[k].values[i])))),
  ];
  const validations: ListValidation[] = keys.map((k) => ({
    sheet,
    column: columns.findIndex((c) => c.key === k),
    rows: 5000,
    values: choices[k].values,
    strict: choices[k].strict,
  }));
  const notes: Row[] = [
    [bold('Column'), bold('What it holds')],
    ...columns.map((c) => [{ value: c.header, type: String } as OutCell, { value: `${c.required ? 'Required. ' : ''}${c.note}`, type: String } as OutCell]),
    [null, null],
    [
      { value: 'Example', type: String },
      { value: `Row 2 of the ${sheet} sheet is an example: replace it with your own rows. Drop-down lists come from the Lists sheet.`, type: String },
    ],
  ];
  return writeWorkbook(
    [
      { sheet, data, stickyRowsCount: 1, columns: columns.map((c) => ({ width: Math.min(40, Math.max(12, c.header.length + 4)) })) },
      { sheet: 'Notes', data: notes, stickyRowsCount: 1, columns: [{ width: 22 }, { width: 100 }] },
      { sheet: 'Lists', data: lists, stickyRowsCount: 1, columns: keys.map(() => ({ width: 28 })) },
    ],
    { features: [await dataValidations(validations)] },
  );
}

function projectExamples(columns: readonly Column[], office: { strands: string[]; priorities: string[] }): OutCell[][] {
  const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const rows: Record<string, Column['example']>[] = [
    {
      title: 'Hate Crime awareness',
      change: 'Identified',
      date: d('2019-04-01'),
      strand: office.strands[0] ?? null,
      priorities: office.priorities.slice(0, 2).join('; ') || null,
      objective: 'Raise awareness of hate crime and how to report it',
      lead: 'Policy officer',
      statutory: 'No',
      forecastEnd: '2020-Q2',
    },
    { title: 'Hate Crime awareness', change: 'Scoping', date: d('2019-06-03') },
    { title: 'Hate Crime awareness', change: 'Forecast changed', date: d('2019-09-02'), reason: 'Partner consultation extended', forecastEnd: '2020-Q4' },
  ];
  return rows.map((r) => columns.map((c) => cell(r[c.key] ?? null)));
}
