// What delivers a plan's commitments, as the plan area sees it: a project, a target or an action of
// the office. The plan area cannot import the projects and targets areas (they build on it), so the
// composition root hands this finder in (src/app.ts).
import { DomainError } from './platform/errors.js';
import type { DeliveryItem, Deliverables, LinkKind } from './plan/plan.service.js';
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
