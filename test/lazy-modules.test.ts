// The heavy modules are loaded when first needed, not at start (issue 19): the PDF printer
// (playwright-core), the chart compiler (vega, vega-lite), on PostgreSQL PGlite, and what only a
// file upload, a spreadsheet, an email, a single sign-on or the demonstration data needs. The real
// server is started in a child process with a module hook that writes down every module loaded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newStore, root, seedToken, startPcp, storeKinds } from './server-process.js';

for (const kind of storeKinds()) {
  test(`on ${kind}, a started server that has served pages has not loaded the PDF printer, the chart compiler${kind === 'postgres' ? ' or PGlite' : ''}`, {
    timeout: 300_000,
  }, async (t) => {
    const store = await newStore(kind);
    t.after(() => store.drop());
    const token = await seedToken(store);
    const log = join(mkdtempSync(join(tmpdir(), 'pcp-mods-')), 'loaded.txt');
    const server = startPcp(
      { ...store.env, PCP_LOADED_LOG: log },
      ['start'],
      ['--import', join(root, 'test/loaded-modules.mjs'), '--import', 'tsx', 'src/cli/pcp.ts'],
    );
    t.after(() => server.child.kill('SIGKILL'));
    const base = await server.ready;
    // Pages and API answers that draw no chart and print no PDF.
    assert.equal((await fetch(`${base}/sign-in`)).status, 200);
    const projects = await fetch(`${base}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(projects.status, 200);
    assert.equal((await fetch(`${base}/o/north/decisions`)).status, 200);
    const loaded = readFileSync(log, 'utf8').split('\n');
    // The hook sees what it must: the app's own modules and its light dependencies.
    assert.ok(
      loaded.some((u) => u.includes('/node_modules/fastify/')),
      'fastify is in the log',
    );
    // And a module loaded with import() when first needed: PGlite, on PGlite.
    if (kind === 'pglite')
      assert.ok(
        loaded.some((u) => u.includes('/node_modules/@electric-sql/pglite/')),
        'PGlite is in the log',
      );
    const heavy = [
      '/node_modules/playwright-core/',
      '/node_modules/vega/',
      '/node_modules/vega-lite/',
      // What only a file upload, a spreadsheet, an email, a single sign-on or the demo needs.
      '/node_modules/write-excel-file/',
      '/node_modules/read-excel-file/',
      '/node_modules/csv-parse/',
      '/node_modules/file-type/',
      '/node_modules/nodemailer/',
      '/node_modules/openid-client/',
      '/node_modules/jose/',
      '/src/demo/',
      // The job queue: no mail relay is configured, so there is no job to run.
      '/node_modules/pg-boss/',
      // Fastify's JSON schema compiler: no route has a Fastify schema.
      '/node_modules/ajv/',
      '/node_modules/@fastify/ajv-compiler/',
      ...(kind === 'postgres' ? ['/node_modules/@electric-sql/pglite/'] : []),
    ];
    for (const h of heavy)
      assert.deepEqual(
        loaded.filter((u) => u.includes(h)),
        [],
        `${h} loaded at start`,
      );
  });
}
