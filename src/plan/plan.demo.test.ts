import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDb } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedHertfordshireOffice } from '../demo/hertfordshire.js';
import { seedPlanDemo } from './plan.demo.js';

test('the Hertfordshire demo: HERTS-2016-11’s plan in consultation, renamed, with its chapters, statutory contents and timetable', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig(), now: () => new Date('2016-12-01T12:00:00Z') });
  const herts = await seedHertfordshireOffice({ services });
  const draft = await seedPlanDemo({ services, by: herts.admin });
  assert.ok(draft);
  assert.equal(await seedPlanDemo({ services, by: herts.admin }), undefined, 'entered once');
  const v = await services.plan.planView(herts.office.id, draft.id);
  assert.equal(v.plan.title, 'Community Safety and Criminal Justice Plan 2017-2022');
  assert.equal(v.plan.status, 'consultation');
  assert.deepEqual(
    v.sections.map((s) => [s.name, s.commitments.length]),
    [
      ['Building on Success', 6],
      ['Putting Victims at the Centre', 7],
      ['Public Focus', 6],
      ['Offender Pays', 2],
      ['Business Sense', 5],
      ['Holding to Account', 2],
    ],
  );
  assert.deepEqual(
    v.missing.map((m) => m.item),
    ['reporting'],
  );
  assert.deepEqual(
    v.milestones.map((m) => `${m.startsOn} ${m.state}${m.statutory ? ' statutory' : ''}`),
    [
      '2016-11-10 done',
      '2016-11-21 done',
      '2016-11-28 done statutory',
      '2016-11-28 to_come statutory',
      '2017-01-10 to_come',
      '2017-01-23 to_come',
      '2017-02-02 to_come',
      '2017-02-02 to_come',
      '2017-02-06 to_come statutory',
    ],
  );
  assert.deepEqual(
    v.events.map((e) => `${e.kind} ${e.fromText ?? ''}→${e.toText ?? e.toStatus}`),
    [
      'entered →Police and Crime Plan 2015-2020',
      'renamed Police and Crime Plan 2015-2020→Community Safety and Criminal Justice Plan 2017-2022',
      'status →consultation',
    ],
  );
  assert.equal((await services.plan.currentPlan(herts.office.id))?.title, 'Everybody’s Business: Police and Crime Plan 2015-2020');
});
