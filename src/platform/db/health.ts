import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, migrationsFolder } from './client.js';

export type Readiness = { ready: true; migrations: number } | { ready: false; reason: string };

/** The migrations this code expects: drizzle's migrator records each by its journal time (`when`). */
export function expectedMigrations(): { tag: string; when: number }[] {
  return JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')).entries;
}

/**
 * Ready: the database answers within `withinMs` and every migration in the journal is recorded in
 * drizzle's migrations table. A database behind the code (a start that failed half-way, a restore
 * of an old backup) is not ready.
 */
export function createHealthService({ db, withinMs = 2000 }: { db: Db; withinMs?: number }) {
  const expected = expectedMigrations();
  return {
    async readiness(): Promise<Readiness> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Readiness>((res) => {
        timer = setTimeout(() => res({ ready: false, reason: `the database did not answer within ${withinMs} ms` }), withinMs);
      });
      const check = (async (): Promise<Readiness> => {
        const r = await db.execute<{ created_at: string }>(sql`select created_at::text as created_at from drizzle.__drizzle_migrations`);
        const rows = (Array.isArray(r) ? r : (r as { rows: { created_at: string }[] }).rows) as { created_at: string }[];
        const applied = new Set(rows.map((x) => Number(x.created_at)));
        const missing = expected.filter((m) => !applied.has(m.when)).map((m) => m.tag);
        if (missing.length) return { ready: false, reason: `migrations not applied: ${missing.join(', ')}` };
        return { ready: true, migrations: expected.length };
      })().catch((e: Error & { cause?: Error }): Readiness => ({ ready: false, reason: `the database is not reachable: ${e.cause?.message ?? e.message}` }));
      try {
        return await Promise.race([check, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
