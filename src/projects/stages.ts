// The delivery process as one explicit state machine (DPU-2018-04 "Delivery Plan", PANEL-MINUTE).

export const STAGES = ['candidate', 'scoping', 'delivery', 'completed', 'on_hold', 'closed', 'merged'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  candidate: 'Candidate',
  scoping: 'Scoping',
  delivery: 'Delivery',
  completed: 'Completed',
  on_hold: 'On hold',
  closed: 'Closed',
  merged: 'Merged',
};

/** A stage as a sentence says it: "the project is now a candidate", "... in delivery", "... on hold". */
export const STAGE_PHRASES: Record<Stage, string> = {
  candidate: 'a candidate',
  scoping: 'in scoping',
  delivery: 'in delivery',
  completed: 'completed',
  on_hold: 'on hold',
  closed: 'closed',
  merged: 'merged into another project',
};

export type Group = 'future' | 'current' | 'completed';
/** The dashboard's three groups; closed and merged projects are in none. */
export function groupOf(stage: Stage): Group | null {
  if (stage === 'candidate') return 'future';
  if (stage === 'scoping' || stage === 'delivery' || stage === 'on_hold') return 'current';
  if (stage === 'completed') return 'completed';
  return null;
}

const ACTIVE: Stage[] = ['candidate', 'scoping', 'delivery'];
const OPEN: Stage[] = [...ACTIVE, 'on_hold'];

export const MOVES = {
  scope: { label: 'Start scoping', from: ['candidate'], to: 'scoping', reasonRequired: false },
  deliver: { label: 'Start delivery', from: ['scoping'], to: 'delivery', reasonRequired: false },
  complete: { label: 'Complete', from: ['delivery'], to: 'completed', reasonRequired: false },
  complete_at_scoping: { label: 'Complete at end of scoping', from: ['scoping'], to: 'completed', reasonRequired: false },
  hold: { label: 'Place on hold', from: ACTIVE, to: 'on_hold', reasonRequired: true },
  resume: { label: 'Resume', from: ['on_hold'], to: 'held_from', reasonRequired: false },
  close: { label: 'Close', from: OPEN, to: 'closed', reasonRequired: true },
  merge: { label: 'Merge into another project', from: OPEN, to: 'merged', reasonRequired: true },
} as const satisfies Record<string, { label: string; from: readonly Stage[]; to: Stage | 'held_from'; reasonRequired: boolean }>;

export type Move = keyof typeof MOVES;
export const MOVE_NAMES = Object.keys(MOVES) as Move[];

export function allowedMoves(stage: Stage): Move[] {
  return MOVE_NAMES.filter((m) => (MOVES[m].from as readonly Stage[]).includes(stage));
}

/** The stage a move leads to, or null when the move is not allowed from `stage`. */
export function target(move: Move, stage: Stage, heldFrom: Stage | null): Stage | null {
  const def = MOVES[move];
  if (!(def.from as readonly Stage[]).includes(stage)) return null;
  if (def.to === 'held_from') return heldFrom && ACTIVE.includes(heldFrom) ? heldFrom : null;
  return def.to;
}

/** Stages a project may be created in (the last three for entering an existing portfolio). */
export const INITIAL_STAGES = ['candidate', 'scoping', 'delivery'] as const;
/** A project that can still receive others merged into it. */
export const canReceiveMerge = (stage: Stage) => OPEN.includes(stage);
