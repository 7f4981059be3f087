// The Delivery Progress Update as data: what the HTML page, the Word and PDF files, the JSON
// download and the published copy are all made from. Plain JSON (dates as strings) so that a
// published model can be stored, compared and re-rendered as it was.

export type GroupName = 'future' | 'current' | 'completed';
export const GROUPS: GroupName[] = ['completed', 'current', 'future'];
export const GROUP_LABELS: Record<GroupName, string> = { completed: 'Completed projects', current: 'Current projects', future: 'Future projects' };

export type ListedProject = { id: string; title: string; strand: string };
export type Trend = 'up' | 'down' | 'unchanged';

export type GroupSummary = {
  group: GroupName;
  count: number;
  previous: number;
  trend: Trend;
  /** Moves into and out of the group during the period, from the history. */
  in: number;
  out: number;
  /** previous + in - out === count */
  reconciles: boolean;
  perStrand: { strandId: string; strand: string; count: number }[];
};

export type DeliveryByCommitment = {
  plan: string;
  sections: { name: string; commitments: { text: string; delivery: { kind: 'project' | 'target' | 'action'; title: string; status: string }[] }[] }[];
};

export type PrioritySplit = {
  group: 'current' | 'completed';
  total: number;
  rows: { priorityId: string | null; priority: string; colour: string; count: number; percent: number }[];
};

export type ReviewRow = {
  projectId: string;
  project: string;
  objective: string;
  /** What the history says. */
  generated: string;
  /** What the paper says: the generated text or the editor's rewording. */
  text: string;
  edited: boolean;
  /** A row the editor grouped ("g-" and the group's id) and the projects it covers; absent in papers published before grouping existed. */
  key?: string;
  projectIds?: string[];
  grouped?: boolean;
};

/** A quarter's delivery status (issue 18): on track, at risk or off track, or null for "Not reported". */
export type QuarterStatusCell = { status: 'on_track' | 'at_risk' | 'off_track' | null; label: string; note: string };

export type CurrentProject = {
  id: string;
  title: string;
  objective: string;
  forecastEnd: string;
  /** Issue 18: the forecast end passed before the quarter's end while the project was still current. Absent in papers made before. */
  overdue?: boolean;
  /** Issue 18: the project's status for the quarter as recorded, when the paper has the status columns. */
  status?: QuarterStatusCell;
};

/** Issue 18: one local area's dashboard summary: its projects per group at the quarter's end, against the previous quarter's end. */
export type AreaDashboard = {
  areaId: string;
  area: string;
  groups: { group: GroupName; count: number; previous: number; trend: Trend }[];
};

export type ReportModel = {
  office: { id: string; name: string; slug: string };
  period: {
    id: string;
    name: string;
    months: string;
    start: string;
    end: string;
    scheme: 'calendar' | 'financial';
    panelMeetingOn: string | null;
    /** The decision notices listed are those approved from this day to `end`: `start` unless the editor set another. */
    decisionsFrom: string;
  };
  previousPeriod: { id: string; end: string };
  /** The instants the figures are "as at"; knownAt set when made from the history as recorded then. */
  asAt: string;
  knownAt: string | null;
  /** The quarter had not ended when the paper was made: its figures may change. Absent in papers published before it was recorded. */
  provisional?: boolean;
  dashboard: {
    groups: GroupSummary[];
    delivered: ListedProject[];
    initiated: ListedProject[];
    candidates: ListedProject[];
    priorities: PrioritySplit[];
    /**
     * Oddities the history shows, e.g. a project delivered a second time (listed once, flagged here),
     * or a decision notice that neither this paper nor the previous published one lists.
     */
    flags: string[];
  };
  review: ReviewRow[];
  /** Review rows the editor left out of the paper, with the reason recorded. */
  reviewOmitted?: { key: string; project: string; reason: string; projectIds: string[] }[];
  spotlights: { id: string; title: string; overview: string; outcome: string }[];
  currentByStrand: { strandId: string; strand: string; projects: CurrentProject[] }[];
  /** Issue 18: the editor asked for the "Status" and "Progress" columns of the current projects table. Absent in papers made before. */
  statusColumns?: boolean;
  /** Issue 18: a dashboard summary per local area, when the editor asked for it (report.areas.ts). */
  areaDashboards?: AreaDashboard[];
  /**
   * The optional "Delivery by commitment" section (issue 16): each commitment of the plan in force at
   * the period's end with what delivered it then and its status then. Absent when the editor did not ask for it.
   */
  deliveryByCommitment?: DeliveryByCommitment;
  /** approvedPrecision 'month': the paper gives only the month (papers published before it existed are days). */
  decisions: { reference: string; title: string; approvedOn: string; approvedPrecision?: 'day' | 'month'; summary: string }[];
  /** The office's paper settings when the paper was made (issue 18); absent in papers made before they existed or for an office without them. */
  paper?: PaperLayout;
};

/** How the office lays out its paper, frozen with it: a later change of logo or title leaves a published paper as it was. */
export type PaperLayout = {
  /** A cover page and contents before the dashboard; without, the paper opens on its dashboard as DPU-2018-04 does. */
  cover: boolean;
  title: string;
  /** Under the cover's title: the Panel meeting's month ("April 2018") or the quarter ("Q4 2017/18"). */
  coverDate: string;
  bodyOrientation: 'portrait' | 'landscape';
  /** 'quarter': "Q2 2020", "Apr 2020"; 'short': "Q2 '20", "Apr '20" (DPU-2020-02). */
  forecastStyle: 'quarter' | 'short';
  logo?: { mediaType: 'image/png' | 'image/jpeg'; base64: string; width: number; height: number };
};

export const DEFAULT_PAPER_TITLE = 'Police and Crime Plan: Delivery Progress Update';

/** What every output of a provisional paper says first. */
export const provisionalNote = (endDate: string) => `Provisional: this quarter ends on ${endDate}; figures may change.`;

/** Where a paper's decision notices start: papers published before the setting existed began at the period's start. */
export const decisionsFromOf = (m: Pick<ReportModel, 'period'>) => (m.period as { decisionsFrom?: string }).decisionsFrom ?? m.period.start;

export const PRIORITY_FOOTNOTE =
  'A project that serves several priorities is counted once, under the first of them in the plan’s order, so that the counts add up to the number of projects. Percentages are rounded to whole numbers by the largest-remainder method, so that they add up to exactly 100.';
