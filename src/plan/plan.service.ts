import { createAuthRepository } from '../platform/auth/auth.repository.js';
import { type Db, isUniqueViolation, type Tx } from '../platform/db/client.js';
import { type Actor, DomainError, invalid, notFound } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { londonDate } from '../platform/db/time.js';
import { createPlanRepository } from './plan.repository.js';
import {
  commitmentInputSchema,
  commitmentLinkSchema,
  type LINK_KINDS,
  milestoneDoneSchema,
  milestoneInputSchema,
  planInputSchema,
  priorityInputSchema,
  STATUTORY_CONTENTS,
  sectionInputSchema,
  statutorySchema,
  strandInputSchema,
  transitionSchema,
} from './plan.schemas.js';
import type { PlanStatus } from './plan.table.js';

/** The only moves of a plan's status: a draft goes to consultation, then is published, then superseded. */
export const NEXT_STATUS: Record<PlanStatus, PlanStatus | null> = {
  draft: 'consultation',
  consultation: 'published',
  published: 'superseded',
  superseded: null,
};
export const STATUS_LABELS: Record<PlanStatus, string> = { draft: 'Draft', consultation: 'Consultation', published: 'Published', superseded: 'Superseded' };
/** What the public may see of a plan: nothing of a draft. */
export const PUBLIC_STATUSES: readonly PlanStatus[] = ['consultation', 'published', 'superseded'];

export type LinkKind = (typeof LINK_KINDS)[number];
/** A project, target or action as a commitment's delivery shows it. */
export type DeliveryItem = { kind: LinkKind; id: string; title: string; href: string; status: string; done: boolean };
/**
 * What delivers commitments lives in other areas: the composition root hands in how to find and
 * describe a project, target or action of an office (undefined: no such record in that office).
 */
export type Deliverables = {
  describe(officeId: string, kind: LinkKind, id: string): Promise<DeliveryItem | undefined>;
  /** Every project, target and action of the office, for the editor's choice. */
  choices(officeId: string): Promise<{ kind: LinkKind; id: string; title: string }[]>;
};

/**
 * Moving to a new plan: when a plan is published, the projects serving the earlier priorities its
 * sections carry on serve the new ones too. Projects live in another area: the composition root hands
 * in how (src/projects carryOverPriorities), run in the publishing transaction. Answers how many moved.
 */
export type CarryOver = (tx: Tx, by: Actor, pairs: [from: string, to: string][], effectiveOn: string, reason: string) => Promise<number>;

/** A Panel recommendation as the timetable shows it (src/panel), with whether the agenda item it came from is exempt. */
export type PanelRecommendation = {
  id: string;
  text: string;
  meetsOn: string;
  status: string;
  respondedOn: string | null;
  exempt: boolean;
  href: string;
};
/** The Panel area's recommendations of an office, handed in by the composition root. */
export type PanelRecommendations = { list(officeId: string): Promise<PanelRecommendation[]> };

/** The names of priorities and strands are unique in their plan or office: a clash is a field error. */
async function uniqueName<T>(area: 'priority' | 'strand', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid(area, [{ field: 'name', message: `A ${area} with this name already exists` }]);
    throw e;
  }
}

export function createPlanService({
  db,
  now = () => new Date(),
  deliverables = { describe: async () => undefined, choices: async () => [] },
  carryOver = async () => 0,
  panelRecommendations = { list: async () => [] },
}: {
  db: Db;
  now?: () => Date;
  deliverables?: Deliverables;
  carryOver?: CarryOver;
  panelRecommendations?: PanelRecommendations;
}) {
  const repo = createPlanRepository({ db });
  const event = (
    tx: Tx,
    by: Actor,
    planId: string,
    e: {
      kind: string;
      fromStatus?: PlanStatus | null;
      toStatus?: PlanStatus | null;
      fromText?: string | null;
      toText?: string | null;
      effectiveOn: string;
      reason?: string | null;
    },
  ) => createPlanRepository({ db: tx }).insertEvent({ officeId: by.officeId, planId, actorId: by.userId, actorName: by.name, recordedAt: now(), ...e });
  const planOf = async (officeId: string, id: string) => {
    const p = await repo.plan(officeId, id);
    if (!p) throw notFound('plan');
    return p;
  };
  /**
   * Moves a plan one step on (inside `tx`). Publishing supersedes the office's plan published before
   * it from this plan's start, so one plan is in force on any day.
   */
  async function moveStatus(
    tx: Tx,
    by: Actor,
    plan: { id: string; status: PlanStatus; periodStart: string },
    to: PlanStatus,
    on: string,
    reason: string | null,
  ) {
    if (to === plan.status) return;
    if (NEXT_STATUS[plan.status] !== to)
      throw new DomainError(
        'plan.transition_refused',
        `A plan that is ${STATUS_LABELS[plan.status].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}${NEXT_STATUS[plan.status] ? `: it can only move to ${STATUS_LABELS[NEXT_STATUS[plan.status] as PlanStatus].toLowerCase()}` : ''}.`,
        [
          {
            field: 'status',
            message: NEXT_STATUS[plan.status]
              ? `Choose ${STATUS_LABELS[NEXT_STATUS[plan.status] as PlanStatus]}: a plan moves from draft to consultation to published to superseded`
              : 'A superseded plan cannot change status',
          },
        ],
      );
    const r = createPlanRepository({ db: tx });
    // Against the last change of status only: a plan entered today may record steps taken before (the demo's 2016 dates).
    const last = (await r.events(by.officeId, plan.id)).filter((e) => e.kind === 'status').at(-1);
    if (last && on < last.effectiveOn)
      throw invalid('plan', [{ field: 'on', message: `The date must be on or after the last change of status, ${last.effectiveOn}` }]);
    if (to === 'published') {
      for (const other of await r.otherPublished(by.officeId, plan.id)) {
        if (other.periodStart >= plan.periodStart)
          throw new DomainError(
            'plan.transition_refused',
            `“${other.title}” is published and starts on or after this plan: only one plan is in force on any day.`,
            [{ field: 'status', message: `“${other.title}” starts on or after this plan` }],
          );
        await r.setStatus(by.officeId, other.id, 'superseded', plan.periodStart);
        await event(tx, by, other.id, {
          kind: 'status',
          fromStatus: 'published',
          toStatus: 'superseded',
          effectiveOn: plan.periodStart,
          reason: `Superseded by the publication of another plan from its start`,
        });
      }
    }
    await r.setStatus(by.officeId, plan.id, to);
    await event(tx, by, plan.id, { kind: 'status', fromStatus: plan.status, toStatus: to, effectiveOn: on, reason });
    if (to === 'published') await carryOverInto(tx, by, plan.id, on);
  }

  /**
   * Publishing a plan that carries on an earlier one's priorities and commitments: the projects of
   * each mapped priority serve the new section too, and what delivered each mapped commitment
   * delivers the new one; recorded in the plan's history.
   */
  async function carryOverInto(tx: Tx, by: Actor, planId: string, on: string) {
    const r = createPlanRepository({ db: tx });
    const sections = (await r.sectionsOf(by.officeId, planId)).filter((s) => s.carriesOnId);
    const carried = (await r.commitmentsOf(by.officeId, planId)).filter((c) => c.carriesOnId);
    const oldLinks = await r.linksOf(
      by.officeId,
      carried.map((c) => c.carriesOnId as string),
    );
    let links = 0;
    for (const c of carried)
      for (const l of oldLinks.filter((x) => x.commitmentId === c.carriesOnId))
        if (await r.insertLink({ officeId: by.officeId, commitmentId: c.id, kind: l.kind, refId: l.refId, linkedAt: now() })) links++;
    const plan = await r.plan(by.officeId, planId);
    const projects = sections.length
      ? await carryOver(
          tx,
          by,
          sections.map((s) => [s.carriesOnId as string, s.id]),
          on,
          `Carried over to “${plan?.title}”, which carries on its priorities`,
        )
      : 0;
    if (sections.length || carried.length)
      await event(tx, by, planId, {
        kind: 'carried',
        toText: `${projects} ${projects === 1 ? 'project' : 'projects'} and ${links} ${links === 1 ? 'link' : 'links'} to what delivers a commitment carried over from the earlier plan`,
        effectiveOn: on,
      });
  }

  /** The plan's sections and commitments with what each carries on, and the earlier plans' priorities and commitments to choose from. */
  async function carryOverView(officeId: string, planId: string) {
    const plan = await planOf(officeId, planId);
    const all = await repo.listPlans(officeId);
    const earlier = all.filter((p) => p.id !== plan.id && p.periodStart < plan.periodStart);
    const titles = new Map(earlier.map((p) => [p.id, p.title]));
    const [sections, commitments, earlierSections, earlierCommitments] = await Promise.all([
      repo.sectionsOf(officeId, plan.id),
      repo.commitmentsOf(officeId, plan.id),
      repo.listPriorities(officeId).then((ps) => ps.filter((p) => titles.has(p.planId))),
      repo.commitmentsOfPlans(
        officeId,
        earlier.map((p) => p.id),
      ),
    ]);
    return {
      plan,
      editable: plan.status === 'draft' || plan.status === 'consultation',
      sections: sections.map((s) => ({ ...s, commitments: commitments.filter((c) => c.sectionId === s.id) })),
      earlierSections: earlierSections.map((p) => ({ id: p.id, name: p.name, planTitle: titles.get(p.planId) as string })),
      earlierCommitments: earlierCommitments.map((c) => ({
        id: c.id,
        text: c.text,
        planTitle: titles.get(c.planId) as string,
        sectionName: earlierSections.find((p) => p.id === c.sectionId)?.name ?? '',
      })),
    };
  }

  async function audited<T>(
    by: Actor,
    entity: string,
    action: string,
    work: (tx: Tx) => Promise<{ id: string; changes: unknown; result: T }>,
    reason?: string,
  ) {
    return db.transaction(async (tx) => {
      const out = await work(tx as Tx);
      await createAuthRepository({ db: tx }).audit({
        officeId: by.officeId,
        entity,
        entityId: out.id,
        action,
        changes: JSON.stringify(out.changes),
        reason: reason ?? null,
        actorId: by.userId,
        actorName: by.name,
      });
      return out.result;
    });
  }

  return {
    currentPlan: (officeId: string) => repo.currentPlan(officeId),
    listPlans: (officeId: string) => repo.listPlans(officeId),
    async getPlan(officeId: string, id: string) {
      const p = await repo.plan(officeId, id);
      if (!p) throw notFound('plan');
      return p;
    },
    createPlan: ({ by, input }: { by: Actor; input: unknown }) => {
      const v = parseInput('plan', planInputSchema, input);
      return audited(by, 'plan', 'created', async (tx) => {
        const { reason: _reason, ...row } = v;
        const p = await createPlanRepository({ db: tx }).insertPlan({ ...row, officeId: by.officeId });
        await event(tx as Tx, by, p.id, { kind: 'entered', toStatus: p.status, toText: p.title, effectiveOn: londonDate(now()), reason: v.reason || null });
        return { id: p.id, changes: v, result: p };
      });
    },
    updatePlan: async ({ by, id, version, input }: { by: Actor; id: string; version: number; input: unknown }) => {
      const v = parseInput('plan', planInputSchema, input);
      const before = await repo.plan(by.officeId, id);
      if (!before) throw notFound('plan');
      const reason = v.reason || null;
      return audited(by, 'plan', 'updated', async (tx) => {
        const r = createPlanRepository({ db: tx });
        const p = await r.updatePlan(by.officeId, id, version, {
          title: v.title,
          periodStart: v.periodStart,
          periodEnd: v.periodEnd,
          ...(v.sectionNoun ? { sectionNoun: v.sectionNoun } : {}),
        });
        if (!p) throw new DomainError('plan.conflict', 'The plan was changed by someone else since you opened it.', [], { current: before });
        const today = londonDate(now());
        if (before.title !== v.title) await event(tx, by, id, { kind: 'renamed', fromText: before.title, toText: v.title, effectiveOn: today, reason });
        if (before.periodStart !== v.periodStart || before.periodEnd !== v.periodEnd)
          await event(tx, by, id, {
            kind: 'period',
            fromText: `${before.periodStart} to ${before.periodEnd}`,
            toText: `${v.periodStart} to ${v.periodEnd}`,
            effectiveOn: today,
            reason,
          });
        await moveStatus(tx, by, { ...p, status: before.status }, v.status, today, reason);
        return { id, changes: { before, after: v }, result: (await r.plan(by.officeId, id)) ?? p };
      });
    },
    /** Every priority of every plan of the office (targets of earlier plans hang under theirs). */
    listPriorities: (officeId: string) => repo.listPriorities(officeId),
    /** The priorities of the plan in force: what projects serve and the portfolio is split across. */
    prioritiesInForce: (officeId: string) => repo.prioritiesInForce(officeId),
    /** The priorities of the plan in force on a day (`YYYY-MM-DD`), named as they were at an instant, as a past report needs them. */
    prioritiesAt: (officeId: string, day: string, at: Date) => repo.prioritiesAt(officeId, day, at),
    /** The strands, named and ordered as they were at an instant. */
    strandsAt: (officeId: string, at: Date) => repo.strandsAt(officeId, at),
    /** Adds a priority to the plan in force, or to `planId` (an older plan's priorities, e.g. for its targets). */
    async createPriority({ by, input, planId }: { by: Actor; input: unknown; planId?: string }) {
      const v = parseInput('priority', priorityInputSchema, input);
      const plan = planId ? await repo.plan(by.officeId, planId) : await repo.currentPlan(by.officeId);
      if (!plan) throw invalid('priority', [{ field: 'plan', message: 'Create the plan before its priorities' }]);
      return uniqueName('priority', () =>
        audited(by, 'priority', 'created', async (tx) => {
          const r = createPlanRepository({ db: tx });
          const position = v.position ?? (await r.nextPriorityPosition(plan.id));
          const p = await r.insertPriority({ officeId: by.officeId, planId: plan.id, name: v.name, colour: v.colour, position }, now());
          return { id: p.id, changes: { ...v, position }, result: p };
        }),
      );
    },
    async updatePriority({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('priority', priorityInputSchema, input);
      const before = await repo.priority(by.officeId, id);
      if (!before) throw notFound('priority');
      return uniqueName('priority', () =>
        audited(by, 'priority', 'updated', async (tx) => {
          const p = await createPlanRepository({ db: tx }).updatePriority(by.officeId, id, { ...v, version: before.version + 1 }, now());
          return { id, changes: { before: { name: before.name, colour: before.colour, position: before.position }, after: v }, result: p };
        }),
      );
    },
    listStrands: (officeId: string) => repo.listStrands(officeId),

    // ---- the plan's lifecycle ----
    /** The published or superseded plan in force on a day (`YYYY-MM-DD`): one at most. */
    planInForceOn: (officeId: string, day: string) => repo.planInForceOn(officeId, day),
    /** Moves the plan one step on, dated, with why; out of order is refused. */
    async transition({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('plan', transitionSchema, input);
      const before = await planOf(by.officeId, id);
      return audited(
        by,
        'plan',
        'status',
        async (tx) => {
          await moveStatus(tx, by, before, v.status, v.on, v.reason);
          return { id, changes: { status: { from: before.status, to: v.status }, on: v.on }, result: await planOf(by.officeId, id).catch(() => before) };
        },
        v.reason,
      ).then(() => planOf(by.officeId, id));
    },
    /** The plan's history: entered, each change of status, each renaming, oldest first. */
    async history(officeId: string, id: string) {
      await planOf(officeId, id);
      return repo.events(officeId, id);
    },

    // ---- sections (the plan's chapters or priorities: the priorities table), commitments and what delivers them ----
    sectionsOf: (officeId: string, planId: string) => repo.sectionsOf(officeId, planId),
    async createSection({ by, planId, input }: { by: Actor; planId: string; input: unknown }) {
      const v = parseInput('priority', sectionInputSchema, input);
      const plan = await planOf(by.officeId, planId);
      if (v.carriesOnId) {
        const old = await repo.priority(by.officeId, v.carriesOnId);
        if (!old || old.planId === plan.id) throw invalid('priority', [{ field: 'carriesOnId', message: 'Choose a priority of an earlier plan' }]);
      }
      return uniqueName('priority', () =>
        audited(by, 'priority', 'created', async (tx) => {
          const r = createPlanRepository({ db: tx });
          const position = await r.nextPriorityPosition(plan.id);
          const p = await r.insertPriority(
            {
              officeId: by.officeId,
              planId: plan.id,
              name: v.name,
              colour: v.colour,
              position,
              summary: v.summary || null,
              carriesOnId: v.carriesOnId || null,
            },
            now(),
          );
          return { id: p.id, changes: { ...v, position }, result: p };
        }),
      );
    },
    async createCommitment({ by, planId, input }: { by: Actor; planId: string; input: unknown }) {
      const v = parseInput('commitment', commitmentInputSchema, input);
      const plan = await planOf(by.officeId, planId);
      const section = await repo.priority(by.officeId, v.sectionId);
      if (!section || section.planId !== plan.id) throw invalid('commitment', [{ field: 'sectionId', message: 'Choose a section of this plan' }]);
      if (v.carriesOnId) {
        const old = await repo.commitment(by.officeId, v.carriesOnId);
        if (!old || old.planId === plan.id) throw invalid('commitment', [{ field: 'carriesOnId', message: 'Choose a commitment of an earlier plan' }]);
      }
      return audited(by, 'commitment', 'created', async (tx) => {
        const r = createPlanRepository({ db: tx });
        const position = await r.nextCommitmentPosition(section.id);
        const c = await r.insertCommitment({
          officeId: by.officeId,
          planId: plan.id,
          sectionId: section.id,
          position,
          text: v.text,
          carriesOnId: v.carriesOnId || null,
        });
        return { id: c.id, changes: { ...v, position }, result: c };
      });
    },
    async getCommitment(officeId: string, id: string) {
      const c = await repo.commitment(officeId, id);
      if (!c) throw notFound('commitment');
      return c;
    },
    /** A commitment with its plan, its section and what delivers it. */
    async commitmentView(officeId: string, id: string) {
      const c = await repo.commitment(officeId, id);
      if (!c) throw notFound('commitment');
      const [plan, section, links] = await Promise.all([planOf(officeId, c.planId), repo.priority(officeId, c.sectionId), repo.linksOf(officeId, [c.id])]);
      const delivery = [];
      for (const l of links) {
        const item = await deliverables.describe(officeId, l.kind as LinkKind, l.refId);
        if (item) delivery.push({ ...item, linkId: l.id });
      }
      return { commitment: c, plan, section, delivery };
    },
    deliveryChoices: (officeId: string) => deliverables.choices(officeId),
    /**
     * The plan in force on `day` with its sections (named as at `at`) and their commitments, each
     * with the links that stood at `at`: what a quarter's "delivery by commitment" lists.
     */
    async commitmentsAt(officeId: string, day: string, at: Date) {
      const plan = await repo.planInForceOn(officeId, day);
      if (!plan) return null;
      const [sections, commitments] = await Promise.all([repo.prioritiesAt(officeId, day, at), repo.commitmentsOf(officeId, plan.id)]);
      const links = await repo.linksAt(
        officeId,
        commitments.map((c) => c.id),
        at,
      );
      return {
        plan: { id: plan.id, title: plan.title },
        sections: sections
          .filter((s) => s.existed)
          .map((s) => ({
            name: s.name,
            commitments: commitments
              .filter((c) => c.sectionId === s.id)
              .map((c) => ({ text: c.text, links: links.filter((l) => l.commitmentId === c.id).map((l) => ({ kind: l.kind as LinkKind, refId: l.refId })) })),
          })),
      };
    },
    /** Links a project, target or action of the office to a commitment (linking it again changes nothing). */
    async linkCommitment({ by, commitmentId, input }: { by: Actor; commitmentId: string; input: unknown }) {
      const v = parseInput('commitment', commitmentLinkSchema, input);
      const c = await repo.commitment(by.officeId, commitmentId);
      if (!c) throw notFound('commitment');
      const item = await deliverables.describe(by.officeId, v.kind, v.refId);
      if (!item) throw invalid('commitment', [{ field: 'refId', message: `Choose a ${v.kind} of this office` }]);
      return audited(by, 'commitment', 'linked', async (tx) => {
        await createPlanRepository({ db: tx }).insertLink({ officeId: by.officeId, commitmentId: c.id, kind: v.kind, refId: v.refId, linkedAt: now() });
        return { id: c.id, changes: { linked: { kind: v.kind, id: v.refId, title: item.title } }, result: item };
      });
    },
    async unlinkCommitment({ by, commitmentId, linkId }: { by: Actor; commitmentId: string; linkId: string }) {
      const c = await repo.commitment(by.officeId, commitmentId);
      if (!c) throw notFound('commitment');
      return audited(by, 'commitment', 'unlinked', async (tx) => {
        const row = await createPlanRepository({ db: tx }).deleteLink(by.officeId, linkId, now());
        if (!row || row.commitmentId !== c.id) throw notFound('commitment');
        return { id: c.id, changes: { unlinked: { kind: row.kind, id: row.refId } }, result: row };
      });
    },

    // ---- moving to a new plan: which earlier priority each section carries on, and each commitment ----
    carryOverView,
    /**
     * Sets what each section and commitment carries on, all at once (`section-<id>` and
     * `commitment-<id>` fields, blank for nothing), before the plan is published: publishing is when
     * projects carry over.
     */
    async setCarryOver({ by, planId, input }: { by: Actor; planId: string; input: Record<string, string> }) {
      const v = await carryOverView(by.officeId, planId);
      if (!v.editable)
        throw new DomainError('plan.transition_refused', 'A published plan’s projects have been carried over: its mapping can no longer change.', [
          { field: 'plan', message: 'Map the earlier plan before the new one is published' },
        ]);
      const okSections = new Set(v.earlierSections.map((s) => s.id));
      const okCommitments = new Set(v.earlierCommitments.map((c) => c.id));
      const pick = (k: string) => (typeof input[k] === 'string' ? input[k].trim() : '');
      const sections = v.sections.map((s) => ({ id: s.id, to: pick(`section-${s.id}`) }));
      const commitments = v.sections.flatMap((s) => s.commitments).map((c) => ({ id: c.id, to: pick(`commitment-${c.id}`) }));
      const errors = [
        ...sections.filter((s) => s.to && !okSections.has(s.to)).map((s) => ({ field: `section-${s.id}`, message: 'Choose a priority of an earlier plan' })),
        ...commitments
          .filter((c) => c.to && !okCommitments.has(c.to))
          .map((c) => ({ field: `commitment-${c.id}`, message: 'Choose a commitment of an earlier plan' })),
      ];
      if (errors.length) throw invalid('plan', errors);
      return audited(by, 'plan', 'carry_over', async (tx) => {
        const r = createPlanRepository({ db: tx });
        for (const s of sections) await r.setPriorityExtras(by.officeId, s.id, { carriesOnId: s.to || null });
        for (const c of commitments) await r.setCommitmentCarry(by.officeId, c.id, c.to || null);
        return { id: v.plan.id, changes: { sections, commitments }, result: { sections, commitments } };
      });
    },

    // ---- statutory contents and the development timetable ----
    async setStatutory({ by, planId, input }: { by: Actor; planId: string; input: unknown }) {
      const v = parseInput('plan', statutorySchema, input);
      const plan = await planOf(by.officeId, planId);
      if (v.sectionId) {
        const section = await repo.priority(by.officeId, v.sectionId);
        if (!section || section.planId !== plan.id) throw invalid('plan', [{ field: 'sectionId', message: 'Choose a section of this plan' }]);
      }
      return audited(by, 'plan', 'statutory', async (tx) => {
        await createPlanRepository({ db: tx }).setStatutory(by.officeId, plan.id, v.item, v.sectionId || null);
        return { id: plan.id, changes: v, result: v };
      });
    },
    /** Every statutory content at once (the checklist form): `{ objectives: sectionId or '', ... }`, in one transaction. */
    async setStatutoryAll({ by, planId, input }: { by: Actor; planId: string; input: Record<string, string> }) {
      const plan = await planOf(by.officeId, planId);
      const sections = new Set((await repo.sectionsOf(by.officeId, plan.id)).map((s) => s.id));
      const rows = STATUTORY_CONTENTS.map((c) => ({ item: c.item, sectionId: typeof input[c.item] === 'string' ? input[c.item].trim() : '' }));
      const wrong = rows.filter((r) => r.sectionId && !sections.has(r.sectionId));
      if (wrong.length)
        throw invalid(
          'plan',
          wrong.map((r) => ({ field: r.item, message: 'Choose a section of this plan' })),
        );
      return audited(by, 'plan', 'statutory', async (tx) => {
        for (const r of rows) await createPlanRepository({ db: tx }).setStatutory(by.officeId, plan.id, r.item, r.sectionId || null);
        return { id: plan.id, changes: rows, result: rows };
      });
    },
    async addMilestone({ by, planId, input }: { by: Actor; planId: string; input: unknown }) {
      const v = parseInput('milestone', milestoneInputSchema, input);
      const plan = await planOf(by.officeId, planId);
      return audited(by, 'milestone', 'created', async (tx) => {
        const m = await createPlanRepository({ db: tx }).insertMilestone({ officeId: by.officeId, planId: plan.id, ...v, endsOn: v.endsOn || null });
        return { id: m.id, changes: v, result: m };
      });
    },
    /** A step of the timetable with the Panel's recommendations to choose from (those it records first). */
    async milestonePanel(officeId: string, id: string) {
      const m = await repo.milestone(officeId, id);
      if (!m) throw notFound('milestone');
      const plan = await planOf(officeId, m.planId);
      return { milestone: m, plan, recommendations: await panelRecommendations.list(officeId) };
    },
    /** Links a step (the Panel's report on the draft, the published response) to the Panel's recommendations it records. */
    async setMilestonePanel({ by, id, input }: { by: Actor; id: string; input: { recommendationIds: string[] } }) {
      const m = await repo.milestone(by.officeId, id);
      if (!m) throw notFound('milestone');
      const known = new Set((await panelRecommendations.list(by.officeId)).map((r) => r.id));
      const ids = [...new Set(input.recommendationIds)];
      if (ids.some((x) => !known.has(x)))
        throw invalid('milestone', [{ field: 'recommendationIds', message: 'Choose recommendations of the Panel from the list' }]);
      return audited(by, 'milestone', 'panel', async (tx) => {
        const row = await createPlanRepository({ db: tx }).setMilestonePanel(by.officeId, id, ids);
        return { id, changes: { panelRecommendationIds: { from: m.panelRecommendationIds, to: ids } }, result: row ?? m };
      });
    },
    async milestoneDone({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('milestone', milestoneDoneSchema, input);
      const m = await repo.milestone(by.officeId, id);
      if (!m) throw notFound('milestone');
      return audited(by, 'milestone', 'done', async (tx) => {
        const doneOn = v.doneOn ?? londonDate(now());
        const row = await createPlanRepository({ db: tx }).setMilestoneDone(by.officeId, id, doneOn);
        return { id, changes: { doneOn: { from: m.doneOn, to: doneOn } }, result: row ?? m };
      });
    },

    /**
     * Everything the plan page shows: sections with their commitments and what has been done on each,
     * the statutory contents with the section covering each (missing ones listed), and the timetable
     * with each step done, late (its date passed in London and not done) or to come.
     */
    async planView(officeId: string, id: string) {
      const plan = await planOf(officeId, id);
      const [sections, commitments, statutory, milestones, events] = await Promise.all([
        repo.sectionsOf(officeId, id),
        repo.commitmentsOf(officeId, id),
        repo.statutoryOf(officeId, id),
        repo.milestonesOf(officeId, id),
        repo.events(officeId, id),
      ]);
      const links = await repo.linksOf(
        officeId,
        commitments.map((c) => c.id),
      );
      const delivery = new Map<string, (DeliveryItem & { linkId: string })[]>();
      for (const l of links) {
        const item = await deliverables.describe(officeId, l.kind as LinkKind, l.refId);
        if (item) delivery.set(l.commitmentId, [...(delivery.get(l.commitmentId) ?? []), { ...item, linkId: l.id }]);
      }
      const today = londonDate(now());
      const recs = milestones.some((m) => m.panelRecommendationIds.length) ? await panelRecommendations.list(officeId) : [];
      const covered = new Map(statutory.map((s) => [s.item, s.sectionId]));
      const contents = STATUTORY_CONTENTS.map((c) => ({ ...c, section: sections.find((s) => s.id === covered.get(c.item)) ?? null }));
      return {
        plan,
        sections: sections.map((s) => ({
          ...s,
          commitments: commitments
            .filter((c) => c.sectionId === s.id)
            .map((c) => {
              const d = delivery.get(c.id) ?? [];
              return { ...c, delivery: d, doneCount: d.filter((x) => x.done).length };
            }),
        })),
        contents,
        missing: contents.filter((c) => !c.section),
        milestones: milestones.map((m) => ({
          ...m,
          recommendations: recs.filter((r) => m.panelRecommendationIds.includes(r.id)),
          state: m.doneOn ? ('done' as const) : (m.endsOn ?? m.startsOn) < today ? ('late' as const) : ('to_come' as const),
        })),
        events,
        next: NEXT_STATUS[plan.status],
      };
    },
    async createStrand({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('strand', strandInputSchema, input);
      return uniqueName('strand', () =>
        audited(by, 'strand', 'created', async (tx) => {
          const r = createPlanRepository({ db: tx });
          const position = v.position ?? (await r.nextStrandPosition(by.officeId));
          const s = await r.insertStrand({ officeId: by.officeId, name: v.name, position }, now());
          return { id: s.id, changes: { ...v, position }, result: s };
        }),
      );
    },
    async updateStrand({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('strand', strandInputSchema, input);
      const before = await repo.strand(by.officeId, id);
      if (!before) throw notFound('strand');
      return uniqueName('strand', () =>
        audited(by, 'strand', 'updated', async (tx) => {
          const s = await createPlanRepository({ db: tx }).updateStrand(by.officeId, id, { ...v, version: before.version + 1 }, now());
          return { id, changes: { before: { name: before.name, position: before.position }, after: v }, result: s };
        }),
      );
    },
  };
}
export type PlanService = ReturnType<typeof createPlanService>;
