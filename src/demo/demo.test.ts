import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../config.js';
import { createServices } from '../app.js';
import { freshDb } from '../../test/helpers.js';
import { seedDemo } from './demo.js';
import { londonDayEnd } from '../platform/db/time.js';
import { groupOf } from '../projects/stages.js';

test('the demo enters DPU-2018-04’s quarter as dated history', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const officeId = demo.office.id;
  const count = async (d: string) => {
    const rows = await services.projects.asAtInstant(officeId, londonDayEnd(d));
    const g = { future: 0, current: 0, completed: 0 };
    for (const r of rows) {
      const k = groupOf(r.stage);
      if (k) g[k]++;
    }
    return g;
  };
  const before = await count('2017-12-31');
  const after = await count('2018-03-31');
  // Named in the paper: 4 delivered, 2 initiated (candidates -> current), 6 new candidates,
  // 7 merged away, none of the held counted out (on hold is current).
  assert.equal(after.completed - before.completed, 4);
  assert.equal(after.future - before.future, 6 - 2);
  assert.equal(after.current - before.current, 2 - 4 - 7);
  // The changes the quarter's report reads.
  const history = await services.projects.reportableChangesBetween(officeId, new Date('2018-01-01T00:00:00Z'), new Date('2018-04-01T00:00:00Z'));
  assert.equal(history.filter((h) => h.move === 'merge').length, 7);
  assert.equal(history.filter((h) => h.kind === 'merged_in').length, 3);
  assert.equal(history.filter((h) => h.kind === 'extended').length, 6);
  assert.equal(history.filter((h) => h.move === 'hold').length, 1);
  assert.equal(history.filter((h) => h.move === 'complete').length, 4);
  assert.equal(history.filter((h) => h.move === 'scope').length, 2);
  assert.equal(history.filter((h) => h.kind === 'created').length, 6);
  // The second demo office, HERTS-2016-11's, with its own three accounts.
  assert.equal((await services.auth.officeBySlug('hertfordshire'))?.name, 'Office of the Police and Crime Commissioner for Hertfordshire');
  assert.deepEqual(
    demo.accounts.map((a) => a.email),
    [
      'admin@hampshire.demo',
      'editor@hampshire.demo',
      'viewer@hampshire.demo',
      'admin@hertfordshire.demo',
      'editor@hertfordshire.demo',
      'viewer@hertfordshire.demo',
    ],
  );
  // The Panel (src/panel): DPU-2020-02's meeting with both papers made from the data, in the paper's order.
  t.after(() => services.panel.close());
  const meetings = await services.panel.meetings(officeId);
  const feb = meetings.find((m) => m.meetsOn === '2020-02-07');
  assert.ok(feb);
  const [agendaItem] = (await services.panel.agenda(officeId, feb.id)).items;
  assert.deepEqual(
    agendaItem.papers.map((p) => p.kind),
    ['delivery_progress', 'decisions_update'],
  );
  const update = await services.panel.paper(officeId, agendaItem.papers[1].id);
  const ids = [...update.html.matchAll(/\(ID: (\d+)\)/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['507', '514', '513', '512', '511', '508', '505', '504', '502', '499']);
  assert.ok(update.html.includes('Jan-20') && update.html.includes('£44,000') && update.html.includes('£6,366'));
  // PANEL-MINUTE's meeting: the resolution, four answers, and the recommendations (one answered, one overdue).
  const minuteMeeting = meetings.find((m) => m.meetsOn === '2018-07-13');
  assert.ok(minuteMeeting);
  const [minuted] = (await services.panel.agenda(officeId, minuteMeeting.id)).items;
  assert.equal(minuted.resolution, 'That the update on the delivery of the Police and Crime Plan is noted by the Police and Crime Panel.');
  assert.equal(minuted.heard.length, 6);
  assert.equal((await services.panel.questions(officeId, minuteMeeting.id)).length, 4);
  const recs = await services.panel.recommendations(officeId);
  assert.deepEqual(recs.map((r) => r.shown).sort(), ['overdue', 'partly_accepted']);
});
