// test-pass: pglite-only (template compilation, no database)
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { prerenderCheckboxItems, selectWithoutOptions, trim, tuneNunjucks } from './nunjucks-tuning.js';

type Params = Parameters<typeof prerenderCheckboxItems>[0];
const { markSafe, SafeString } = nunjucks.runtime as unknown as { markSafe(s: string): unknown; SafeString: new (s: string) => object };

const here = dirname(fileURLToPath(import.meta.url));
const paths = [join(here, 'views'), join(resolve(here, '../../..'), 'node_modules/govuk-frontend/dist')];
const plain = new nunjucks.Environment(new nunjucks.FileSystemLoader(paths), { autoescape: true });
const tuned = new nunjucks.Environment(new nunjucks.FileSystemLoader(paths), { autoescape: true });
tuneNunjucks(tuned);

const govuk = (params: object) =>
  plain.renderString('{% from "govuk/components/checkboxes/macro.njk" import govukCheckboxes %}{{ govukCheckboxes(params) }}', { params });
const ours = (params: object) => tuned.renderString('{% from "choices.njk" import appCheckboxes %}{{ appCheckboxes(params) }}', { params });
const govukSelect = (params: object) =>
  plain.renderString('{% from "govuk/components/select/macro.njk" import govukSelect %}{{ govukSelect(params) }}', { params });
const ourSelect = (params: object) => tuned.renderString('{% from "choices.njk" import appSelect %}{{ appSelect(params) }}', { params });
// Whitespace between tags and around text is all that may differ.
const norm = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').replace(/> /g, '>').replace(/ </g, '<').trim();

const fieldset = { legend: { text: 'Projects to merge in', classes: 'govuk-fieldset__legend--s' } };
const items = [
  { value: 'a1', text: 'Alpha & <Omega>', hint: { text: 'Scoping "now"' } },
  { value: 'b2', text: "O'Brien \\ review", checked: true },
  null,
  { value: 'c3', text: 42, hint: { text: '' }, checked: false },
  { value: 'd4', text: 'Delta', hint: { text: 'On hold' }, checked: 'yes' },
];

test('appCheckboxes writes plain items as govukCheckboxes does', () => {
  const cases = [
    { idPrefix: 'sourceIds', name: 'sourceIds', fieldset, hint: { text: 'Each one you choose becomes merged' }, items },
    { name: 'projectIds', fieldset, classes: 'govuk-checkboxes--small', items, errorMessage: { text: 'Choose a project' } },
    { idPrefix: 'x', name: 'x', fieldset, items: [{ value: 'only', text: 'Only one' }], formGroup: { classes: 'app-extra', afterInputs: { text: 'after' } } },
    { idPrefix: 'x', name: 'x', fieldset, items: [] },
  ];
  for (const params of cases) {
    assert.equal(prerenderCheckboxItems(params).items?.length, 0, 'the fast path was taken');
    const a = norm(govuk(params));
    assert.ok(a.includes('govuk-checkboxes__item') || !params.items.length);
    assert.equal(norm(ours(params)), a);
  }
});

test('appCheckboxes leaves what it does not write to the govuk macro', () => {
  const others: Params[] = [
    { name: 'x', items }, // no fieldset: items carry the fieldset's describedBy
    { name: 'x', fieldset, values: ['a1'], items },
    { name: 'x', fieldset, items: [{ value: 'a', text: 'A', conditional: { html: '<p>more</p>' } }] },
    { name: 'x', fieldset, items: [{ divider: 'or' }] },
    { name: 'x', fieldset, items: [{ value: 'a', html: '<b>A</b>' }] },
    { name: 'x', fieldset, items: [{ value: 'a', text: 'A', attributes: { 'data-x': '1' } }] },
    { name: 'x', fieldset, items: [{ value: 'a', text: 'A' }], formGroup: { beforeInputs: { text: 'before' } } },
  ];
  for (const params of others) {
    assert.equal(prerenderCheckboxItems(params), params);
    assert.equal(ours(params), govuk(params));
  }
});

const options = [
  { value: '', text: 'None' },
  { value: 'a1', text: 'Alpha & <Omega> "quoted"' },
  null,
  { value: 'b2', text: "O'Brien \\ review", selected: true },
  { value: 3, text: 42, selected: false },
  { text: 'No value: the text is sent' },
];

test('appSelect writes plain options as govukSelect does', () => {
  const cases = [
    { id: 'umbrellaId', name: 'umbrellaId', label: { text: 'Umbrella project (optional)', classes: 'govuk-label--s' }, items: options },
    {
      name: 'intoId',
      label: { text: 'Into' },
      hint: { text: 'Open projects' },
      items: options,
      errorMessage: { text: 'Choose a project' },
      classes: 'app-wide',
    },
    { id: 'x', name: 'x', label: { text: 'Empty' }, items: [] },
  ];
  for (const params of cases) {
    assert.deepEqual(selectWithoutOptions(params).items, [], 'the fast path was taken');
    assert.equal(norm(ourSelect(params)), norm(govukSelect(params)));
  }
  assert.ok(norm(ourSelect(cases[0])).includes('<option value="b2" selected>O&#39;Brien &#92; review</option>'));
});

test('appSelect leaves what it does not write to the govuk macro', () => {
  const others: Parameters<typeof selectWithoutOptions>[0][] = [
    { name: 'x', value: 'a1', items: options },
    { name: 'x', items: [{ value: 'a', text: 'A', disabled: true }] },
    { name: 'x', items: [{ value: 'a', text: 'A', attributes: { 'data-x': '1' } }] },
    { name: 'x', items: [{ text: 'No value' }, { value: 'b', text: '' }] },
    { name: 'x', items: [{ value: 'a', text: 'A' }], formGroup: { afterInput: { html: '<p>after</select></p>' } } },
  ];
  for (const params of others) {
    assert.equal(selectWithoutOptions(params), params);
    assert.equal(ourSelect(params), govukSelect(params));
  }
});

test('trim removes what Nunjucks trim removes and keeps safeness', () => {
  const ws = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', 'x', 'y'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ws), { maxLength: 40 }), (chars) => {
      const s = chars.join('');
      assert.equal(trim(s), s.replace(/^\s*|\s*$/g, ''));
    }),
  );
  const safe = markSafe('  <b>x</b>  ');
  assert.equal(String(trim(safe)), '<b>x</b>');
  assert.ok(trim(safe) instanceof SafeString);
  assert.equal(tuned.renderString('{{ s | trim }}|{{ t | trim }}', { s: '  <i> ', t: safe }), '&lt;i&gt;|<b>x</b>');
});

test('a macro file imported without context runs once per compiled template, not once per render; with context, every time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-njk-'));
  writeFileSync(join(dir, 'macro.njk'), '{% set ran = tick() %}{% macro shout(x) %}<b>{{ x | upper }}</b>{% endmacro %}');
  writeFileSync(join(dir, 'page.njk'), '{% from "macro.njk" import shout %}{{ shout(word) }}');
  writeFileSync(join(dir, 'context.njk'), '{% from "macro.njk" import shout with context %}{{ shout(word) }}');
  const runs = (tune: boolean, page: string) => {
    let n = 0;
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true });
    env.addGlobal('tick', () => ++n);
    if (tune) tuneNunjucks(env);
    const out = ['a', 'b', '<c>'].map((word) => env.render(page, { word }));
    return { n, out };
  };
  const plainRuns = runs(false, 'page.njk');
  const tunedRuns = runs(true, 'page.njk');
  assert.deepEqual(tunedRuns.out, ['<b>A</b>', '<b>B</b>', '<b>&lt;C&gt;</b>']);
  assert.deepEqual(tunedRuns.out, plainRuns.out);
  assert.equal(plainRuns.n, 3);
  assert.equal(tunedRuns.n, 1);
  assert.equal(runs(true, 'context.njk').n, 3);
});
