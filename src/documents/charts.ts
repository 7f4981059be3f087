// Charts made on the server: vega-lite compiled to vega, rendered headless to SVG (no browser, no
// canvas), and to PNG through resvg where Word needs a bitmap. Every chart goes out with its data
// table as well, so the picture is never the only way to read the figures.
import { existsSync } from 'node:fs';
import type * as vega from 'vega';
import type * as vl from 'vega-lite';
import type { Block, TableBlock } from './document.js';
import { encodePng } from './png.js';

export type BarDatum = { label: string; value: number; colour?: string };

const FONT = 'Arial, Helvetica, sans-serif';
const TEXT = '#0b0c0c';

const config = {
  font: FONT,
  background: 'white',
  axis: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, gridColor: '#b1b4b6' },
  legend: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  title: { color: TEXT, fontSize: 14, anchor: 'start' as const },
  view: { stroke: null },
};

/**
 * Charts already drawn: an SVG is a pure function of its spec (data included), so a report or
 * target page seen again, or the Word and PDF of a report just viewed, reuse them. Bounded, oldest
 * out first.
 */
const drawn = new Map<string, Promise<string>>();
const DRAWN_MAX = 500;

function memo(key: string, draw: () => Promise<string>): Promise<string> {
  // The spec's JSON is the key itself: a Map hashes a string once, where a SHA-256 of it per request
  // cost more than the lookup it saved (the entries are bounded, so the longer keys are too).
  const hit = drawn.get(key);
  if (hit) return hit;
  const svg = draw();
  drawn.set(key, svg);
  svg.catch(() => drawn.delete(key));
  if (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value as string);
  return svg;
}

// vega and vega-lite are loaded with the first chart drawn, not at start: a process that draws none
// (the API, the CLI's other commands, most tests) does not pay for them.
let chartLibs: Promise<[typeof vega, typeof vl]> | undefined;
const loadChartLibs = () => (chartLibs ??= Promise.all([import('vega'), import('vega-lite')]));

/** Renders a complete vega-lite spec to an SVG string, headless, reusing one already drawn. */
export function vegaLiteSvg(spec: Record<string, unknown>): Promise<string> {
  return memo(JSON.stringify(spec), async () => {
    const [vega, vl] = await loadChartLibs();
    return toSvg(new vega.View(vega.parse(vl.compile(spec as unknown as vl.TopLevelSpec).spec), { renderer: 'none' }));
  });
}

async function toSvg(view: vega.View): Promise<string> {
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A kind of chart whose figures, title and scales come in as data and signals, so it is compiled
 * (vega-lite to vega, then parsed) once, not per chart: that was 5 of the 10 ms a chart took. Each
 * chart still gets a view of its own, so what it draws never depends on the charts drawn before it.
 */
type Template = { key: string; vegaLite: Record<string, unknown>; patch?: (spec: vega.Spec) => void };
const runtimes = new Map<string, vega.Runtime>();

function drawFrom(t: Template, values: object[], signals: Record<string, unknown>): Promise<string> {
  return memo(JSON.stringify([t.key, values, signals]), async () => {
    const [vega, vl] = await loadChartLibs();
    let runtime = runtimes.get(t.key);
    if (!runtime) {
      const spec = vl.compile({ ...t.vegaLite, config } as unknown as vl.TopLevelSpec).spec;
      t.patch?.(spec);
      runtime = vega.parse(spec);
      if (runtimes.size > 50) runtimes.clear();
      runtimes.set(t.key, runtime);
    }
    const view = new vega.View(runtime, { renderer: 'none' }).data('values', values);
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    return toSvg(view);
  });
}

/**
 * The fonts resvg draws chart text with, found once: Liberation Sans (Arial's metrics) where the
 * machine has it, else DejaVu Sans, else whatever the system has. Only one family is loaded: resvg
 * parses every font it is given on each chart, and DejaVu's large files took 20 ms a chart against
 * Liberation's 4.
 */
const chartFonts = (() => {
  const families = [
    {
      family: 'Liberation Sans',
      files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
    },
    { family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] },
  ];
  const found = families.find((f) => f.files.every((file) => existsSync(file)));
  if (!found) return { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  return { loadSystemFonts: false, fontFiles: found.files, defaultFontFamily: found.family, sansSerifFamily: found.family };
})();

/**
 * A bitmap of an SVG for Word, at twice the size so it prints sharply. Drawn and compressed on
 * libuv's thread pool, so a document's charts are made side by side and the server stays responsive
 * meanwhile. The background is white, so every pixel is opaque and resvg's premultiplied pixels are
 * the straight RGBA that PNG stores.
 */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(svg, { fitTo: { mode: 'zoom', value: 2 }, font: chartFonts, background: 'white' });
  return encodePng(image.pixels, image.width, image.height);
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const barTemplate = (labelTitle: string, valueTitle: string): Template => ({
  key: JSON.stringify(['bar', labelTitle, valueTitle]),
  vegaLite: {
    $schema: SCHEMA,
    params: [
      { name: 'chartTitle', value: '' },
      { name: 'valueMax', value: 1 },
    ],
    title: { text: { expr: 'chartTitle' } },
    width: 360,
    height: { step: 24 },
    data: { name: 'values' },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: labelTitle, axis: { labelLimit: 220 } },
          x: {
            field: 'value',
            type: 'quantitative',
            title: valueTitle,
            scale: { domainMin: 0, domainMax: { expr: 'valueMax' } },
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
  },
});

/** Horizontal bars, one per label (e.g. projects per strand). Whole numbers on the axis. */
export function barChartSvg(data: BarDatum[], opts: { title: string; valueTitle: string; labelTitle: string }): Promise<string> {
  return drawFrom(
    barTemplate(opts.labelTitle, opts.valueTitle),
    data.map((d, i) => ({ ...d, order: i, colour: d.colour ?? '#1d70b8' })),
    { chartTitle: opts.title, valueMax: Math.max(1, ...data.map((d) => d.value)) },
  );
}

const DONUT: Template = {
  key: 'donut',
  vegaLite: {
    $schema: SCHEMA,
    params: [
      { name: 'chartTitle', value: '' },
      { name: 'labels', value: [] },
      { name: 'colours', value: [] },
    ],
    title: { text: { expr: 'chartTitle' } },
    width: 220,
    height: 220,
    data: { name: 'values' },
    mark: { type: 'arc', innerRadius: 60, stroke: 'white' },
    encoding: {
      theta: { field: 'value', type: 'quantitative', stack: true },
      order: { field: 'order' },
      color: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: { field: 'order' },
        scale: { domain: { expr: 'labels' }, range: [TEXT] },
        legend: { orient: 'right' },
      },
    },
  },
  // Each slice's own colour, in the order of its label: vega-lite takes a range from a signal only
  // element by element, so the compiled scale is pointed at the whole list.
  patch: (spec) => {
    const colour = spec.scales?.find((s) => s.name === 'color');
    if (!colour) throw new Error('donut template: the compiled spec has no color scale');
    (colour as { range: unknown }).range = { signal: 'colours' };
  },
};

/** A donut of shares (e.g. current projects across priorities), coloured by each slice's own colour. */
export function donutChartSvg(data: BarDatum[], opts: { title: string }): Promise<string> {
  const shown = data.filter((d) => d.value > 0);
  const values = (shown.length ? shown : [{ label: 'None', value: 1, colour: '#f3f2f1' }]).map((d, i) => ({ ...d, order: i, colour: d.colour ?? '#1d70b8' }));
  return drawFrom(DONUT, values, { chartTitle: opts.title, labels: values.map((v) => v.label), colours: values.map((v) => v.colour) });
}

/** A chart block for a Doc: the SVG, a text alternative and the data table (Word makes its PNG when it needs it). */
export async function chartBlock(
  kind: 'bar' | 'donut',
  data: BarDatum[],
  opts: { title: string; valueTitle?: string; labelTitle: string; table: TableBlock; alt: string },
): Promise<Block> {
  const svg =
    kind === 'bar'
      ? await barChartSvg(data, { title: opts.title, valueTitle: opts.valueTitle ?? 'Projects', labelTitle: opts.labelTitle })
      : await donutChartSvg(data, { title: opts.title });
  return { type: 'chart', svg, alt: opts.alt, table: opts.table };
}

/** Splits a label into lines of at most `width` characters at spaces, so an axis label is wrapped rather than cut. */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** WCAG 2.2 contrast ratio of two #rrggbb colours. */
export const contrastRatio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/**
 * The office's colour for a priority, darkened just enough to stand out from the white page at
 * 3:1 (WCAG 1.4.11, non-text contrast): a pale colour chosen for the plan still reads as a slice.
 */
export function withContrast(colour: string, against = '#ffffff', ratio = 3): string {
  if (!/^#[0-9a-f]{6}$/i.test(colour)) return '#505a5f';
  let c = colour.toLowerCase();
  for (let k = 0.9; contrastRatio(c, against) < ratio && k > 0; k -= 0.1) {
    const f = (i: number) =>
      Math.round(Number.parseInt(colour.slice(i, i + 2), 16) * k)
        .toString(16)
        .padStart(2, '0');
    c = `#${f(1)}${f(3)}${f(5)}`;
  }
  return c;
}

/**
 * A dashboard panel's bars (projects per strand): narrow enough for a third of a landscape page,
 * strand names wrapped over lines rather than cut, the figure at the end of each bar and no axis
 * to read it from. DPU-2018-04's dashboard draws its per-strand charts this way.
 */
export function panelBarSvg(data: BarDatum[], opts: { title: string; width?: number }): Promise<string> {
  const wrapped = Object.fromEntries(data.map((d) => [d.label, wrapLabel(d.label, 16)]));
  const lines = Math.max(1, ...Object.values(wrapped).map((l) => l.length));
  const y = { field: 'label', type: 'nominal', sort: null, title: null };
  return vegaLiteSvg({
    $schema: SCHEMA,
    config: { ...config, axis: { ...config.axis, labelFontSize: 12, ticks: false, domain: false } },
    params: [{ name: 'wrapped', value: wrapped }],
    title: { text: opts.title, fontSize: 13 },
    width: opts.width ?? 150,
    height: { step: Math.max(24, 8 + lines * 14) },
    data: { values: data.map((d) => ({ ...d, colour: d.colour ?? '#1d70b8' })) },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { ...y, axis: { labelExpr: 'wrapped[datum.value]', labelLimit: 400, labelPadding: 4 } },
          x: { field: 'value', type: 'quantitative', axis: null, scale: { domainMin: 0, domainMax: Math.max(1, ...data.map((d) => d.value)) } },
          color: { field: 'colour', type: 'nominal', scale: null, legend: null },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12, fontWeight: 'bold', color: TEXT },
        encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative' } },
      },
    ],
  });
}

export type ShareGroup = { group: string; rows: { label: string; colour: string; value: number; percent: number }[] };

/**
 * Shares of several groups (current and completed projects across priorities) as one figure: a
 * donut per group side by side, one legend, each slice's percentage beside it. Colours are the
 * office's, kept at 3:1 against the page; slices of no projects are left out of the picture.
 */
export function shareDonutsSvg(groups: ShareGroup[], opts: { title?: string } = {}): Promise<string> {
  const labels = [...new Set(groups.flatMap((g) => g.rows.map((r) => r.label)))];
  const colourOf = new Map(groups.flatMap((g) => g.rows.map((r) => [r.label, withContrast(r.colour)] as const)));
  const values = groups.flatMap((g) =>
    g.rows.some((r) => r.value > 0)
      ? g.rows.map((r) => ({ group: g.group, label: r.label, value: r.value, pct: `${r.percent}%`, order: labels.indexOf(r.label) })).filter((r) => r.value > 0)
      : [{ group: g.group, label: 'None', value: 1, pct: 'None', order: labels.length }],
  );
  const domain = values.some((v) => v.label === 'None') ? [...labels, 'None'] : labels;
  const range = domain.map((l) => colourOf.get(l) ?? '#b1b4b6');
  const theta = { field: 'value', type: 'quantitative', stack: true };
  return vegaLiteSvg({
    $schema: SCHEMA,
    config: { ...config, legend: { ...config.legend, orient: 'bottom', direction: 'vertical', labelLimit: 1000, symbolType: 'square' } },
    ...(opts.title ? { title: { text: opts.title } } : {}),
    data: { values },
    facet: {
      column: {
        field: 'group',
        type: 'nominal',
        sort: groups.map((g) => g.group),
        title: null,
        header: { labelFontSize: 13, labelFontWeight: 'bold', labelColor: TEXT },
      },
    },
    spec: {
      width: 240,
      height: 240,
      layer: [
        {
          mark: { type: 'arc', innerRadius: 58, outerRadius: 96, stroke: 'white', strokeWidth: 1.5 },
          encoding: { theta, order: { field: 'order' }, color: { field: 'label', type: 'nominal', title: null, sort: domain, scale: { domain, range } } },
        },
        {
          mark: { type: 'text', radius: 114, fontSize: 12, fontWeight: 'bold', color: TEXT },
          encoding: { theta, order: { field: 'order' }, text: { field: 'pct' } },
        },
      ],
    },
  });
}
