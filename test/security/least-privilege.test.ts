// The app run as a PostgreSQL role that owns nothing, as the README shows: the owner migrates, the
// app's role has the grants below and no more. It works, and it can neither rewrite history nor
// switch the triggers that guard it off. PostgreSQL only (PGlite is one user in one process).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { createDb } from '../../src/platform/db/client.js';
import { scratchDatabase } from '../../src/platform/db/scratch.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const serverUrl = process.env.PCP_TEST_DATABASE_URL || undefined;

/** The README's grants, run as written there (the ```sql block under "A role that owns nothing"). */
function readmeGrants(role: string, database: string) {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const m = /### A role that owns nothing[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no sql block under "A role that owns nothing"');
  return m[1].replaceAll('pcp_app', role).replaceAll('DATABASE pcp ', `DATABASE ${database} `);
}

test('the app runs as a role that owns nothing, and that role cannot rewrite history or disable its guards', {
  skip: !serverUrl && 'PostgreSQL only',
}, async (t) => {
  const scratch = await scratchDatabase(serverUrl as string, 'pcp_leastpriv');
  const role = `pcp_app_${randomBytes(4).toString('hex')}`;
  const owner = await createDb({ databaseUrl: scratch.url }); // migrates, as the owner
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  t.after(async () => {
    await owner.close();
    await scratch.drop();
    await admin(`drop role if exists ${role}`).catch(() => {});
  });
  const dbName = new URL(scratch.url).pathname.slice(1);
  // The README's block creates the role and grants it what the app needs.
  await admin(readmeGrants(role, dbName));

  const appUrl = new URL(scratch.url);
  appUrl.username = role;
  appUrl.password = '';
  const app = await createDb({ databaseUrl: appUrl.toString(), migrate: false });
  t.after(() => app.close());
  const config = testConfig();
  const s = createServices({ db: app.db, config });

  // Everything the app does, as that role.
  const office = await s.auth.createOffice({ slug: 'north', name: 'North OPCC', area: 'North' });
  const u = await s.auth.createUser({
    officeId: office.id,
    input: { email: 'a@north.example.org', name: 'A', password: 'correct horse battery staple', role: 'admin' },
    by: null,
  });
  const by = { userId: u.id, name: 'A', officeId: office.id, role: 'admin' as const };
  const signIn = await s.auth.signIn({ email: 'a@north.example.org', password: 'correct horse battery staple' }, { address: '192.0.2.1' });
  assert.equal(signIn.ok, true);
  const failed = await s.auth.signIn({ email: 'a@north.example.org', password: 'wrong' }, { address: '192.0.2.1' });
  assert.equal(failed.ok, false);
  await s.plan.createPlan({ by, input: { title: 'Police and Crime Plan 2016-2021', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' } });
  const strand = await s.plan.createStrand({ by, input: { name: 'Big Issues' } });
  const priority = await s.plan.createPriority({ by, input: { name: 'Reduce offending', colour: '#d4351c' } });
  const p = await s.projects.create({ by, input: { title: 'Barnahus', strandId: strand.id, priorityIds: [priority.id] } });
  await s.projects.update({ by, id: p.id, input: { version: 1, title: 'Barnahus pilot' } });
  assert.equal((await s.projects.history(office.id, p.id)).length, 2);
  assert.equal((await s.health.readiness()).ready, true);

  // What the role cannot do.
  // Refused twice over: by the grants (only valid_to may be updated) and by the triggers.
  await assert.rejects(app.exec(`update project_history set actor_name = 'FORGED'`), /permission denied/);
  await assert.rejects(app.exec(`update project_history set valid_to = now()`), /history cannot be rewritten/);
  await assert.rejects(app.exec(`delete from audit_log`), /history cannot be rewritten|permission denied/);
  await assert.rejects(app.exec('alter table project_history disable trigger all'), /must be owner/);
  await assert.rejects(app.exec('drop trigger project_history_close_once on project_history'), /must be owner/);
  await assert.rejects(app.exec('create table mine (x int)'), /permission denied/);
});
