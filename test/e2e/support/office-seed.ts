// One office with its admin, editor and viewer, a plan, priorities and strands, for browser specs.
import type { createServices } from '../../../src/app.js';
import type { Actor } from '../../../src/platform/errors.js';
import { PASSWORD } from '../../helpers.js';

type Services = ReturnType<typeof createServices>;
export type Office = Awaited<ReturnType<typeof seedOffice>>;

export async function seedOffice(services: Services, slug = 'north') {
  const office = await services.auth.createOffice({ slug, name: `${slug[0].toUpperCase()}${slug.slice(1)} OPCC`, area: `${slug} area` });
  const users = {} as Record<'admin' | 'editor' | 'viewer', { id: string; email: string; name: string }>;
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const email = `${role}@${slug}.example.org`;
    const name = `${slug[0].toUpperCase()}${slug.slice(1)} ${role}`;
    const u = await services.auth.createUser({ officeId: office.id, input: { email, name, password: PASSWORD, role }, by: null });
    users[role] = { id: u.id, email, name };
  }
  const admin: Actor = { userId: users.admin.id, name: users.admin.name, officeId: office.id, role: 'admin' };
  const editor: Actor = { userId: users.editor.id, name: users.editor.name, officeId: office.id, role: 'editor' };
  await services.plan.createPlan({
    by: admin,
    input: { title: 'Police and Crime Plan 2016-2021', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' },
  });
  const priorities = [
    await services.plan.createPriority({ by: admin, input: { name: 'Champion community needs', colour: '#1d70b8' } }),
    await services.plan.createPriority({ by: admin, input: { name: 'Reduce offending', colour: '#d4351c' } }),
  ];
  const strands = [
    await services.plan.createStrand({ by: admin, input: { name: 'Big Issues' } }),
    await services.plan.createStrand({ by: admin, input: { name: 'Policing' } }),
  ];
  return { office, users, admin, editor, priorities, strands };
}
