// test-pass: pglite-only (the bench's own mechanics; the bench runs on PostgreSQL itself)
// The benchmark the lead runs on a large portfolio must itself run: here on the Hampshire demo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchReport } from '../../bench/report.bench.js';
import { freshDb } from '../../test/helpers.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';
import { createServices } from '../app.js';

test('benchReport measures the model now and five years back, DOCX and PDF', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const lines: string[] = [];
  const r = await benchReport({ database, services, officeId: demo.office.id, runs: 3, now: new Date('2023-02-01T12:00:00Z'), log: (s) => lines.push(s) });
  assert.equal((r['current quarter'] as { period: string }).period, '2022-23-Q4');
  assert.equal((r['five years back'] as { period: string }).period, '2017-18-Q4');
  assert.ok((r['five years back'] as { projects: number }).projects > 50);
  assert.match(lines.join('\n'), /p50 [\d.]+ ms, p99 [\d.]+ ms/);
  assert.match(lines.join('\n'), /Word file from the model: [\d.]+ ms .*DOCX [\d.]+ ms/);
  // The office's layout (issue 18): cover, logo and contents, measured too.
  assert.match(lines.join('\n'), /Word file with the cover, logo and contents: [\d.]+ ms .*goal < 500 ms/);
  assert.ok((r.docxLayout as { bytes: number }).bytes > (r.docx as { bytes: number }).bytes, 'the logo is in the file');
});
