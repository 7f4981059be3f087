import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, world } from '../../../test/helpers.js';
import { SESSION_COOKIE } from './cookies.js';

test('a static file is sent without a session lookup: no session cookie cleared, no pre-session cookie set; a page still does both', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const cookie = `${SESSION_COOKIE}=not-a-session-token-of-anyone`;
  const css = await app.inject({ url: '/assets/app.css', headers: { cookie } });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['content-type']), /text\/css/);
  assert.equal(css.headers['set-cookie'], undefined);
  // The same cookie on a page is looked up, found to be nobody's, and cleared.
  const page = await app.inject({ url: '/sign-in', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  const set = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  assert.ok(
    set.some((c) => c.startsWith(`${SESSION_COOKIE}=;`)),
    set.join(' | '),
  );
});
