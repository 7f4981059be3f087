// test-pass: pglite-only (chart specs and SVG, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type BarDatum, barChartSvg, donutChartSvg, vegaLiteSvg } from './charts.js';

// The charts are drawn from templates compiled once, with the figures, title and scales passed in
// as data and signals. Each must draw exactly what the whole vega-lite spec, with everything written
// into it and compiled afresh, draws: these are those whole specs.
const TEXT = '#0b0c0c';
const config = {
  font: 'Arial, Helvetica, sans-serif',
  background: 'white',
  axis: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, gridColor: '#b1b4b6' },
  legend: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  title: { color: TEXT, fontSize: 14, anchor: 'start' },
  view: { stroke: null },
};

const wholeBar = (data: BarDatum[], title: string, labelTitle: string, valueTitle: string) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  config,
  title,
  width: 360,
  height: { step: 24 },
  data: { values: data.map((d, i) => ({ ...d, order: i, colour: d.colour ?? '#1d70b8' })) },
  layer: [
    {
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: labelTitle, axis: { labelLimit: 220 } },
        x: {
          field: 'value',
          type: 'quantitative',
          title: valueTitle,
          scale: { domain: [0, Math.max(1, ...data.map((d) => d.value))] },
          axis: { tickMinStep: 1, format: 'd' },
        },
        color: { field: 'colour', type: 'nominal', scale: null, legend: null },
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 4, color: TEXT },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null },
        x: { field: 'value', type: 'quantitative' },
        text: { field: 'value', type: 'quantitative' },
      },
    },
  ],
});

const wholeDonut = (data: BarDatum[], title: string) => {
  const shown = data.filter((d) => d.value > 0);
  const slices = shown.length ? shown : [{ label: 'None', value: 1, colour: '#f3f2f1' }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config,
    title,
    width: 220,
    height: 220,
    data: { values: slices.map((d, i) => ({ ...d, order: i, colour: d.colour ?? '#1d70b8' })) },
    mark: { type: 'arc', innerRadius: 60, stroke: 'white' },
    encoding: {
      theta: { field: 'value', type: 'quantitative', stack: true },
      order: { field: 'order' },
      color: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: { field: 'order' },
        scale: { domain: slices.map((d) => d.label), range: slices.map((d) => d.colour ?? '#1d70b8') },
        legend: { orient: 'right' },
      },
    },
  };
};

// Labels of any length in any order (not alphabetical: a priority's place in the plan), values
// from 0 up, colours that two slices may share.
const data = fc.uniqueArray(
  fc.record({
    label: fc.stringMatching(/^[A-Z][a-z ]{0,40}$/),
    value: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 400 })),
    colour: fc.constantFrom('#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92'),
  }),
  { maxLength: 9, selector: (d) => d.label },
);
// (The whole spec cannot be parsed with a title naming an Object.prototype property, such as
// "toString": a vega bug the templates avoid, as the title reaches them as a signal's value.)
const title = fc.stringMatching(/^[A-Za-z0-9 ,]{1,60}$/).filter((t) => !(t in Object.prototype));

test('bar charts drawn from the compiled template are the SVG of the whole spec compiled afresh', async () => {
  await fc.assert(
    fc.asyncProperty(data, title, fc.constantFrom(['Strand', 'Projects'], ['Priority', 'Actions']), async (d, t, [labelTitle, valueTitle]) => {
      const bars = d.map(({ colour: _, ...rest }) => rest);
      assert.equal(await barChartSvg(bars, { title: t, labelTitle, valueTitle }), await vegaLiteSvg(wholeBar(bars, t, labelTitle, valueTitle)));
    }),
    { numRuns: 40 },
  );
});

test('donut charts drawn from the compiled template are the SVG of the whole spec: every slice in its own colour', async () => {
  await fc.assert(
    fc.asyncProperty(data, title, async (d, t) => {
      assert.equal(await donutChartSvg(d, { title: t }), await vegaLiteSvg(wholeDonut(d, t)));
    }),
    { numRuns: 40 },
  );
});

test('titles and labels that name Object.prototype properties are drawn as text', async () => {
  for (const word of ['toString', 'constructor', '__proto__']) {
    assert.match(
      await barChartSvg([{ label: word, value: 2 }], { title: word, labelTitle: 'Strand', valueTitle: 'Projects' }),
      new RegExp(`>${word}</text>.*>${word}</text>`, 's'),
    );
    assert.match(await donutChartSvg([{ label: word, value: 2 }], { title: word }), new RegExp(`>${word}</text>.*>${word}</text>`, 's'));
  }
});

test('a chart does not depend on the charts drawn before it', async () => {
  const long = [{ label: 'A priority with a very long name indeed, longer than the rest', value: 40, colour: '#d4351c' }];
  const short = [
    { label: 'Zeta', value: 2, colour: '#00703c' },
    { label: 'Alpha', value: 3, colour: '#00703c' },
  ];
  const first = await donutChartSvg(short, { title: 'Short' });
  await donutChartSvg(long, { title: 'Long' });
  await barChartSvg(long, { title: 'Long', labelTitle: 'Strand', valueTitle: 'Projects' });
  assert.equal(await donutChartSvg(short, { title: 'Short, again' }), await vegaLiteSvg(wholeDonut(short, 'Short, again')));
  assert.match(first, /fill="#00703c"/);
  assert.doesNotMatch(first, /#d4351c/);
});

test('dashboard charts read: strand names wrapped never cut, the figure on every bar, percentages on the donuts, colours at 3:1', async () => {
  const { contrastRatio, panelBarSvg, shareDonutsSvg, withContrast, wrapLabel } = await import('./charts.js');
  assert.deepEqual(wrapLabel('Commissioning & Partnerships', 16), ['Commissioning &', 'Partnerships']);
  assert.deepEqual(wrapLabel('Policing', 16), ['Policing']);
  const strands = [
    { label: 'Commissioning & Partnerships', value: 16 },
    { label: 'Effective and efficient operational policing across the force area', value: 7 },
    { label: 'Community', value: 0 },
  ];
  const bars = await panelBarSvg(strands, { title: 'Current projects per strand' });
  assert.doesNotMatch(bars, /…/, 'no label is cut short');
  // Every piece of text drawn (a wrapped label is a <tspan> a line).
  const texts = [...bars.matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]);
  for (const word of ['Commissioning &amp;', 'Partnerships', 'Effective and', 'operational', 'the force area', 'Community', '16', '7', '0'])
    assert.ok(
      texts.some((t) => t.includes(word)),
      `${word} is drawn`,
    );
  // A pale office colour is darkened until the slice stands out from the page at 3:1; a dark one is kept.
  assert.ok(contrastRatio(withContrast('#ffdd00'), '#ffffff') >= 3);
  assert.equal(withContrast('#1d70b8'), '#1d70b8');
  const donuts = await shareDonutsSvg([
    {
      group: 'Current projects (41)',
      rows: [
        { label: 'Champion community needs', colour: '#ffdd00', value: 17, percent: 41 },
        { label: 'Effective and efficient operational policing', colour: '#1d70b8', value: 24, percent: 59 },
      ],
    },
    { group: 'Completed projects (0)', rows: [{ label: 'Champion community needs', colour: '#ffdd00', value: 0, percent: 0 }] },
  ]);
  assert.doesNotMatch(donuts, /…/);
  for (const t of ['41%', '59%', 'Effective and efficient operational policing', 'Current projects (41)', 'Completed projects (0)'])
    assert.ok(donuts.includes(t), t);
  assert.ok(!donuts.toLowerCase().includes('#ffdd00'), 'the pale colour is not used as it is');
});
