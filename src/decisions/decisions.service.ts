import { diffFields, type HistoryMark } from '../platform/history.js';
import { type Db, isUniqueViolation, type Tx } from '../platform/db/client.js';
import { londonDate } from '../platform/db/time.js';
import { type Actor, DomainError, type FieldError, invalid, notFound, StaleVersion } from '../platform/errors.js';
import { parseInput as parseRaw } from '../platform/validation.js';
import { createProjectsRepository } from '../projects/projects.repository.js';
import { createDecisionsRepository, type DecisionHistoryRow, type DecisionRow } from './decisions.repository.js';
import {
  approvalOf,
  approveSchema,
  betweenSchema,
  exemptSettingSchema,
  createDecisionSchema,
  type ListQuery,
  listQuerySchema,
  publishSchema,
  updateDecisionSchema,
  withdrawSchema,
} from './decisions.schemas.js';
import type { ApprovalPrecision, DecisionStatus } from './decisions.table.js';

/** Fields whose changes are recorded, in the order a history entry lists them. */
const TRACKED = [
  'reference',
  'title',
  'decisionMaker',
  'approvedOn',
  'summary',
  'decisionText',
  'amountPence',
  'fundingSource',
  'tags',
  'projectIds',
  'backgroundDocuments',
  'exemptText',
  'exemption',
  'exemptReason',
  'status',
  'withdrawnReason',
] as const;
type Tracked = (typeof TRACKED)[number];
export type Change = { from: unknown; to: unknown };

/** The exempt part: never published, and never sent by the API (only the signed-in pages show it). */
export const EXEMPT_FIELDS = ['exemptText', 'exemption', 'exemptReason'] as const;

/**
 * parseInput, with each problem on its form field ("backgroundDocuments", not "backgroundDocuments.0.url"),
 * so that the error summary links to a field that exists on the page.
 */
function parseInput<S extends Parameters<typeof parseRaw>[1]>(area: string, schema: S, input: unknown): ReturnType<typeof parseRaw<S>> {
  try {
    return parseRaw(area, schema, input);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const seen = new Set<string>();
    const fields = e.fields.map((f) => ({ ...f, field: f.field.split('.')[0] })).filter((f) => !seen.has(f.field) && seen.add(f.field));
    throw new DomainError(e.code, e.message, fields, e.details);
  }
}

/** "2017-12" for a notice approved in a month, "2017-12-07" on a day: as the API writes them. */
export const approvedCode = (d: { approvedOn: string | null; approvedPrecision: ApprovalPrecision }) =>
  d.approvedOn ? (d.approvedPrecision === 'month' ? d.approvedOn.slice(0, 7) : d.approvedOn) : null;

const trackedValue = (d: DecisionRow, f: Tracked): unknown => {
  // A change of precision alone ("1 December 2017" corrected to "December 2017") is a change too.
  if (f === 'approvedOn') return approvedCode(d);
  if (f === 'projectIds') return [...d.projectIds].sort();
  const v = d[f];
  if (Array.isArray(v)) return [...v];
  return v ?? null;
};

/** Who may read a notice's exempt part: editors and admins, and viewers only where the office allows it. */
export const canSeeExempt = (role: string, officeAllowsViewers: boolean) => role === 'admin' || role === 'editor' || (role === 'viewer' && officeAllowsViewers);

/** History with the exempt part's values replaced by whether there was one: for the JSON API and for readers not allowed to see it. */
export function redactHistory(rows: DecisionHistoryRow[]) {
  return rows.map((h) => {
    const changes: Record<string, unknown> = { ...h.changes };
    for (const f of EXEMPT_FIELDS) if (changes[f]) changes[f] = { from: h.changes[f].from ? '[exempt]' : '', to: h.changes[f].to ? '[exempt]' : '' };
    return { ...h, changes };
  });
}

export function createDecisionsService({ db, now = () => new Date(), mark }: { db: Db; now?: () => Date; mark?: HistoryMark }) {
  const repo = createDecisionsRepository({ db });
  const duplicate = (reference: string) =>
    invalid('decision', [{ field: 'reference', message: `A decision notice with the reference “${reference}” already exists in this office` }]);

  /** The exempt part is whole or absent: text without the exemption claimed (or the reverse) is a mistake. */
  function checkExempt(d: { exemptText: string; exemption: string; exemptReason: string }): FieldError[] {
    const any = d.exemptText || d.exemption || d.exemptReason;
    if (!any) return [];
    const errors: FieldError[] = [];
    if (!d.exemptText) errors.push({ field: 'exemptText', message: 'Enter the exempt information, or clear the exemption and its reason' });
    if (!d.exemption) errors.push({ field: 'exemption', message: 'Enter the exemption that applies, like “Schedule 12A, paragraph 3 (commercial)”' });
    if (!d.exemptReason) errors.push({ field: 'exemptReason', message: 'Enter why the information is exempt from publication' });
    return errors;
  }

  async function checkRefs(tx: Tx | Db, officeId: string, v: { reference?: string; projectIds?: string[] }, selfId?: string): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (v.reference) {
      const other = await createDecisionsRepository({ db: tx }).byReference(officeId, v.reference);
      if (other && other.id !== selfId) errors.push(duplicate(v.reference).fields[0]);
    }
    if (v.projectIds?.length) {
      const ids = [...new Set(v.projectIds)];
      // Only the office's own projects: another office's id is as unknown here as a made-up one.
      const titles = await createProjectsRepository({ db: tx }).titles(officeId, ids);
      if (titles.size !== ids.length) errors.push({ field: 'projectIds', message: 'Choose projects from the list' });
    }
    return errors;
  }

  function requireStatus(d: DecisionRow, allowed: DecisionStatus[], action: string) {
    if (!allowed.includes(d.status))
      throw new DomainError('decision.refused', `A ${d.status} notice cannot be ${action}.`, [
        { field: 'status', message: `A ${d.status} notice cannot be ${action}` },
      ]);
  }

  async function conflict(officeId: string, id: string, version: number): Promise<never> {
    const current = await repo.get(officeId, id);
    if (!current) throw notFound('decision');
    // Versions only: the current row would carry the exempt part into an API answer.
    throw new DomainError('decision.conflict', 'Someone else changed this decision notice since you opened it. Reload it and make your change again.', [], {
      yourVersion: version,
      currentVersion: current.version,
    });
  }

  /** One change and its history row, in one transaction; a stale version writes nothing. */
  async function change(
    by: Actor,
    before: DecisionRow,
    version: number,
    patch: Partial<DecisionRow>,
    entry: { kind: string; reason?: string | null },
    checks?: (tx: Tx) => Promise<FieldError[]>,
  ): Promise<DecisionRow> {
    const candidate = { ...before, ...patch } as DecisionRow;
    const changes = diffFields(TRACKED, before, candidate, trackedValue);
    if (!Object.keys(changes).length) return before;
    try {
      return await db.transaction(async (tx) => {
        const errors = checks ? await checks(tx as Tx) : [];
        if (errors.length) throw invalid('decision', errors);
        const r = createDecisionsRepository({ db: tx });
        const { projectIds, ...columns } = patch;
        const updated = await r.update(by.officeId, before.id, version, { ...columns, updatedAt: now() });
        if (!updated) throw new StaleVersion(before.id, version);
        if (projectIds && changes.projectIds) await r.setProjectsOf(by.officeId, before.id, projectIds);
        const row: DecisionRow = { ...updated, projectIds: projectIds ?? before.projectIds };
        await r.insertHistory({
          officeId: by.officeId,
          decisionId: row.id,
          version: row.version,
          kind: entry.kind,
          changes,
          reason: entry.reason || null,
          recordedAt: now(),
          actorId: by.userId,
          actorName: by.name,
          ...mark?.(),
        });
        return row;
      });
    } catch (e) {
      if (e instanceof StaleVersion) return conflict(by.officeId, e.id, e.version);
      if (isUniqueViolation(e)) throw duplicate(String(candidate.reference));
      throw e;
    }
  }

  async function load(by: Actor, id: string, version: number) {
    const d = await repo.get(by.officeId, id);
    if (!d) throw notFound('decision');
    if (d.version !== version) return conflict(by.officeId, id, version);
    return d;
  }

  const service = {
    async create({ by, input }: { by: Actor; input: unknown }): Promise<DecisionRow> {
      let v: ReturnType<typeof createDecisionSchema.parse>;
      try {
        v = parseInput('decision', createDecisionSchema, input);
      } catch (e) {
        // Say every problem at once: a taken reference too, not only on the next try.
        const ref = typeof (input as { reference?: unknown })?.reference === 'string' ? (input as { reference: string }).reference.trim() : '';
        if (!(e instanceof DomainError) || !ref || e.fields.some((f) => f.field === 'reference') || !(await repo.byReference(by.officeId, ref))) throw e;
        throw new DomainError(e.code, e.message, [duplicate(ref).fields[0], ...e.fields]);
      }
      const exemptErrors = checkExempt(v);
      try {
        return await db.transaction(async (tx) => {
          const errors = [...(await checkRefs(tx as Tx, by.officeId, v)), ...exemptErrors];
          if (errors.length) throw invalid('decision', errors);
          const r = createDecisionsRepository({ db: tx });
          const at = now();
          const inserted = await r.insert({
            officeId: by.officeId,
            reference: v.reference,
            title: v.title,
            decisionMaker: v.decisionMaker,
            summary: v.summary,
            decisionText: v.decisionText,
            amountPence: v.amount ?? null,
            fundingSource: v.fundingSource,
            tags: v.tags,
            backgroundDocuments: v.backgroundDocuments,
            exemptText: v.exemptText,
            exemption: v.exemption,
            exemptReason: v.exemptReason,
            status: 'draft',
            createdAt: at,
            updatedAt: at,
          });
          const projectIds = [...new Set(v.projectIds)].sort();
          await r.setProjectsOf(by.officeId, inserted.id, projectIds);
          const row: DecisionRow = { ...inserted, projectIds };
          const changes = Object.fromEntries(
            TRACKED.map((f) => [f, { from: null, to: trackedValue(row, f) }]).filter(([, c]) => {
              const to = (c as Change).to;
              return to !== null && to !== '' && !(Array.isArray(to) && !to.length);
            }),
          );
          await r.insertHistory({
            officeId: by.officeId,
            decisionId: row.id,
            version: row.version,
            kind: 'created',
            changes,
            reason: v.reason || null,
            recordedAt: at,
            actorId: by.userId,
            actorName: by.name,
            ...mark?.(),
          });
          return row;
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw duplicate(v.reference);
        throw e;
      }
    },

    async update({ by, id, input }: { by: Actor; id: string; input: unknown }): Promise<DecisionRow> {
      const v = parseInput('decision', updateDecisionSchema, input);
      const before = await load(by, id, v.version);
      requireStatus(before, ['draft', 'approved', 'published'], 'changed');
      const patch: Partial<DecisionRow> = {
        ...(v.reference !== undefined && { reference: v.reference }),
        ...(v.title !== undefined && { title: v.title }),
        ...(v.decisionMaker !== undefined && { decisionMaker: v.decisionMaker }),
        ...(v.summary !== undefined && { summary: v.summary }),
        ...(v.decisionText !== undefined && { decisionText: v.decisionText }),
        ...(v.amount !== undefined && { amountPence: v.amount }),
        ...(v.fundingSource !== undefined && { fundingSource: v.fundingSource }),
        ...(v.tags !== undefined && { tags: v.tags }),
        ...(v.projectIds !== undefined && { projectIds: [...new Set(v.projectIds)] }),
        ...(v.backgroundDocuments !== undefined && { backgroundDocuments: v.backgroundDocuments }),
        ...(v.exemptText !== undefined && { exemptText: v.exemptText }),
        ...(v.exemption !== undefined && { exemption: v.exemption }),
        ...(v.exemptReason !== undefined && { exemptReason: v.exemptReason }),
      };
      const after = { ...before, ...patch };
      const errors = checkExempt(after);
      // The public register shows the summary: a published notice keeps one.
      if (before.status === 'published' && !after.summary) errors.push({ field: 'summary', message: 'Enter a summary: a published notice must have one' });
      if (errors.length) throw invalid('decision', errors);
      return change(by, before, v.version, patch, { kind: 'edited', reason: v.reason }, (tx) =>
        checkRefs(tx, by.officeId, { reference: v.reference !== before.reference ? v.reference : undefined, projectIds: v.projectIds }, id),
      );
    },

    async approve({ by, id, input }: { by: Actor; id: string; input: unknown }): Promise<DecisionRow> {
      const v = parseInput('decision', approveSchema, input);
      const before = await load(by, id, v.version);
      requireStatus(before, ['draft'], 'approved');
      const errors: FieldError[] = [];
      const approved = approvalOf(v.approvedOn);
      const today = londonDate(now());
      if (approved.precision === 'month' ? approved.date.slice(0, 7) > today.slice(0, 7) : approved.date > today)
        errors.push({
          field: 'approvedOn',
          message: approved.precision === 'month' ? 'Month approved must be this month or in the past' : 'Date approved must be today or in the past',
        });
      const decisionMaker = v.decisionMaker ?? before.decisionMaker;
      if (!decisionMaker) errors.push({ field: 'decisionMaker', message: 'Enter who made the decision, like Police and Crime Commissioner' });
      if (errors.length) throw invalid('decision', errors);
      return change(
        by,
        before,
        v.version,
        { status: 'approved', approvedOn: approved.date, approvedPrecision: approved.precision, decisionMaker },
        { kind: 'approved', reason: v.reason },
      );
    },

    async publish({ by, id, input }: { by: Actor; id: string; input: unknown }): Promise<DecisionRow> {
      const v = parseInput('decision', publishSchema, input);
      const before = await load(by, id, v.version);
      requireStatus(before, ['approved'], 'published');
      if (!before.summary.trim()) throw invalid('decision', [{ field: 'summary', message: 'Enter a summary before publishing: the public register shows it' }]);
      return change(by, before, v.version, { status: 'published', publishedAt: now() }, { kind: 'published', reason: v.reason });
    },

    async withdraw({ by, id, input }: { by: Actor; id: string; input: unknown }): Promise<DecisionRow> {
      const v = parseInput('decision', withdrawSchema, input);
      const before = await load(by, id, v.version);
      requireStatus(before, ['draft', 'approved', 'published'], 'withdrawn');
      return change(by, before, v.version, { status: 'withdrawn', withdrawnReason: v.reason }, { kind: 'withdrawn', reason: v.reason });
    },

    async get(officeId: string, id: string): Promise<DecisionRow> {
      const d = await repo.get(officeId, id);
      if (!d) throw notFound('decision');
      return d;
    },
    async history(officeId: string, id: string) {
      await service.get(officeId, id);
      return repo.history(officeId, id);
    },
    /** The linked projects (id, title, stage) by title, for the signed-in notice page. */
    projectLinks: (officeId: string, d: DecisionRow) => repo.projectsOf(officeId, d.id),
    /** The notices linked to a project, for its page and the API. */
    decisionsOfProject: (officeId: string, projectId: string) => repo.decisionsOf(officeId, projectId),
    /** The office's notices that may be chosen (not withdrawn), for choice lists. */
    choices: (officeId: string) => repo.choices(officeId),
    /** Notices by id, of this office only, for naming them in history. */
    refsByIds: (officeId: string, ids: string[]) => repo.byIds(officeId, [...new Set(ids)]),
    /** The office's notice with this reference (ignoring case), or undefined: for records made by a notice already in the register. */
    refByReference: async (officeId: string, reference: string) => (await repo.byReferences(officeId, [reference]))[0],

    /** Whether this reader may see the exempt part of the office's notices. */
    async exemptVisibleTo(by: Pick<Actor, 'officeId' | 'role'>) {
      if (by.role === 'admin' || by.role === 'editor') return true;
      return canSeeExempt(by.role, await repo.exemptVisibleToViewers(by.officeId));
    },
    exemptVisibleToViewers: (officeId: string) => repo.exemptVisibleToViewers(officeId),
    /** An admin lets viewers read the exempt part, or stops them; the change goes to the audit log with who, when and why. */
    async setExemptVisibleToViewers({ by, input }: { by: Actor; input: unknown }) {
      if (by.role !== 'admin') throw new DomainError('auth.forbidden', 'Only an admin can change this setting.');
      const v = parseInput('decision_settings', exemptSettingSchema, input);
      const before = await repo.exemptVisibleToViewers(by.officeId);
      if (before === v.viewersSeeExempt) return before;
      await db.transaction(async (tx) => {
        const r = createDecisionsRepository({ db: tx });
        await r.setExemptVisibleToViewers(by.officeId, v.viewersSeeExempt);
        await r.audit({
          officeId: by.officeId,
          entity: 'office',
          entityId: by.officeId,
          action: 'exempt_visible_to_viewers',
          changes: JSON.stringify({ exemptVisibleToViewers: { from: before, to: v.viewersSeeExempt } }),
          reason: v.reason || null,
          actorId: by.userId,
          actorName: by.name,
          ...mark?.(),
          recordedAt: now(),
        });
      });
      return v.viewersSeeExempt;
    },
    list(officeId: string, query: unknown) {
      const q: ListQuery = parseInput('decision_list', listQuerySchema, query ?? {});
      return repo.list(officeId, q).then((r) => ({ ...r, page: q.page, pageSize: q.pageSize }));
    },

    // The public register: published notices only, without the exempt part (see the repository's publicColumns).
    async publicList(officeId: string, query: unknown) {
      const q: ListQuery = parseInput('decision_list', listQuerySchema, query ?? {});
      const r = await repo.listPublished(officeId, q);
      return { ...r, page: q.page, pageSize: q.pageSize, query: q };
    },
    /** Every published notice matching the filters, for the CSV and the feed. */
    async publicAll(officeId: string, query: unknown) {
      const q = parseInput('decision_list', listQuerySchema, query ?? {});
      const { page: _p, pageSize: _s, ...filters } = q;
      return (await repo.listPublished(officeId, filters)).items;
    },
    /** The newest published notices, newest approval first: for the feed. */
    publicLatest: async (officeId: string, limit: number) => (await repo.listPublished(officeId, { page: 1, pageSize: limit })).items,
    async publicGet(officeId: string, id: string) {
      const d = await repo.getPublished(officeId, id);
      if (!d) throw notFound('decision');
      return d;
    },
    publicFacets: (officeId: string) => repo.publishedFacets(officeId),

    /**
     * Notices approved in [from, to] (London dates, both inclusive) that are approved or published:
     * the quarterly report's "Decision notices approved in the period".
     */
    async approvedBetween(officeId: string, fromIsoDate: string, toIsoDate: string) {
      const v = parseInput('decision_period', betweenSchema, { from: fromIsoDate, to: toIsoDate });
      if (v.from > v.to) throw invalid('decision_period', [{ field: 'to', message: 'The end date must be on or after the start date' }]);
      const rows = await repo.approvedBetween(officeId, v.from, v.to);
      return rows.map((r) => ({ ...r, approvedOn: r.approvedOn as string }));
    },
  };
  return service;
}
export type DecisionsService = ReturnType<typeof createDecisionsService>;
