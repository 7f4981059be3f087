// Breached and common passwords are refused, with the GOV.UK error saying why; the hint gives the
// NCSC's "three random words" advice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, PASSWORD, testApp, world } from '../../../test/helpers.js';
import { DomainError } from '../errors.js';
import { contextWordIn, isCommonPassword, newStrongPassword } from './passwords.js';

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

test('context-specific words: the product’s and policing’s, and the office’s and person’s own, found through case, digits and punctuation; short and generic words not', () => {
  const context = {
    email: 'jo.bloggs@hampshire-pcc.example.org',
    name: 'Jo Bloggs',
    office: { name: 'Office of the Police and Crime Commissioner for Hampshire', slug: 'hampshire', area: 'Hampshire and Isle of Wight' },
  };
  assert.equal(contextWordIn('Hampshire2024!!', context), 'hampshire');
  assert.equal(contextWordIn('w-i-g-h-t kettle orbit', context), 'wight');
  assert.equal(contextWordIn('my bloggs secret', context), 'bloggs');
  assert.equal(contextWordIn('PoliceStation99', {}), 'police');
  assert.equal(contextWordIn('opcc kettle orbit', {}), 'opcc');
  assert.equal(contextWordIn('kettle orbit marmalade', context), null);
  assert.equal(contextWordIn('the office for lanterns', context), null, 'words under four letters and generic ones are not refused');
});

test('a password the app makes: 20 characters, no vowel, so no word; never the same twice', () => {
  const made = Array.from({ length: 200 }, newStrongPassword);
  for (const p of made) assert.match(p, /^[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ2-9]{20}$/);
  assert.equal(new Set(made).size, made.length);
});

test('a password with a context-specific word is refused on the add-a-user form and on changing one’s own, naming the word; nothing written', async (t) => {
  const w = await world(t);
  const app = await testApp(t, { config: w.config, services: w.services });
  const admin = new Browser(app);
  await admin.signIn(w.north.users.admin.email);
  const res = await admin.post(
    '/admin/users/new',
    { name: 'Pat Lee', email: 'pat@north.example.org', password: 'Northern kettle orbit', role: 'viewer' },
    { from: '/admin/users/new' },
  );
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /Your password contains ‘north’, a word people here are likely to use/);
  assert.equal((await w.services.auth.listUsers(w.north.office.id)).filter((u) => u.email === 'pat@north.example.org').length, 0);
  const viewer = new Browser(app);
  await viewer.signIn(w.north.users.viewer.email);
  const mine = await viewer.post(
    '/account/password',
    { current: PASSWORD, password: 'crime kettle orbit marmalade', confirm: 'crime kettle orbit marmalade' },
    { from: '/account/password' },
  );
  assert.equal(mine.statusCode, 400);
  assert.match(mine.body, /href="#password"/);
  assert.match(mine.body, /Your password contains ‘crime’/);
  assert.equal((await new Browser(app).signIn(w.north.users.viewer.email)).statusCode, 303, 'the old password still signs in');
});
