import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actor, type Body, bodyOf, checkId, one, runForm, setFlash, takeFlash } from '../web/forms.js';
import { type Actor, notFound } from '../errors.js';
import { roleItems } from './roles.view.js';
import { registerTokenPages } from './tokens.routes.js';
import type { AuthService } from './auth.service.js';

const admin = { config: { access: 'admin' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;

/** The office's admin pages: the index, users and roles, API tokens. */
export async function registerAdminRoutes(app: FastifyInstance, deps: { auth: AuthService }) {
  const { auth } = deps;
  app.get('/admin', admin, async (req, reply) => reply.page('platform/auth/views/admin.njk', { title: 'Admin', flash: takeFlash(req, reply) }));

  // ---- users ----
  app.get('/admin/users', admin, async (req, reply) => {
    const users = await auth.listUsers(actor(req).officeId);
    return reply.page('platform/auth/views/users.njk', { title: 'Users', users, flash: takeFlash(req, reply) });
  });

  const newUserModel = (values: Body) => ({ title: 'Add a user', values, roleItems: roleItems(one(values.role)) });
  app.get('/admin/users/new', admin, async (_req, reply) => reply.page('platform/auth/views/user-new.njk', newUserModel({})));
  app.post('/admin/users/new', admin, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const input = { name: one(b.name), email: one(b.email), password: one(b.password), role: one(b.role) };
    // The password is never sent back to the browser, even on an error.
    const r = await runForm(reply, () => auth.createUser({ officeId: a.officeId, input, by: a }), {
      template: 'platform/auth/views/user-new.njk',
      model: newUserModel({ ...b, password: '' }),
    });
    if (!r.ok) return reply;
    setFlash(reply, `${r.value.name} can now sign in as ${r.value.role}.`);
    return reply.redirect('/admin/users', 303);
  });

  const findUser = async (officeId: string, id: string) => {
    const u = (await auth.listUsers(officeId)).find((x) => x.id === checkId(id, 'user'));
    if (!u) throw notFound('user');
    return u;
  };
  const userModel = async (a: Actor, id: string, values: Body = {}) => {
    const u = await findUser(a.officeId, id);
    return { title: u.name, person: u, self: u.id === a.userId, values, roleItems: roleItems(one(values.role) || u.role) };
  };

  app.get('/admin/users/:id', admin, async (req: IdReq, reply) =>
    reply.page('platform/auth/views/user.njk', { ...(await userModel(actor(req), req.params.id)), flash: takeFlash(req, reply) }),
  );

  app.post('/admin/users/:id/role', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const model = await userModel(a, req.params.id, b);
    const r = await runForm(reply, () => auth.updateUser({ by: a, userId: model.person.id, role: one(b.role) }), {
      template: 'platform/auth/views/user.njk',
      model,
    });
    if (!r.ok) return reply;
    setFlash(reply, `${model.person.name} is now ${one(b.role) === 'admin' ? 'an' : 'a'} ${one(b.role)}.`);
    return reply.redirect(`/admin/users/${model.person.id}`, 303);
  });

  app.post('/admin/users/:id/status', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const model = await userModel(a, req.params.id, b);
    const disabled = one(b.disabled) === 'true';
    const r = await runForm(reply, () => auth.updateUser({ by: a, userId: model.person.id, disabled }), {
      template: 'platform/auth/views/user.njk',
      model,
    });
    if (!r.ok) return reply;
    setFlash(reply, disabled ? `${model.person.name} can no longer sign in.` : `${model.person.name} can sign in again.`);
    return reply.redirect(`/admin/users/${model.person.id}`, 303);
  });

  // ---- API tokens: the office's, each person's own on /account/tokens ----
  await registerTokenPages(app, deps, { base: '/admin/tokens', officeWide: true });
}
