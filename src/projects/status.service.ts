// Each current project's status for the quarter (issue 18): entered by editors during the quarter,
// kept as an append-only history with who, when and why, read by the app (the quarter under way) and
// by the quarterly paper (a quarter's status as recorded, as known at the paper's instant).
import type { Db, Tx } from '../platform/db/client.js';
import { type Actor, DomainError, invalid, notFound } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { currentPeriod, parsePeriod, type Period } from '../reports/periods.js';
import { groupOf } from './stages.js';
import { createStatusRepository, type StatusRow } from './status.repository.js';
import { DELIVERY_STATUS_LABELS, type DeliveryStatus, statusInputSchema } from './status.schemas.js';

export type QuarterStatus = {
  status: DeliveryStatus;
  label: string;
  note: string;
  version: number;
  recordedAt: Date;
  actorName: string;
  reason: string | null;
};

const asStatus = (r: StatusRow): QuarterStatus => ({
  status: r.status,
  label: DELIVERY_STATUS_LABELS[r.status],
  note: r.note,
  version: r.version,
  recordedAt: r.recordedAt,
  actorName: r.actorName,
  reason: r.reason,
});

export function createStatusService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const repo = createStatusRepository({ db });

  async function quarterOf(officeId: string): Promise<Period> {
    const scheme = await repo.scheme(officeId);
    if (!scheme) throw notFound('office');
    return currentPeriod(scheme, now());
  }

  return {
    /** The quarter under way for the office: the one statuses are entered for. */
    quarter: quarterOf,
    /** A project's status for the quarter under way (null when none yet) and every entry it has had, newest first. */
    async ofProject(officeId: string, projectId: string) {
      const period = await quarterOf(officeId);
      if (!(await repo.projectExists(officeId, projectId))) throw notFound('project');
      const all = await repo.allEntries(officeId, projectId);
      const mine = all.filter((r) => r.periodId === period.id);
      return {
        period: { id: period.id, name: period.name, end: period.end },
        current: mine.length ? asStatus(mine.reduce((a, b) => (b.version > a.version ? b : a))) : null,
        version: mine.reduce((n, r) => Math.max(n, r.version), 0),
        history: all.map((r) => ({ periodId: r.periodId, periodName: parsePeriod(r.periodId).name, ...asStatus(r) })),
      };
    },
    /**
     * The statuses of a quarter, by project: the latest entry of each, as recorded by `knownAt` when
     * given (a paper made as known at an instant reads what was entered by then).
     */
    async ofQuarter(officeId: string, periodId: string, opts: { knownAt?: Date; projectIds?: string[] } = {}): Promise<Map<string, QuarterStatus>> {
      const rows = await repo.latest(officeId, parsePeriod(periodId).id, opts);
      return new Map(rows.map((r) => [r.projectId, asStatus(r)]));
    },
    /**
     * Records a current project's status for the quarter under way, with who, when and why, in one
     * transaction. `version` is the quarter's status version read (0 for none): a stale one is a conflict.
     */
    async record({ by, projectId, input }: { by: Actor; projectId: string; input: unknown }) {
      const v = parseInput('project_status', statusInputSchema, input ?? {});
      const period = await quarterOf(by.officeId);
      return db.transaction(async (tx) => {
        const r = createStatusRepository({ db: tx as Tx });
        const p = await r.projectForUpdate(by.officeId, projectId);
        if (!p) throw notFound('project');
        if (groupOf(p.stage) !== 'current')
          throw new DomainError('project_status.not_current', 'Only a current project (in scoping, in delivery or on hold) has a status for the quarter.');
        const entries = await r.entries(by.officeId, projectId, period.id);
        const latest = entries[0];
        const version = latest?.version ?? 0;
        if (v.version !== undefined && v.version !== version)
          throw new DomainError('project_status.conflict', 'Someone else changed this project’s status since you opened it. Reload the page to see it.', [], {
            current: latest ? asStatus(latest) : null,
          });
        if (latest && latest.status === v.status && latest.note === v.note)
          throw invalid('project_status', [{ field: 'status', message: 'The status and progress note are as already recorded: change one of them' }]);
        const row = await r.insert({
          officeId: by.officeId,
          projectId,
          periodId: period.id,
          version: version + 1,
          status: v.status,
          note: v.note,
          reason: v.reason || null,
          recordedAt: now(),
          actorId: by.userId,
          actorName: by.name,
        });
        if (!row) throw new DomainError('project_status.conflict', 'Someone else changed this project’s status at the same moment. Reload the page to see it.');
        return { periodId: period.id, projectId, ...asStatus(row) };
      });
    },
  };
}
export type StatusService = ReturnType<typeof createStatusService>;
