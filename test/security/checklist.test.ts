// test-pass: pglite-only (reads a document; no database)
// docs/security.md is the ASVS 5.0 Level 2 checklist: every row that says a requirement is met names
// the test that proves it. These tests fail when a named test file does not exist (renamed, moved,
// deleted), when a "Met" row names no test, and while single sign-on's placeholder (SSO_TEST) stands
// for tests that are not in the repository yet.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');

/** The test files single sign-on brings (branch `sso`); SSO_TEST stands for them until it merges. */
const SSO_FILES = ['test/e2e/sso.test.ts', 'src/platform/auth/oidc*.test.ts'];

/** Whether a path, possibly with `*` in its last part, names at least one file. */
function exists(path: string): boolean {
  if (!path.includes('*')) return existsSync(join(root, path));
  const dir = dirname(path);
  const name = path.slice(dir.length + 1);
  if (dir.includes('*') || !existsSync(join(root, dir))) return false;
  const pattern = new RegExp(
    `^${name
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );
  return readdirSync(join(root, dir)).some((f) => pattern.test(f));
}

/** Every backticked path of a test file the document names. */
const namedTests = (text: string) => [...new Set([...text.matchAll(/`([^`\s]+\.test\.ts)`/g)].map((m) => m[1]))];

type Row = { id: string; level: string; asks: string; status: string; proof: string };
/** The rows of the requirement-by-requirement tables. */
function requirementRows(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| (V\d+\.\d+\.\d+) \| (L\d) \| (.+?) \| (Met|Met \(SSO\)|Not applicable|Not yet) \| (.*) \|$/.exec(line);
    if (m) rows.push({ id: m[1], level: m[2], asks: m[3], status: m[4], proof: m[5] });
  }
  return rows;
}

test('every test file docs/security.md names exists', () => {
  const named = namedTests(doc).filter((p) => !SSO_FILES.includes(p));
  assert.ok(named.length > 30, `the document names ${named.length} test files: is it the checklist?`);
  const missing = named.filter((p) => !exists(p));
  assert.deepEqual(missing, [], 'named in docs/security.md but not in the repository');
});

test('the SSO_TEST placeholder stands only while single sign-on’s tests exist to replace it', () => {
  if (!doc.includes('SSO_TEST')) return;
  const missing = SSO_FILES.filter((p) => !exists(p));
  assert.deepEqual(
    missing,
    [],
    'docs/security.md says SSO_TEST for single sign-on’s tests, which are not in the repository: merge them (branch sso) and name them in place of SSO_TEST, or mark those rows Not yet',
  );
});

test('each requirement has one row, and each Met row names a test (or says why there is nothing to test)', () => {
  const rows = requirementRows(doc);
  assert.ok(rows.length >= 250, `${rows.length} requirement rows: ASVS 5.0 has 253 at Levels 1 and 2`);
  const ids = rows.map((r) => r.id);
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'a requirement listed twice',
  );
  for (const r of rows) {
    assert.ok(r.level === 'L1' || r.level === 'L2', `${r.id}: only Levels 1 and 2 are listed`);
    if (r.status === 'Met') assert.ok(namedTests(r.proof).length > 0 || r.proof.startsWith('Nothing to test'), `${r.id} is Met but names no test`);
    if (r.status === 'Met (SSO)') assert.ok(r.proof.includes('SSO_TEST') || namedTests(r.proof).length > 0, `${r.id} names no test`);
    if (r.status === 'Not applicable' || r.status === 'Not yet') assert.ok(r.proof.trim().length > 0, `${r.id} says ${r.status} without why`);
  }
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const totals = `Totals: ${count('Met')} Met, ${count('Met (SSO)')} Met (SSO), ${count('Not applicable')} Not applicable, ${count('Not yet')} Not yet.`;
  assert.ok(doc.includes(totals), `the totals line should read: ${totals}`);
  const notYet = rows.filter((r) => r.status === 'Not yet').map((r) => r.id);
  assert.ok(doc.includes(`${notYet.join(', ')} (${notYet.length}).`), 'the "Not yet, in one list" paragraph should list every Not yet row');
});
