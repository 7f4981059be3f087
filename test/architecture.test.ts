// test-pass: pglite-only (import graph of the source, no database)
// The layering of docs/architecture.md holds over src/: the platform knows no area, services and
// repositories know no HTTP, only the entry points import the composition root, and no import
// circle exists (type-only imports included). The checker is shown failing on each broken rule.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Graph, importGraph, importsOf, violations } from './architecture.js';

const root = join(import.meta.dirname, '..');

test('src/ keeps the layering: no violation, no import circle', () => {
  const graph = importGraph(root);
  assert.ok(graph.size > 80, `read ${graph.size} files`);
  assert.ok(graph.has('src/app.ts') && graph.has('src/platform/web/app.ts'));
  assert.deepEqual(violations(graph), []);
});

test('the checker fails when platform/ imports an area, even for a type', () => {
  const graph: Graph = new Map(importGraph(root));
  const file = 'src/platform/web/forms.ts';
  graph.set(file, [...graph.get(file)!, ...importsOf(file, "import type { Stage } from '../../projects/stages.js';")]);
  const v = violations(graph);
  assert.ok(
    v.some((x) => x === `${file} (platform) imports src/projects/stages.ts: the platform must not know an area or the composition root`),
    v.join('\n'),
  );
});

test('the checker fails when a service imports Fastify or a template, and when an area imports the composition root', () => {
  const graph: Graph = new Map(importGraph(root));
  const svc = 'src/projects/projects.service.ts';
  graph.set(svc, [...graph.get(svc)!, ...importsOf(svc, "import type { FastifyReply } from 'fastify';\nimport nunjucks from 'nunjucks';")]);
  const routes = 'src/plan/plan.routes.ts';
  graph.set(routes, [...graph.get(routes)!, ...importsOf(routes, "import type { Services } from '../app.js';")]);
  const v = violations(graph);
  assert.ok(v.includes(`${svc} imports fastify: a service or repository must not know HTTP or templates`), v.join('\n'));
  assert.ok(v.includes(`${svc} imports nunjucks: a service or repository must not know HTTP or templates`), v.join('\n'));
  assert.ok(v.includes(`${routes} imports the composition root src/app.ts: an area is handed what it needs instead`), v.join('\n'));
});

test('the checker finds an import circle, through type-only imports too, and names the path round it', () => {
  const graph: Graph = new Map([
    ['src/a/a.ts', ['src/b/b.ts']],
    ['src/b/b.ts', ['src/c/c.ts']],
    ['src/c/c.ts', importsOf('src/c/c.ts', "import type { A } from '../a/a.js';")],
    ['src/d/d.ts', ['src/a/a.ts']],
  ]);
  assert.deepEqual(violations(graph), ['import circle: src/a/a.ts -> src/b/b.ts -> src/c/c.ts -> src/a/a.ts']);
});
