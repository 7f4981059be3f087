import { and, count, eq, inArray, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { reminderSettings, remindersSent } from './reminders.table.js';

export type ReminderSettingRow = typeof reminderSettings.$inferSelect;

export function createRemindersRepository({ db }: { db: DbOrTx }) {
  return {
    settings: (officeId: string) => db.select().from(reminderSettings).where(eq(reminderSettings.officeId, officeId)),
    async setting(officeId: string, kind: string): Promise<ReminderSettingRow | undefined> {
      const [row] = await db
        .select()
        .from(reminderSettings)
        .where(and(eq(reminderSettings.officeId, officeId), eq(reminderSettings.kind, kind)));
      return row;
    },
    /** Every office's settings that are on, for the reminder job. */
    enabled: () => db.select().from(reminderSettings).where(eq(reminderSettings.enabled, true)),
    async saveSetting(v: typeof reminderSettings.$inferInsert) {
      await db
        .insert(reminderSettings)
        .values(v)
        .onConflictDoUpdate({
          target: [reminderSettings.officeId, reminderSettings.kind],
          set: { enabled: v.enabled, recipients: v.recipients, updatedAt: v.updatedAt },
        });
    },
    /**
     * Claims the reminders of `keys` not yet claimed (or whose claim, unsent, is older than
     * `staleBefore`: a run that stopped mid-send), in one statement, and returns those this call
     * got. Two runners claiming the same key at once: the second waits on the first's row and,
     * once it commits, finds it claimed (ON CONFLICT ... WHERE sees the committed row).
     */
    async claim(v: { officeId: string; kind: string; keys: string[]; at: Date; staleBefore: Date; messageId: string }): Promise<string[]> {
      if (!v.keys.length) return [];
      const rows = await db
        .insert(remindersSent)
        .values(v.keys.map((key) => ({ officeId: v.officeId, kind: v.kind, key, claimedAt: v.at, messageId: v.messageId })))
        .onConflictDoUpdate({
          target: [remindersSent.officeId, remindersSent.kind, remindersSent.key],
          set: { claimedAt: v.at, messageId: v.messageId },
          setWhere: sql`${remindersSent.sentAt} is null and ${remindersSent.claimedAt} < ${v.staleBefore.toISOString()}`,
        })
        .returning({ key: remindersSent.key });
      return rows.map((r) => r.key);
    },
    async markSent(v: { officeId: string; kind: string; messageId: string; at: Date; recipients: string }) {
      await db
        .update(remindersSent)
        .set({ sentAt: v.at, recipients: v.recipients })
        .where(and(eq(remindersSent.officeId, v.officeId), eq(remindersSent.kind, v.kind), eq(remindersSent.messageId, v.messageId)));
    },
    /** Gives back a claim whose message could not be sent: the next run tries again. */
    async release(v: { officeId: string; kind: string; messageId: string }) {
      await db
        .delete(remindersSent)
        .where(
          and(eq(remindersSent.officeId, v.officeId), eq(remindersSent.kind, v.kind), eq(remindersSent.messageId, v.messageId), isNull(remindersSent.sentAt)),
        );
    },
    /** Per kind: reminders sent and the last time one was. */
    async sentSummary(officeId: string) {
      return db
        .select({ kind: remindersSent.kind, sent: count(), lastSentAt: max(remindersSent.sentAt) })
        .from(remindersSent)
        .where(and(eq(remindersSent.officeId, officeId), isNotNull(remindersSent.sentAt)))
        .groupBy(remindersSent.kind);
    },
    /** The sent rows of some keys (tests and the admin page ask which went out). */
    sent: (officeId: string, kind: string, keys: string[]) =>
      keys.length
        ? db
            .select()
            .from(remindersSent)
            .where(and(eq(remindersSent.officeId, officeId), eq(remindersSent.kind, kind), inArray(remindersSent.key, keys)))
        : Promise.resolve([]),
  };
}
