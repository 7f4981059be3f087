// The kept quarterly paper (issue 19): the office's change counter moves with every change of its
// records, whatever the area, in the same transaction; a kept model is never older than the records;
// two app instances on one database see each other's changes; ETag and 304 on the page and downloads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Browser, clock, freshDb, testApp, world } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { createDb, installChangeCounters } from '../platform/db/client.js';
import { DomainError } from '../platform/errors.js';

const counterOf = async (exec: (sql: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>, officeId: string) =>
  Number((await exec('select change_counter from offices where id = $1', [officeId])).rows[0].change_counter);

test('every table with an office_id has the change trigger, sign-in bookkeeping apart; a table added later gets one when installed', async (t) => {
  const database = await freshDb(t);
  const missing = await database.exec(`
    select c.table_name from information_schema.columns c
    join information_schema.tables tb using (table_schema, table_name)
    where c.table_schema = current_schema() and c.column_name = 'office_id' and tb.table_type = 'BASE TABLE'
      and not exists (select 1 from pg_trigger g where g.tgrelid = format('%I', c.table_name)::regclass and g.tgname = 'pcp_office_changed')
    order by 1`);
  assert.deepEqual(
    missing.rows.map((r) => r.table_name),
    ['api_tokens', 'oidc_logins', 'oidc_sessions', 'reminders_sent', 'security_events', 'sessions'],
  );
  const covered = await database.exec(`select count(*)::int as n from pg_trigger where tgname = 'pcp_office_changed'`);
  assert.ok(Number(covered.rows[0].n) >= 40, `only ${covered.rows[0].n} tables have the trigger`);
  // An area's new table, from a later migration: the install after migrating covers it.
  await database.exec('create table later_area (id serial primary key, office_id uuid not null references offices(id), note text)');
  await installChangeCounters(database.db);
  const office = (await database.exec(`insert into offices (slug, name, area) values ('x', 'X', 'x') returning id`)).rows[0].id as string;
  const before = await counterOf(database.exec, office);
  await database.exec('insert into later_area (office_id, note) values ($1, $2), ($1, $3)', [office, 'a', 'b']);
  assert.equal(await counterOf(database.exec, office), before + 1, 'one statement of two rows: one step');
});

test('the counter moves once per transaction and office, with the change, never without it', async (t) => {
  const w = await world(t);
  const { services, database, north, south } = w;
  const n0 = await counterOf(database.exec, north.office.id);
  const s0 = await counterOf(database.exec, south.office.id);
  // A change through a service (a project and its history row, in one transaction).
  await services.projects.create({
    by: north.editor,
    input: { title: 'Counted', stage: 'scoping', strandId: north.strands[0].id, priorityIds: [north.priorities[0].id], forecastEnd: 'TBD', overview: 'o' },
  });
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 1);
  assert.equal(await counterOf(database.exec, south.office.id), s0, 'another office is not touched');
  // A refused change writes nothing and moves nothing.
  await assert.rejects(
    services.projects.create({ by: north.editor, input: { title: '', stage: 'scoping', strandId: north.strands[0].id, priorityIds: [], forecastEnd: 'TBD' } }),
    DomainError,
  );
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 1);
  // A transaction rolled back after its writes: the counter is as it was.
  await assert.rejects(
    w.database.db.transaction(async (tx) => {
      await tx.execute(`update strands set name = name || ' (renamed)' where office_id = '${north.office.id}'` as never);
      throw new Error('rolled back');
    }),
  );
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 1);
  // The plan, the office's own row, a report's settings: every area, no service asked.
  await services.plan.createStrand({ by: north.admin, input: { name: 'Third strand' } });
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 2);
  await database.exec(`update offices set name = 'North OPCC (renamed)' where id = $1`, [north.office.id]);
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 3);
  await services.reports.saveDraft({ by: north.editor, periodId: '2020-21-Q1', input: { panelMeetingOn: '2020-07-20' } });
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 4);
  // A sign-in (a session) is not a change of the office's records.
  const app = await testApp(t, w);
  await new Browser(app).signIn(north.users.viewer.email);
  assert.equal(await counterOf(database.exec, north.office.id), n0 + 4);
});

test('property: after any sequence of changes, the kept model of a quarter is the one computed afresh (so any change to it changed its key)', async (t) => {
  const database = await freshDb(t);
  const c = clock('2018-02-10T09:00:00Z');
  const services = createServices({ db: database.db, config: testConfig(), now: c.now });
  t.after(() => services.reports.close());
  const office = await services.auth.createOffice({ slug: 'prop', name: 'Prop OPCC', area: 'prop', quarterScheme: 'calendar' });
  const u = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'e@prop.example', name: 'Ed', password: 'correct horse battery staple', role: 'admin' },
    by: null,
  });
  const by = { userId: u.id, name: 'Ed', officeId: office.id, role: 'admin' as const };
  await services.plan.createPlan({ by, input: { title: 'Plan', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' } });
  const strand = await services.plan.createStrand({ by, input: { name: 'Strand' } });
  const prio = await services.plan.createPriority({ by, input: { name: 'Priority', colour: '#1d70b8' } });
  const periods = ['2017-Q4', '2018-Q1'];
  let changed = 0;
  type Op = { op: 'create' | 'move' | 'extend' | 'rename' | 'draft' | 'time'; n: number };
  const op = fc.record({
    op: fc.constantFrom('create', 'create', 'move', 'move', 'extend', 'rename', 'draft', 'time') as fc.Arbitrary<Op['op']>,
    n: fc.nat({ max: 30 }),
  });
  const ids: string[] = [];
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 8 }), async (ops) => {
      run++;
      for (const o of ops) {
        const keysBefore = await Promise.all(periods.map((p) => services.reports.kept(office.id, p).then((k) => k.key)));
        const modelsBefore = await Promise.all(periods.map((p) => services.reports.kept(office.id, p).then((k) => JSON.stringify(k.model))));
        try {
          if (o.op === 'create') {
            const r = await services.projects.create({
              by,
              input: {
                title: `P${run}-${o.n}`,
                stage: (['candidate', 'scoping', 'delivery'] as const)[o.n % 3],
                strandId: strand.id,
                priorityIds: [prio.id],
                forecastEnd: '2018-Q4',
                overview: 'o',
              },
            });
            ids.push(r.id);
          } else if (o.op === 'move' && ids.length) {
            const id = ids[o.n % ids.length];
            const cur = await services.projects.get(office.id, id);
            const next = { candidate: 'scope', scoping: 'deliver', delivery: 'complete' }[cur.stage as string] ?? 'resume';
            await services.projects.move({ by, id, input: { move: o.n % 5 === 0 ? 'hold' : next, version: cur.version, reason: 'because' } });
          } else if (o.op === 'extend' && ids.length) {
            const id = ids[o.n % ids.length];
            const cur = await services.projects.get(office.id, id);
            await services.projects.update({ by, id, input: { version: cur.version, forecastEnd: `2019-Q${(o.n % 4) + 1}`, reason: 'more time' } });
          } else if (o.op === 'rename') await services.plan.updateStrand({ by, id: strand.id, input: { name: `Strand ${o.n}`, position: 1 } });
          else if (o.op === 'draft') {
            const d = await services.reports.draft(office.id, '2018-Q1');
            await services.reports.saveDraft({
              by,
              periodId: '2018-Q1',
              input: { version: d?.version, panelMeetingOn: `2018-04-${String(1 + (o.n % 28)).padStart(2, '0')}` },
            });
          }
          // Time passing: the quarter under way stops being provisional when it ends.
          else if (o.op === 'time') c.set(o.n % 2 ? '2018-04-02T09:00:00Z' : '2018-02-10T09:00:00Z');
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
        }
        for (const [i, p] of periods.entries()) {
          const kept = await services.reports.kept(office.id, p);
          const fresh = (await services.reports.forEditing(office.id, p)).model;
          assert.deepEqual(JSON.parse(JSON.stringify(kept.model)), JSON.parse(JSON.stringify(fresh)), `${p} after ${o.op}`);
          if (JSON.stringify(kept.model) !== modelsBefore[i]) {
            changed++;
            assert.notEqual(kept.key, keysBefore[i], `${p}: the model changed after ${o.op}, so must its key`);
          }
        }
      }
    }),
    { numRuns: 8 },
  );
  assert.ok(changed > 5, `the changes must have altered the models (${changed} did)`);
});

test('two app instances on one database: a change through one is seen at once by the other, whose ETag moves; 304 while unchanged', async (t) => {
  const w = await world(t);
  const { database, north } = w;
  // The second instance: its own services and, on PostgreSQL, its own pool of connections.
  const second = database.url ? await createDb({ databaseUrl: database.url, migrate: false }) : database;
  if (second !== database) t.after(() => second.close());
  const services2 = createServices({ db: second.db, config: w.config });
  const a = await testApp(t, w);
  const b = await testApp(t, { config: w.config, services: services2 });
  const onA = new Browser(a);
  await onA.signIn(north.users.editor.email);
  const period = (await w.services.reports.quarters(north.office.id)).current.id;
  const cookieOf = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const cookie = cookieOf(onA);
  const first = await a.inject({ url: `/reports/${period}`, headers: { cookie } });
  assert.equal(first.statusCode, 200);
  const tag = String(first.headers.etag);
  assert.match(tag, /^"[\w-]+"$/);
  assert.equal(first.headers['cache-control'], 'private, no-cache');
  const again = await a.inject({ url: `/reports/${period}`, headers: { cookie, 'if-none-match': tag } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  // The same session on the other instance: same records, same tag.
  assert.equal((await b.inject({ url: `/reports/${period}`, headers: { cookie, 'if-none-match': tag } })).statusCode, 304);
  const jsonBefore = await a.inject({ url: `/reports/${period}.json`, headers: { cookie } });
  const currentBefore = jsonBefore.json().dashboard.groups.find((g: { group: string }) => g.group === 'current').count;
  // A project entered through instance B.
  await services2.projects.create({
    by: north.editor,
    input: {
      title: 'Entered on the other instance',
      stage: 'delivery',
      strandId: north.strands[0].id,
      priorityIds: [north.priorities[0].id],
      forecastEnd: 'TBD',
      overview: 'o',
    },
  });
  const after = await a.inject({ url: `/reports/${period}`, headers: { cookie, 'if-none-match': tag } });
  assert.equal(after.statusCode, 200, 'the old tag no longer matches');
  assert.notEqual(after.headers.etag, tag);
  assert.match(after.body, /Entered on the other instance/);
  const jsonAfter = await a.inject({ url: `/reports/${period}.json`, headers: { cookie, 'if-none-match': String(jsonBefore.headers.etag) } });
  assert.equal(jsonAfter.statusCode, 200);
  assert.equal(jsonAfter.json().dashboard.groups.find((g: { group: string }) => g.group === 'current').count, currentBefore + 1);
  // Downloads: their own tags, and 304 while unchanged.
  for (const ext of ['json', 'docx', 'xlsx']) {
    const r = await b.inject({ url: `/reports/${period}.${ext}`, headers: { cookie } });
    assert.equal(r.statusCode, 200, ext);
    assert.equal((await a.inject({ url: `/reports/${period}.${ext}`, headers: { cookie, 'if-none-match': String(r.headers.etag) } })).statusCode, 304, ext);
  }
  // The page differs by role (the editor's buttons): a viewer's tag is not the editor's.
  const onViewer = new Browser(a);
  await onViewer.signIn(north.users.viewer.email);
  const viewerPage = await a.inject({ url: `/reports/${period}`, headers: { cookie: cookieOf(onViewer), 'if-none-match': String(after.headers.etag) } });
  assert.equal(viewerPage.statusCode, 200);
  assert.doesNotMatch(viewerPage.body, /id="send-to-meeting"/);
  assert.match(after.body, /id="send-to-meeting"/);
  // Another office never gets this office's paper or tag.
  const onSouth = new Browser(a);
  await onSouth.signIn('viewer@south.example.org');
  const south = await a.inject({ url: `/reports/${period}.json`, headers: { cookie: cookieOf(onSouth), 'if-none-match': String(jsonAfter.headers.etag) } });
  assert.equal(south.statusCode, 200);
  assert.equal(south.json().office.slug, 'south');
});
