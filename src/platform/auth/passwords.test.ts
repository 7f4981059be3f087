// Breached and common passwords are refused, with the GOV.UK error saying why; the hint gives the
// NCSC's "three random words" advice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, testApp, world } from '../../../test/helpers.js';
import { DomainError } from '../errors.js';
import { isCommonPassword } from './passwords.js';

test('the shipped list: breached passwords found whatever their case, ordinary passphrases not', () => {
  // 1st, 31,873rd and 397,312th lines of the list of 437,651: the whole list is read, not its head.
  for (const p of ['123qweasdzxc', 'password1234', 'PASSWORD1234', ' iloveyou1234 ']) assert.equal(isCommonPassword(p), true, p);
  for (const p of ['correct horse battery staple', 'coffee train fish lantern']) assert.equal(isCommonPassword(p), false, p);
});

test('a breached password is refused on the add-a-user form, with why and what to do instead', async (t) => {
  const w = await world(t);
  const app = await testApp(t, { config: w.config, services: w.services });
  await assert.rejects(
    w.services.auth.createUser({
      officeId: w.north.office.id,
      input: { email: 'x@north.example.org', name: 'X', password: 'qwertyuiop123', role: 'viewer' },
      by: w.north.admin,
    }),
    (e) => e instanceof DomainError && e.fields?.[0]?.field === 'password' && /seen in data breaches/.test(e.fields[0].message),
  );
  const admin = new Browser(app);
  await admin.signIn(w.north.users.admin.email);
  const form = await admin.get('/admin/users/new');
  assert.match(form.body, /Three random words are long and easy to remember/);
  const res = await admin.post(
    '/admin/users/new',
    { name: 'Pat Lee', email: 'pat@north.example.org', password: 'Password1234', role: 'viewer' },
    { from: '/admin/users/new' },
  );
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /This password is on a list of passwords seen in data breaches, so attackers try it first/);
  assert.match(res.body, /value="pat@north.example.org"/);
  assert.equal((await w.services.auth.listUsers(w.north.office.id)).filter((u) => u.email === 'pat@north.example.org').length, 0);
});
