// test-pass: pglite-only (no database: the workbook writer alone)
// The workbook writer (src/documents/workbook.ts) read back by read-excel-file, the reader our import
// uses, and its parts checked for what a spreadsheet needs: every kind of cell, styles, frozen rows,
// widths, several sheets, and text XML cannot hold.
import assert from 'node:assert/strict';
import test from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { writeWorkbook, xmlText } from './workbook.js';

test('a workbook read back: text, numbers, dates and booleans as written; bold and formats as styles; header frozen; widths; sheets in order', async () => {
  const when = new Date('2018-03-31T00:00:00Z');
  const book = await writeWorkbook([
    {
      sheet: 'Projects & <notes>',
      stickyRowsCount: 1,
      columns: 'auto',
      data: [
        [
          { value: 'Title', type: String, fontWeight: 'bold' },
          { value: 'Amount', type: String, fontWeight: 'bold' },
          { value: 'On', type: String, fontWeight: 'bold' },
          { value: 'Done', type: String, fontWeight: 'bold' },
        ],
        [
          { value: 'Fish & "chips" <b>\u0007', type: String },
          { value: 1234.5, type: Number, format: '£#,##0.00' },
          { value: when, type: Date, format: 'dd/mm/yyyy' },
          true,
        ],
        [null, { value: 0, type: Number }, null, false],
        ['A title long enough to widen its column past the header', Number.NaN, '', null],
      ],
    },
    {
      sheet: 'Second',
      data: (function* () {
        yield ['only'] as const;
      })() as Iterable<string[]>,
    },
  ]);
  const sheets = (await readXlsxFile(book)) as { sheet: string; data: unknown[][] }[];
  assert.deepEqual(
    sheets.map((s) => s.sheet),
    ['Projects & <notes>', 'Second'],
  );
  assert.deepEqual(sheets[0].data, [
    ['Title', 'Amount', 'On', 'Done'],
    ['Fish & "chips" <b>', 1234.5, when, true],
    [null, 0, null, false],
    ['A title long enough to widen its column past the header', null, null, null],
  ]);
  assert.deepEqual(sheets[1].data, [['only']]);
  const parts = unzipSync(book);
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
  const styles = strFromU8(parts['xl/styles.xml']);
  assert.match(sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  assert.match(sheet, /<col min="1" max="1" width="57" customWidth="1"\/><col min="2" max="2" width="8" customWidth="1"\/><col min="3" max="3" width="12"/);
  assert.match(styles, /<numFmt numFmtId="164" formatCode="£#,##0.00"\/><numFmt numFmtId="165" formatCode="dd\/mm\/yyyy"\/>/);
  assert.match(styles, /<cellXfs count="4">/, 'default, bold, money, date');
  assert.doesNotMatch(strFromU8(parts['xl/worksheets/sheet2.xml']), /<pane/, 'no frozen rows unless asked');
  assert.ok(parts['[Content_Types].xml'] && parts['xl/workbook.xml'] && parts['xl/_rels/workbook.xml.rels'] && parts['_rels/.rels']);
});

test('the same sheets always give the same bytes', async () => {
  const sheets = () => [{ sheet: 'A', data: [[{ value: new Date('2020-01-01T00:00:00Z'), type: Date }, 'x']] }];
  assert.deepEqual(await writeWorkbook(sheets()), await writeWorkbook(sheets()));
});

test('text for XML: the five specials escaped where needed, characters XML 1.0 cannot hold dropped, anything else untouched', () => {
  assert.equal(xmlText('plain £ text ✓'), 'plain £ text ✓');
  assert.equal(xmlText('a & b < c > d "e"'), 'a &amp; b &lt; c &gt; d &quot;e&quot;');
  assert.equal(xmlText('bell\u0007 form\u000c tab\t line\n'), 'bell form tab\t line\n');
});
