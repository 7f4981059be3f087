// A national-scale portfolio, generated inside the database (generate_series) so that loading it
// measures the database, not a JavaScript loop: 43 offices, 17,000 projects, 1,000,000 history rows.
import type { Database } from '../src/platform/db/client.js';

export type Scale = { offices: number; projects: number; historyRows: number };
export const NATIONAL: Scale = { offices: 43, projects: 17_000, historyRows: 1_000_000 };

const STAGES = ['candidate', 'scoping', 'delivery', 'completed', 'on_hold'];

export async function generatePortfolio(db: Database, scale: Scale, progress: (s: string) => void = () => {}) {
  const perProject = Math.floor(scale.historyRows / scale.projects);
  const extra = scale.historyRows - perProject * scale.projects;
  const stages = `array${JSON.stringify(STAGES).replace(/"/g, "'")}`;
  progress('offices, plans, priorities, strands');
  await db.exec(`
    insert into offices (slug, name, area)
    select 'bench-' || g, 'Bench office ' || g, 'Area ' || g from generate_series(1, ${scale.offices}) g`);
  await db.exec(`
    insert into plans (office_id, title, period_start, period_end, status)
    select id, 'Police and Crime Plan 2021-2026', '2021-04-01', '2026-03-31', 'published' from offices where slug like 'bench-%'`);
  await db.exec(`
    insert into priorities (office_id, plan_id, position, name, colour)
    select p.office_id, p.id, g, 'Priority ' || g, '#1d70b8' from plans p
    join offices o on o.id = p.office_id and o.slug like 'bench-%' cross join generate_series(1, 4) g`);
  await db.exec(`
    insert into strands (office_id, position, name)
    select o.id, g, 'Strand ' || g from offices o cross join generate_series(1, 5) g where o.slug like 'bench-%'`);
  // Their versions, as the app writes them: named so since before the history starts, and the
  // second strand renamed in 2023, so past and current quarters read different versions.
  await db.exec(`
    insert into strand_versions (office_id, strand_id, name, position, valid_from, valid_to)
    select s.office_id, s.id, case when s.position = 2 then 'Strand 2 (old name)' else s.name end, s.position, timestamptz '2010-01-01', case when s.position = 2 then timestamptz '2023-04-01' end
    from strands s join offices o on o.id = s.office_id and o.slug like 'bench-%'
    union all
    select s.office_id, s.id, s.name, s.position, timestamptz '2023-04-01', null::timestamptz
    from strands s join offices o on o.id = s.office_id and o.slug like 'bench-%' where s.position = 2`);
  await db.exec(`
    insert into priority_versions (office_id, priority_id, name, colour, position, valid_from)
    select p.office_id, p.id, p.name, p.colour, p.position, '2010-01-01'
    from priorities p join offices o on o.id = p.office_id and o.slug like 'bench-%'`);
  progress(`${scale.projects} projects`);
  // Projects spread evenly over offices; each gets a strand and a priority of its office.
  await db.exec(`
    with o as (select id, row_number() over (order by slug) - 1 as n from offices where slug like 'bench-%'),
    s as (select office_id, id, position from strands),
    pr as (select office_id, id, position from priorities)
    insert into projects (office_id, title, objective, strand_id, lead, forecast_end, forecast_precision, stage, version)
    select o.id, 'Project ' || g, 'Objective of project ' || g, s.id, 'Lead ' || (g % 17),
           date '2022-01-01' + ((g % 16) * 3 || ' months')::interval, 'quarter',
           (${stages})[1 + g % 5]::stage, ${perProject}
    from generate_series(0, ${scale.projects - 1}) g
    join o on o.n = g % ${scale.offices}
    join s on s.office_id = o.id and s.position = 1 + (g / ${scale.offices}) % 5`);
  await db.exec(`
    insert into project_priorities (project_id, priority_id, office_id)
    select p.id, pr.id, p.office_id from projects p
    join priorities pr on pr.office_id = p.office_id and pr.position = 1 + abs(hashtext(p.id::text)) % 4
    join offices o on o.id = p.office_id and o.slug like 'bench-%'`);
  progress(`${scale.historyRows} history rows`);
  // Each project's history: a change every ~30 days from a start spread over 2016-2020, each row a full
  // snapshot as the app writes them. Every twelfth change is a move through the stages (recorded as
  // the app records one, so reports count it), every seventh or so an extension, the rest edits.
  const t0 = Date.now();
  await db.exec(`
    insert into project_history (office_id, project_id, version, kind, move, changes, reason, effective_at, recorded_at, valid_to, actor_name,
      title, objective, stage, strand_id, priority_ids, lead, statutory, forecast_end, forecast_precision)
    select p.office_id, p.id, v,
           case when v = 1 then 'created' when v % 12 = 0 then 'moved' when v % 7 = 3 then 'extended' else 'edited' end,
           case when v % 12 = 0 then (array['resume', 'scope', 'deliver', 'complete', 'hold'])[1 + (v / 12) % 5] end,
           case when v = 1 then jsonb_build_object('stage', jsonb_build_object('from', null, 'to', 'candidate'))
                when v % 12 = 0 then jsonb_build_object('stage', jsonb_build_object('from', (${stages})[1 + ((v - 1) / 12) % 5], 'to', (${stages})[1 + (v / 12) % 5]))
                when v % 7 = 3 then '{"forecastEnd": {"from": "2022-Q1", "to": "2022-Q2"}}'::jsonb
                else '{"lead": {"from": "Lead", "to": "Lead (acting)"}}'::jsonb end,
           case when v % 12 = 0 then 'Gate review passed' when v % 7 = 3 then 'More time needed for consultation' end,
           timestamptz '2016-01-01' + (abs(hashtext(p.id::text)) % 1500 || ' days')::interval + (v * 30 || ' days')::interval,
           timestamptz '2016-01-01' + (abs(hashtext(p.id::text)) % 1500 || ' days')::interval + (v * 30 || ' days')::interval,
           case when v < ${perProject}
             then timestamptz '2016-01-01' + (abs(hashtext(p.id::text)) % 1500 || ' days')::interval + ((v + 1) * 30 || ' days')::interval
           end,
           'bench', p.title, p.objective,
           (${stages})[1 + (v / 12) % 5]::stage,
           p.strand_id, array[(select priority_id from project_priorities pp where pp.project_id = p.id limit 1)],
           p.lead, false, p.forecast_end, p.forecast_precision
    from projects p
    join offices o on o.id = p.office_id and o.slug like 'bench-%'
    cross join generate_series(1, ${perProject}) v`);
  if (extra > 0) {
    // The app closes a project's latest row when it writes the next one; the generator does the same.
    await db.exec(`
      update project_history h set valid_to = timestamptz '2026-01-01'
      from (select p.id from projects p join offices o on o.id = p.office_id and o.slug like 'bench-%' order by p.id limit ${extra}) x
      where h.project_id = x.id and h.valid_to is null`);
    await db.exec(`
      insert into project_history (office_id, project_id, version, kind, changes, effective_at, recorded_at, actor_name,
        title, objective, stage, strand_id, priority_ids, lead, statutory, forecast_end, forecast_precision)
      select p.office_id, p.id, ${perProject + 1}, 'edited', '{}'::jsonb, timestamptz '2026-01-01', timestamptz '2026-01-01', 'bench',
             p.title, p.objective, p.stage, p.strand_id, '{}', p.lead, false, p.forecast_end, p.forecast_precision
      from projects p join offices o on o.id = p.office_id and o.slug like 'bench-%' order by p.id limit ${extra}`);
  }
  // A database in service has been vacuumed by autovacuum; a freshly loaded one has not, and
  // PostgreSQL's autovacuum would otherwise start on these million rows in the middle of the timings.
  // (PGlite has no autovacuum: analysing is enough there.)
  progress(`history inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${db.kind === 'postgres' ? 'vacuuming and analysing' : 'analysing'}`);
  await db.exec(db.kind === 'postgres' ? 'vacuum (analyze)' : 'analyze');
  const r = await db.exec(`select (select count(*) from projects)::int as projects, (select count(*) from project_history)::int as history,
    (select count(*) from offices where slug like 'bench-%')::int as offices`);
  return r.rows[0] as { projects: number; history: number; offices: number };
}
