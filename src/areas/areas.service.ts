// An office's local areas (issue 18): admin-managed, each change in the audit log in its transaction.
import { createAuthRepository } from '../platform/auth/auth.repository.js';
import type { Db, Tx } from '../platform/db/client.js';
import { type Actor, invalid, notFound } from '../platform/errors.js';
import { checkId, parseInput } from '../platform/validation.js';
import { createAreasRepository } from './areas.repository.js';
import { areaInputSchema } from './areas.schemas.js';

export function createAreasService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const repo = createAreasRepository({ db });
  const audit = (tx: Tx, by: Actor, entityId: string, action: string, changes: unknown) =>
    createAuthRepository({ db: tx }).audit({
      officeId: by.officeId,
      entity: 'local_area',
      entityId,
      action,
      changes: JSON.stringify(changes),
      actorId: by.userId,
      actorName: by.name,
      recordedAt: now(),
    });
  const taken = () => invalid('area', [{ field: 'name', message: 'The office already has an area with this name' }]);

  return {
    /** The office's areas in order. */
    list: (officeId: string) => repo.list(officeId),
    async get(officeId: string, id: string) {
      const row = await repo.get(officeId, checkId(id, 'area'));
      if (!row) throw notFound('area');
      return row;
    },
    async create({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('area', areaInputSchema, input ?? {});
      return db.transaction(async (tx) => {
        const r = createAreasRepository({ db: tx as Tx });
        if (await r.byName(by.officeId, v.name)) throw taken();
        const all = await r.list(by.officeId);
        const row = await r.insert({ officeId: by.officeId, name: v.name, position: v.position ?? all.length + 1, createdAt: now(), updatedAt: now() });
        await audit(tx as Tx, by, row.id, 'created', { name: row.name, position: row.position });
        return row;
      });
    },
    async update({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('area', areaInputSchema, input ?? {});
      return db.transaction(async (tx) => {
        const r = createAreasRepository({ db: tx as Tx });
        const before = await r.get(by.officeId, checkId(id, 'area'));
        if (!before) throw notFound('area');
        const same = await r.byName(by.officeId, v.name);
        if (same && same.id !== before.id) throw taken();
        const row = await r.update(by.officeId, before.id, { name: v.name, position: v.position ?? before.position });
        await audit(tx as Tx, by, row.id, 'updated', {
          before: { name: before.name, position: before.position },
          after: { name: row.name, position: row.position },
        });
        return row;
      });
    },
    /** Whether every id names an area of the office (a project's areas are checked with it). */
    async allKnown(officeId: string, ids: string[]) {
      return (await repo.countKnown(officeId, [...new Set(ids)])) === new Set(ids).size;
    },
  };
}
export type AreasService = ReturnType<typeof createAreasService>;
