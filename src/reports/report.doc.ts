// The report model as a Doc (headings, tables, charts), which the shared renderers turn into the
// web page, the Word file and the PDF. Words follow DPU-2018-04's Delivery Progress Update.
import { panelBarSvg, shareDonutsSvg } from '../documents/charts.js';
import type { Block, Doc, Panel, TableBlock } from '../documents/document.js';
import { formatApproved, referenceLabel } from '../decisions/decisions.present.js';
import {
  GROUP_LABELS,
  type GroupName,
  type ListedProject,
  PRIORITY_FOOTNOTE,
  decisionsFromOf,
  provisionalNote,
  type ReportModel,
  type Trend,
} from './report.model.js';
import { currentProjectsTable } from './report.status.js';
import { areaDashboardBlocks } from './report.areas.js';

/** "1 December 2017". */
export const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const TREND: Record<Trend, string> = { up: '↑ Up', down: '↓ Down', unchanged: '→ Unchanged' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** DPU-2018-04's "Delivery Plan" slide: the stages and the gates between them, drawn as SVG. */
export function deliveryProcessSvg(): string {
  const stages = ['Candidate', 'Scoping', 'Delivery', 'Completed'];
  const w = 150;
  const gap = 50;
  const boxes = stages
    .map((s, i) => {
      const x = 10 + i * (w + gap);
      const box = `<rect x="${x}" y="40" width="${w}" height="56" rx="4" fill="${i === 3 ? '#00703c' : '#1d70b8'}"/><text x="${x + w / 2}" y="74" text-anchor="middle" font-family="Arial, sans-serif" font-size="16" font-weight="bold" fill="#ffffff">${s}</text>`;
      if (i === stages.length - 1) return box;
      const gx = x + w + gap / 2;
      return `${box}<line x1="${x + w}" y1="68" x2="${x + w + gap - 6}" y2="68" stroke="#0b0c0c" stroke-width="2"/><polygon points="${x + w + gap - 8},62 ${x + w + gap},68 ${x + w + gap - 8},74" fill="#0b0c0c"/><rect x="${gx - 3}" y="28" width="6" height="80" fill="#0b0c0c"/><text x="${gx}" y="22" text-anchor="middle" font-family="Arial, sans-serif" font-size="12" fill="#0b0c0c">Gate ${i + 1}</text>`;
    })
    .join('');
  const width = 20 + stages.length * w + (stages.length - 1) * gap;
  const side = `<text x="10" y="140" font-family="Arial, sans-serif" font-size="13" fill="#0b0c0c">From any open stage a project may be placed on hold, closed, or merged into another project.</text><text x="10" y="160" font-family="Arial, sans-serif" font-size="13" fill="#0b0c0c">A project may also be completed at the end of scoping.</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="175" viewBox="0 0 ${width} 175"><rect width="${width}" height="175" fill="#ffffff"/>${boxes}${side}</svg>`;
}

const PROCESS_TABLE: TableBlock = {
  type: 'table',
  caption: 'Stages of the delivery process and the gate out of each',
  head: ['Stage', 'What happens', 'Gate to the next stage'],
  rows: [
    [
      'Candidate (future project)',
      'An idea that may contribute to the Police and Crime Plan is recorded.',
      'Gate 1: decision to invest OPCC resources in scoping.',
    ],
    ['Scoping', 'The need, options and partners are explored.', 'Gate 2: decision to deliver, or to complete at the end of scoping.'],
    ['Delivery', 'The project is carried out.', 'Gate 3: decision that the project is complete.'],
    ['Completed', 'The project has delivered.', 'None.'],
  ],
  rowHeaders: true,
};

export async function reportDoc(m: ReportModel): Promise<Doc> {
  const d = m.dashboard;
  const endDate = longDate(m.period.end);
  const prevDate = longDate(m.previousPeriod.end);
  const blocks: Block[] = [];
  const sub = [`${m.office.name}. ${m.period.name}: ${m.period.months}. Figures as at ${endDate}.`];
  if (m.period.panelMeetingOn) sub.push(`For the Police and Crime Panel meeting on ${longDate(m.period.panelMeetingOn)}.`);

  if (m.provisional) blocks.push({ type: 'paragraph', style: 'lead', text: provisionalNote(endDate) });

  // 1. Dashboard: DPU-2018-04's first page, the three panels side by side on a landscape page, each
  // its count with an arrow against the quarter before, its list and its projects per strand.
  blocks.push({ type: 'heading', level: 1, text: 'Police and Crime Plan delivery overview' });
  const named: Record<GroupName, [ListedProject[], string, string, string]> = {
    completed: [d.delivered, 'project delivered', 'projects delivered', 'No projects were delivered'],
    current: [d.initiated, 'project initiated', 'projects initiated', 'No projects were initiated'],
    future: [d.candidates, 'candidate project identified', 'candidate projects identified', 'No candidate projects were identified'],
  };
  const panels: Panel[] = [];
  for (const g of d.groups) {
    const [items, one, many, none] = named[g.group];
    const by = Math.abs(g.count - g.previous);
    panels.push({
      title: GROUP_LABELS[g.group],
      count: g.count,
      trend: g.trend,
      change: g.trend === 'unchanged' ? `Unchanged from ${prevDate}` : `${g.trend === 'up' ? 'Up' : 'Down'} by ${by} from ${g.previous} at ${prevDate}`,
      listHeading: `${items.length} ${items.length === 1 ? one : many}${items.length ? ':' : ''}`,
      items: items.map((p) => p.title),
      empty: `${none} in ${m.period.name}.`,
      chart: {
        svg: await panelBarSvg(
          g.perStrand.map((s) => ({ label: s.strand, value: s.count })),
          { title: `${GROUP_LABELS[g.group]} per strand` },
        ),
        alt: `Bar chart of ${GROUP_LABELS[g.group].toLowerCase()} per strand: ${g.perStrand.map((s) => `${s.strand} ${s.count}`).join(', ')}.`,
      },
    });
  }
  // The figures behind the panels, once each: the moves that reconcile the counts, and every strand's count in one table.
  const strands = d.groups[0]?.perStrand ?? [];
  blocks.push({
    type: 'dashboard',
    panels,
    tables: [
      {
        type: 'table',
        caption: `Projects at ${endDate}, against ${prevDate}: the moves between groups`,
        head: ['Projects', `At ${prevDate}`, 'Moved in', 'Moved out', `At ${endDate}`, 'Change'],
        rows: d.groups.map((g) => [
          GROUP_LABELS[g.group],
          String(g.previous),
          String(g.in),
          String(g.out),
          String(g.count),
          `${TREND[g.trend]}${g.trend === 'unchanged' ? '' : ` by ${Math.abs(g.count - g.previous)}`}`,
        ]),
        numeric: [1, 2, 3, 4],
        rowHeaders: true,
      },
      {
        type: 'table',
        caption: `Completed, current and future projects in each strand at ${endDate}`,
        head: ['Strand', ...d.groups.map((g) => GROUP_LABELS[g.group])],
        rows: strands.map((s, i) => [s.strand, ...d.groups.map((g) => String(g.perStrand[i]?.count ?? 0))]),
        numeric: d.groups.map((_, i) => i + 1),
        rowHeaders: true,
      },
    ],
  });
  for (const g of d.groups)
    if (!g.reconciles)
      blocks.push({
        type: 'paragraph',
        style: 'small',
        text: `${GROUP_LABELS[g.group]}: ${g.previous} at ${prevDate} + ${g.in} in − ${g.out} out = ${g.count} at ${endDate}.`,
      });

  // The priority split as one figure: a donut per group, the percentages on it, one legend.
  blocks.push({ type: 'heading', level: 2, text: 'Projects split across priorities' });
  const splits = d.priorities;
  const priorityNames = splits[0]?.rows ?? [];
  const headOf = (s: (typeof splits)[number]) => (s.group === 'current' ? 'Current projects' : 'Completed projects');
  blocks.push({
    type: 'chart',
    svg: await shareDonutsSvg(
      splits.map((s) => ({
        group: `${headOf(s)} (${s.total})`,
        rows: s.rows.map((r) => ({ label: r.priority, colour: r.colour, value: r.count, percent: r.percent })),
      })),
    ),
    alt: `Donut charts of projects across priorities. ${splits.map((s) => `${headOf(s)} (${plural(s.total, 'project')}): ${s.rows.map((r) => `${r.priority} ${r.count} (${r.percent}%)`).join(', ')}.`).join(' ')}`,
    table: {
      type: 'table',
      caption: `Current and completed projects by priority at ${endDate}`,
      head: ['Priority', ...splits.flatMap((s) => [`${headOf(s)} (${s.total})`, 'Percentage'])],
      rows: priorityNames.map((r, i) => [r.priority, ...splits.flatMap((s) => [String(s.rows[i]?.count ?? 0), `${s.rows[i]?.percent ?? 0}%`])]),
      numeric: splits.flatMap((_, i) => [1 + 2 * i, 2 + 2 * i]),
      rowHeaders: true,
    },
  });
  blocks.push({ type: 'paragraph', style: 'small', text: PRIORITY_FOOTNOTE });
  if (d.flags.length) {
    blocks.push({ type: 'heading', level: 2, text: 'Points to check in the history' });
    blocks.push({ type: 'list', items: d.flags });
  }

  // 1a. Issue 18: the dashboard summary per local area, when the editor asked for it (report.areas.ts).
  blocks.push(...areaDashboardBlocks(m, endDate, prevDate));

  // 2. Delivery Plan Review: the rest of the paper is text and tables, on portrait pages.
  blocks.push({ type: 'pageBreak', orientation: m.paper?.bodyOrientation ?? 'portrait' }, { type: 'heading', level: 1, text: 'Delivery Plan Review' });
  if (m.review.length)
    blocks.push({
      type: 'table',
      caption: `Summary of changes to the Delivery Plan in ${m.period.name}`,
      head: ['Project name', 'Project objective', 'Summary of changes'],
      rows: m.review.map((r) => [r.project, r.objective, r.text]),
    });
  else blocks.push({ type: 'paragraph', text: `No projects were merged, extended, placed on hold, closed or re-scoped in ${m.period.name}.` });

  // 3. The delivery process
  blocks.push({ type: 'heading', level: 1, text: 'The delivery process' });
  blocks.push({
    type: 'list',
    items: [
      'A structured process to ensure projects contribute to delivery of the Police and Crime Plan.',
      'Boundaries between stages are key decision points (gates).',
      'Each stage requires investment of OPCC resources.',
      'A flexible and agile approach that focuses on delivery and allows us to respond to changes.',
    ],
  });
  const processSvg = deliveryProcessSvg();
  blocks.push({
    type: 'chart',
    svg: processSvg,
    alt: 'Diagram of the delivery process: Candidate, then Gate 1, Scoping, then Gate 2, Delivery, then Gate 3, Completed. From any open stage a project may be placed on hold, closed or merged; a project may be completed at the end of scoping.',
    table: PROCESS_TABLE,
  });

  // 4. Spotlights
  blocks.push({ type: 'pageBreak' }, { type: 'heading', level: 1, text: 'Project spotlights' });
  if (!m.spotlights.length) blocks.push({ type: 'paragraph', text: 'No projects are in the spotlight this period.' });
  for (const s of m.spotlights) {
    blocks.push({ type: 'heading', level: 2, text: s.title });
    blocks.push({ type: 'heading', level: 3, text: 'Overview' }, { type: 'paragraph', text: s.overview || 'No overview recorded.' });
    blocks.push({ type: 'heading', level: 3, text: 'Outcome' }, { type: 'paragraph', text: s.outcome || 'No outcome recorded.' });
  }

  // 5. Current projects by strand
  blocks.push({ type: 'pageBreak' }, { type: 'heading', level: 1, text: 'Summary of current projects' });
  if (!m.currentByStrand.length) blocks.push({ type: 'paragraph', text: `There were no current projects at ${endDate}.` });
  // Issue 18: overdue forecast ends marked, and the Status and Progress columns when asked for (report.status.ts).
  for (const s of m.currentByStrand) blocks.push(currentProjectsTable(m, s));

  // 5a. Delivery by commitment: optional (issue 16), each commitment of the plan in force at the end with what delivered it then.
  if (m.deliveryByCommitment) {
    const d = m.deliveryByCommitment;
    const kinds = { project: 'Project', target: 'Target', action: 'Action' } as const;
    blocks.push({ type: 'pageBreak' }, { type: 'heading', level: 1, text: 'Delivery by commitment' });
    blocks.push({ type: 'paragraph', text: `What delivered each commitment of the ${d.plan} at ${endDate}, and its status then.` });
    for (const s of d.sections.filter((x) => x.commitments.length))
      blocks.push({
        type: 'table',
        caption: `${s.name}: delivery by commitment`,
        head: ['Commitment', 'Delivered by', 'Status'],
        rows: s.commitments.flatMap((c) =>
          c.delivery.length ? c.delivery.map((x) => [c.text, `${kinds[x.kind]}: ${x.title}`, x.status]) : [[c.text, 'Nothing linked yet', '']],
        ),
      });
  }

  // 6. Decision notices: the period's, or from the day the editor chose to its end.
  const from = decisionsFromOf(m);
  const window = from === m.period.start ? null : `from ${longDate(from)} to ${endDate}`;
  blocks.push({ type: 'heading', level: 1, text: window ? `Decision notices approved ${window}` : 'Decision notices approved in the period' });
  if (m.decisions.length)
    blocks.push({
      type: 'table',
      caption: `Summary of decision notices approved ${window ?? `in ${m.period.name}`}`,
      head: ['Title', 'Date approved', 'Summary'],
      // A month-precision approval prints as the paper has it ("December 2017"); the reference once, not "ID: ID: 507".
      rows: m.decisions.map((x) => [
        `${x.title} (${referenceLabel(x.reference)})`,
        x.approvedPrecision === 'month' ? formatApproved(x.approvedOn, 'month') : longDate(x.approvedOn),
        x.summary,
      ]),
    });
  else blocks.push({ type: 'paragraph', text: `No decision notices were approved ${window ?? `in ${m.period.name}`}.` });

  return {
    title: `Police and Crime Plan Delivery Progress Update: ${m.period.name}${m.provisional ? ' (provisional)' : ''}`,
    subtitle: sub.join(' '),
    lang: 'en-GB',
    blocks,
    orientation: 'landscape',
    runningHeader: 'Police and Crime Plan | Delivery Progress',
    ...(m.paper?.cover
      ? { cover: { office: m.office.name, title: m.paper.title, date: m.paper.coverDate, ...(m.paper.logo ? { logo: m.paper.logo } : {}) } }
      : {}),
  };
}
