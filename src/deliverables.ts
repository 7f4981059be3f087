// What delivers a plan's commitments, as the plan area sees it: a project, a target or an action of
// the office. The plan area cannot import the projects and targets areas (they build on it), so the
// composition root hands this finder in (src/app.ts).
import { DomainError } from './platform/errors.js';
import type { DeliveryItem, Deliverables, LinkKind, PanelRecommendations, PlanService } from './plan/plan.service.js';
import { STATUS_LABELS as RESPONSE_LABELS } from './panel/deadlines.js';
import type { PanelService } from './panel/panel.service.js';
import type { DeliveryByCommitmentOf } from './reports/reports.service.js';
import type { ProjectsService } from './projects/projects.service.js';
import { STAGE_LABELS } from './projects/stages.js';
import { ragLabel } from './targets/rag.js';
import { ACTION_STATUS_LABELS } from './targets/targets.schemas.js';
import type { TargetsService } from './targets/targets.service.js';

/** `get` answers undefined for a record of another office, or none. */
export function deliverablesOf(services: () => { projects: ProjectsService; targets: TargetsService }): Deliverables {
  const quiet = <T>(p: Promise<T>) =>
    p.catch((e) => {
      if (e instanceof DomainError && e.code.endsWith('.not_found')) return undefined;
      throw e;
    });
  return {
    async choices(officeId: string) {
      const { projects, targets } = services();
      const [ps, ts, as] = await Promise.all([projects.choices(officeId), targets.listTargets(officeId), targets.listActions(officeId)]);
      return [
        ...ps.map((p) => ({ kind: 'project' as const, id: p.id, title: p.title })),
        ...ts.map((t) => ({ kind: 'target' as const, id: t.id, title: t.statement })),
        ...as.map((a) => ({ kind: 'action' as const, id: a.id, title: `${a.number} ${a.text}` })),
      ];
    },
    async describe(officeId: string, kind: LinkKind, id: string): Promise<DeliveryItem | undefined> {
      const { projects, targets } = services();
      if (kind === 'project') {
        const p = await quiet(projects.get(officeId, id));
        return p && { kind, id, title: p.title, href: `/projects/${id}`, status: STAGE_LABELS[p.stage], done: p.stage === 'completed' };
      }
      if (kind === 'target') {
        const t = await quiet(targets.getTarget(officeId, id));
        return t && { kind, id, title: t.statement, href: `/targets/${id}`, status: ragLabel(t.rag), done: t.rag.kind === 'rag' && t.rag.status === 'green' };
      }
      const a = await quiet(targets.getAction(officeId, id));
      return a && { kind, id, title: `${a.number} ${a.text}`, href: `/actions/${id}`, status: ACTION_STATUS_LABELS[a.status], done: a.status === 'completed' };
    },
  };
}

/**
 * The quarterly report's "Delivery by commitment" (issue 16): each commitment of the plan in force at
 * the period's end, with the projects, targets and actions linked to it then and their status then:
 * a project's stage from its history as at the end, a target's status from the figures up to the
 * period's last day, an action's status undone by the changes recorded after the end.
 */
const KIND_ORDER: Record<LinkKind, number> = { project: 0, target: 1, action: 2 };

export function deliveryByCommitmentOf(services: () => { plan: PlanService; targets: TargetsService }): DeliveryByCommitmentOf {
  return async (officeId, day, at, projectsAtEnd) => {
    const { plan, targets } = services();
    const found = await plan.commitmentsAt(officeId, day, at);
    if (!found) return null;
    const [ts, as] = await Promise.all([targets.listTargets(officeId, { asAt: day }), targets.listActions(officeId, { asAt: day })]);
    const projects = new Map(projectsAtEnd.map((p) => [p.id, p]));
    const actionStatus = async (a: (typeof as)[number]) => {
      // Newest first from the history: the first change after the end, in time, is the last of these.
      const later = (await targets.actionHistory(officeId, a.id)).filter((h) => h.recordedAt > at).reverse();
      const change = later.map((h) => (h.changes as { status?: { from?: string } }).status).find((c) => c?.from);
      return (change?.from ?? a.status) as keyof typeof ACTION_STATUS_LABELS;
    };
    const describe = async (l: { kind: LinkKind; refId: string }) => {
      if (l.kind === 'project') {
        const p = projects.get(l.refId);
        return p && { kind: l.kind, title: p.statutory ? `${p.title} (statutory)` : p.title, status: STAGE_LABELS[p.stage] };
      }
      if (l.kind === 'target') {
        const t = ts.find((x) => x.id === l.refId && x.createdAt <= at);
        return t && { kind: l.kind, title: t.statement, status: ragLabel(t.rag) };
      }
      const a = as.find((x) => x.id === l.refId && x.createdAt <= at);
      return a && { kind: l.kind, title: `${a.number} ${a.text}`, status: ACTION_STATUS_LABELS[await actionStatus(a)] };
    };
    return {
      plan: found.plan.title,
      sections: await Promise.all(
        found.sections.map(async (s) => ({
          name: s.name,
          commitments: await Promise.all(
            s.commitments.map(async (c) => ({
              text: c.text,
              // Projects, then targets, then actions, each by title: the same order in every paper.
              delivery: (await Promise.all(c.links.map(describe)))
                .filter((d): d is NonNullable<typeof d> => !!d)
                .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.title.localeCompare(b.title, 'en-GB')),
            })),
          ),
        })),
      ),
    };
  };
}

/**
 * The Panel's recommendations as the plan's timetable links them (issue 16): the Panel's report on
 * the draft and the Commissioner's published response. Whether each came from an exempt agenda item
 * goes with it, so that the public site can leave those out.
 */
export function panelRecommendationsOf(panel: () => PanelService): PanelRecommendations {
  return {
    async list(officeId) {
      const p = panel();
      const rows = await p.recommendations(officeId);
      return Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          text: r.text,
          meetsOn: r.meetsOn,
          status: RESPONSE_LABELS[r.shown],
          respondedOn: r.respondedOn,
          exempt: r.itemId ? (await p.item(officeId, r.meetingId, r.itemId)).exempt : false,
          href: `/panel/recommendations/${r.id}`,
        })),
      );
    },
  };
}
