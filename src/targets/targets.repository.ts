import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { actions, actionUpdates, targetObservations, targetSettings, targets, targetsHistory } from './targets.table.js';

export type TargetRow = typeof targets.$inferSelect;
export type ObservationRow = typeof targetObservations.$inferSelect;
export type ActionRow = typeof actions.$inferSelect;
export type DeliveryUpdateRow = typeof actionUpdates.$inferSelect;
export type TargetsHistoryRow = typeof targetsHistory.$inferSelect;

export function createTargetsRepository({ db }: { db: DbOrTx }) {
  return {
    async settings(officeId: string) {
      const [row] = await db.select().from(targetSettings).where(eq(targetSettings.officeId, officeId));
      return row;
    },
    async insertSettings(v: typeof targetSettings.$inferInsert) {
      const [row] = await db.insert(targetSettings).values(v).returning();
      return row;
    },
    async updateSettings(officeId: string, version: number, v: Partial<typeof targetSettings.$inferInsert>) {
      const row = await updateVersioned(db, targetSettings, and(eq(targetSettings.officeId, officeId)), version, v);
      return row;
    },

    listTargets: (officeId: string) => db.select().from(targets).where(eq(targets.officeId, officeId)).orderBy(asc(targets.position), asc(targets.createdAt)),
    async target(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(targets)
        .where(and(eq(targets.officeId, officeId), eq(targets.id, id)));
      return row;
    },
    async nextTargetPosition(officeId: string, priorityId: string) {
      const [r] = await db
        .select({ m: max(targets.position) })
        .from(targets)
        .where(and(eq(targets.officeId, officeId), eq(targets.priorityId, priorityId)));
      return (r?.m ?? 0) + 1;
    },
    async insertTarget(v: typeof targets.$inferInsert) {
      const [row] = await db.insert(targets).values(v).returning();
      return row;
    },
    async updateTarget(officeId: string, id: string, version: number, v: Partial<typeof targets.$inferInsert>) {
      const row = await updateVersioned(db, targets, and(eq(targets.officeId, officeId), eq(targets.id, id)), version, v);
      return row;
    },

    observations(officeId: string, targetIds: string[]) {
      if (!targetIds.length) return Promise.resolve([] as ObservationRow[]);
      return db
        .select()
        .from(targetObservations)
        .where(and(eq(targetObservations.officeId, officeId), inArray(targetObservations.targetId, targetIds)))
        .orderBy(desc(targetObservations.asAt), desc(targetObservations.recordedAt));
    },
    async insertObservation(v: typeof targetObservations.$inferInsert) {
      const [row] = await db.insert(targetObservations).values(v).returning();
      return row;
    },
    async updateObservation(officeId: string, id: string, v: Partial<typeof targetObservations.$inferInsert>) {
      const [row] = await db
        .update(targetObservations)
        .set(v)
        .where(and(eq(targetObservations.officeId, officeId), eq(targetObservations.id, id)))
        .returning();
      return row;
    },

    listActions: (officeId: string) => db.select().from(actions).where(eq(actions.officeId, officeId)),
    async action(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(actions)
        .where(and(eq(actions.officeId, officeId), eq(actions.id, id)));
      return row;
    },
    async actionByNumber(officeId: string, priorityId: string, number: string) {
      const [row] = await db
        .select()
        .from(actions)
        .where(and(eq(actions.officeId, officeId), eq(actions.priorityId, priorityId), eq(actions.number, number)));
      return row;
    },
    async insertAction(v: typeof actions.$inferInsert) {
      const [row] = await db.insert(actions).values(v).returning();
      return row;
    },
    async updateAction(officeId: string, id: string, version: number, v: Partial<typeof actions.$inferInsert>) {
      const row = await updateVersioned(db, actions, and(eq(actions.officeId, officeId), eq(actions.id, id)), version, v);
      return row;
    },
    deliveryUpdates(officeId: string, actionIds: string[]) {
      if (!actionIds.length) return Promise.resolve([] as DeliveryUpdateRow[]);
      return db
        .select()
        .from(actionUpdates)
        .where(and(eq(actionUpdates.officeId, officeId), inArray(actionUpdates.actionId, actionIds)))
        .orderBy(desc(actionUpdates.asAt), desc(actionUpdates.recordedAt));
    },
    async insertDeliveryUpdate(v: typeof actionUpdates.$inferInsert) {
      const [row] = await db.insert(actionUpdates).values(v).returning();
      return row;
    },

    async insertHistory(v: typeof targetsHistory.$inferInsert) {
      await db.insert(targetsHistory).values(v);
    },
    history: (officeId: string, entity: string, entityId: string) =>
      db
        .select()
        .from(targetsHistory)
        .where(and(eq(targetsHistory.officeId, officeId), eq(targetsHistory.entity, entity), eq(targetsHistory.entityId, entityId)))
        .orderBy(desc(targetsHistory.recordedAt), desc(targetsHistory.id)),
  };
}
