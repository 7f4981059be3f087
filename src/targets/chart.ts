// A target's trajectory against its observations, drawn on the server as SVG (vega-lite compiled
// to vega, rendered headless), so pages and papers need no browser script. The chart always comes
// with a text alternative and the data table it was drawn from.
import type * as vl from 'vega-lite';
import { vegaLiteSvg } from '../documents/charts.js';
import type { TableBlock } from '../documents/document.js';
import { govukDate } from '../platform/web/filters.js';
import { type Point, ragLabel, TRAVEL_WORDS, trajectoryAt, trajectoryPoints } from './rag.js';
import { shapeOf, type TargetView } from './targets.service.js';

export type TargetChart = { svg: string; alt: string; table: TableBlock };

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(Math.round(n * 100) / 100));

export async function targetChart(t: TargetView): Promise<TargetChart> {
  const obs = [...t.observations].sort((a, b) => a.asAt.localeCompare(b.asAt) || a.recordedAt.getTime() - b.recordedAt.getTime());
  let line: Point[] = t.kind === 'direction' ? [] : trajectoryPoints(shapeOf(t));
  // A level to keep is a flat line: draw it from the first observation (or a year before the deadline).
  if (t.kind === 'level') {
    const from = obs[0]?.asAt && obs[0].asAt < t.deadline ? obs[0].asAt : `${+t.deadline.slice(0, 4) - 1}${t.deadline.slice(4)}`;
    line = [{ date: from, value: t.targetValue }, ...line];
  }
  const values = [
    ...line.map((p) => ({ date: p.date, value: p.value, series: t.kind === 'level' ? 'Target level' : 'Trajectory' })),
    ...obs.map((o) => ({ date: o.asAt, value: o.value, series: 'Observed' })),
    ...(t.kind === 'direction' ? [{ date: t.deadline, value: t.targetValue, series: 'Target' }] : []),
  ];
  const unit = t.unit || 'value';
  // Only the series this target has, so the legend names nothing that is not drawn.
  const domain = ['Trajectory', 'Target level', 'Target', 'Observed'].filter((x) => values.some((v) => v.series === x));
  const dash: Record<string, number[]> = { Trajectory: [6, 4], 'Target level': [6, 4], Target: [1, 0], Observed: [1, 0] };
  const colour: Record<string, string> = { Trajectory: '#505a5f', 'Target level': '#505a5f', Target: '#505a5f', Observed: '#1d70b8' };
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 240,
    background: 'white',
    // The unit is the user's text: it goes in as a parameter's value, as vega fails to parse a spec
    // holding a literal title such as "toString" or "constructor" (names on Object.prototype).
    params: [{ name: 'unitTitle', value: unit }],
    data: { values },
    encoding: {
      x: { field: 'date', type: 'temporal', title: 'Date', axis: { format: '%b %Y', labelAngle: 0, tickCount: 6 } },
      y: { field: 'value', type: 'quantitative', title: { signal: 'unitTitle' }, scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain, range: domain.map((d) => colour[d]) },
        legend: { orient: 'bottom' },
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain, range: domain.map((d) => dash[d]) },
      },
    },
    layer: [{ mark: { type: 'line', strokeWidth: 3 } }, { mark: { type: 'point', filled: true, size: 80 } }],
    config: { font: 'Arial, sans-serif', axis: { labelFontSize: 13, titleFontSize: 14 }, legend: { labelFontSize: 13 } },
  };
  const svg = await vegaLiteSvg(spec as unknown as Record<string, unknown>);

  const dates = [...new Set(values.map((v) => v.date))].sort();
  const linePts = line.length ? line : [];
  const table: TableBlock = {
    type: 'table',
    caption: `Data for the chart: ${t.kind === 'direction' ? 'target and observed values' : 'trajectory and observed values'} (${unit})`,
    head: ['Date', t.kind === 'direction' ? 'Target' : t.kind === 'level' ? 'Target level' : 'Trajectory', 'Observed'],
    numeric: [1, 2],
    rowHeaders: true,
    rows: dates.map((d) => {
      const o = obs.filter((x) => x.asAt === d).at(-1);
      const traj =
        t.kind === 'direction' ? (d === t.deadline ? t.targetValue : null) : linePts.length && d >= linePts[0].date ? trajectoryAt(linePts, d) : null;
      return [govukDate(d), fmt(traj), o ? fmt(o.value) : ''];
    }),
  };

  const latest = t.latest;
  const parts = [`Line chart of ${unit} over time for the target “${t.statement}”.`];
  if (t.kind === 'direction') parts.push(`Target ${fmt(t.targetValue)} by ${govukDate(t.deadline)}, reported as a direction of travel.`);
  else if (t.kind === 'level') parts.push(`Target level ${fmt(t.targetValue)}, ${t.direction} is better.`);
  else
    parts.push(
      `Trajectory from ${fmt(line[0]?.value)} on ${govukDate(line[0]?.date)} to ${fmt(t.targetValue)} by ${govukDate(t.deadline)}${t.milestones.length ? `, through ${t.milestones.length} milestone${t.milestones.length > 1 ? 's' : ''}` : ''}; ${t.direction} is better.`,
    );
  if (latest) {
    const expected = t.kind === 'direction' ? null : trajectoryAt(line, latest.asAt);
    parts.push(
      `${obs.length} observation${obs.length > 1 ? 's' : ''}; the latest, ${fmt(latest.value)} as at ${govukDate(latest.asAt)}${expected !== null ? `, against ${fmt(expected)} on the trajectory` : ''}: ${t.rag.kind === 'travel' ? `direction of travel ${TRAVEL_WORDS[t.rag.status]}` : ragLabel(t.rag)}.`,
    );
  } else parts.push('No observations yet.');
  return { svg, alt: parts.join(' '), table };
}
