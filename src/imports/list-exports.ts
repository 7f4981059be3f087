// The signed-in lists as workbooks: decision notices (as filtered) and targets with their readings.
// The exempt part of a notice is never in a download: the register's columns only.
import { dayValue, type TableSheet, tablesWorkbook } from '../documents/xlsx.js';
import type { KIND_LABELS } from '../targets/targets.schemas.js';
import { RAG_LABELS, type RagResult } from '../targets/rag.js';

const STATUS: Record<string, string> = { draft: 'Draft', approved: 'Approved', published: 'Published', withdrawn: 'Withdrawn' };

export type NoticeItem = {
  reference: string;
  title: string;
  status: string;
  approvedOn: string | null;
  approvedPrecision: 'day' | 'month';
  decisionMaker: string;
  amountPence: number | null;
  fundingSource: string;
  tags: string[];
  summary: string;
  updatedAt: Date;
};

export function decisionsWorkbook(items: NoticeItem[]) {
  const sheet: TableSheet = {
    name: 'Decision notices',
    columns: [
      { header: 'Reference', type: 'text' },
      { header: 'Title', type: 'text' },
      { header: 'Status', type: 'text' },
      // A notice approved "in December 2017" shows as Dec 2017: a month-precision date is its 1st.
      { header: 'Date approved', type: 'date' },
      { header: 'Decision maker', type: 'text' },
      { header: 'Amount', type: 'money' },
      { header: 'Funding source', type: 'text' },
      { header: 'Tags', type: 'text' },
      { header: 'Summary', type: 'text' },
      { header: 'Last changed', type: 'datetime' },
    ],
    rows: items.map((d) => [
      d.reference,
      d.title,
      STATUS[d.status] ?? d.status,
      dayValue(d.approvedOn),
      d.decisionMaker,
      d.amountPence === null ? null : d.amountPence / 100,
      d.fundingSource,
      d.tags.join('; '),
      d.summary,
      d.updatedAt,
    ]),
  };
  return tablesWorkbook([sheet]);
}

export type TargetItem = {
  statement: string;
  priorityId: string;
  kind: keyof typeof KIND_LABELS;
  direction: 'higher' | 'lower';
  unit: string;
  owner: string;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number;
  deadline: string;
  rag: RagResult;
  observations: { asAt: string; value: number; narrative: string; source: string; reportedTravel: string | null }[];
};

const ragText = (r: RagResult) => (r.kind === 'none' ? r.why : r.kind === 'travel' ? `${RAG_LABELS[r.status]} ${r.status}` : RAG_LABELS[r.status]);
const KIND_SHORT: Record<string, string> = { trajectory: 'Trajectory', level: 'Level', direction: 'Direction of travel' };

/** Targets (one row each, with the latest reading and the RAG) and every reading, in the import's words. */
export function targetsWorkbook(items: TargetItem[], priorityNames: Map<string, string>) {
  const targets: TableSheet = {
    name: 'Targets',
    columns: [
      { header: 'Priority', type: 'text' },
      { header: 'Target', type: 'text' },
      { header: 'Measured as', type: 'text' },
      { header: 'Better when', type: 'text' },
      { header: 'Unit', type: 'text' },
      { header: 'Owner', type: 'text' },
      { header: 'Baseline', type: 'number' },
      { header: 'Baseline date', type: 'date' },
      { header: 'Target value', type: 'number' },
      { header: 'Deadline', type: 'date' },
      { header: 'Latest value', type: 'number' },
      { header: 'Latest as at', type: 'date' },
      { header: 'RAG', type: 'text' },
    ],
    rows: items.map((t) => [
      priorityNames.get(t.priorityId) ?? '',
      t.statement,
      KIND_SHORT[t.kind],
      t.direction === 'higher' ? 'Higher' : 'Lower',
      t.unit,
      t.owner,
      t.baselineValue,
      dayValue(t.baselineDate),
      t.targetValue,
      dayValue(t.deadline),
      t.observations[0]?.value ?? null,
      dayValue(t.observations[0]?.asAt),
      ragText(t.rag),
    ]),
  };
  const readings: TableSheet = {
    name: 'Readings',
    columns: [
      { header: 'Target', type: 'text' },
      { header: 'As at', type: 'date' },
      { header: 'Value', type: 'number' },
      { header: 'Current performance', type: 'text' },
      { header: 'Source', type: 'text' },
      { header: 'Reported direction', type: 'text' },
    ],
    rows: items.flatMap((t) =>
      [...t.observations]
        .reverse()
        .map((o) => [
          t.statement,
          dayValue(o.asAt),
          o.value,
          o.narrative,
          o.source,
          o.reportedTravel ? o.reportedTravel[0].toUpperCase() + o.reportedTravel.slice(1) : '',
        ]),
    ),
  };
  return tablesWorkbook([targets, readings]);
}
