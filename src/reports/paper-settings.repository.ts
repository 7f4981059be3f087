import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { paperSettings } from './paper-settings.table.js';

export type PaperSettingsRow = typeof paperSettings.$inferSelect;

/** The office's paper settings: the only queries of paper_settings. */
export function createPaperSettingsRepository({ db }: { db: DbOrTx }) {
  return {
    async get(officeId: string): Promise<PaperSettingsRow | undefined> {
      const [row] = await db.select().from(paperSettings).where(eq(paperSettings.officeId, officeId));
      return row;
    },
    async insert(v: typeof paperSettings.$inferInsert) {
      const [row] = await db.insert(paperSettings).values(v).onConflictDoNothing().returning();
      return row;
    },
    /** Writes only if nobody else has since: undefined on a stale version. */
    update(officeId: string, version: number, v: Partial<typeof paperSettings.$inferInsert>) {
      return updateVersioned(db, paperSettings, eq(paperSettings.officeId, officeId), version, v);
    },
  };
}
