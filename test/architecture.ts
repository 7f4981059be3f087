// The layering rules of docs/architecture.md, checked over the import graph of src/ (type-only
// imports count: a circle through types is still a circle for a reader and for the next refactor).
// Imports are read with TypeScript's own pre-processor, not a regular expression.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, string[]>;

/** Every non-test .ts file under `src` of `root`, with the files and packages it imports (files relative to root). */
export function importGraph(root: string): Graph {
  const out: Graph = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        const file = relative(root, p);
        out.set(file, importsOf(file, readFileSync(p, 'utf8')));
      }
    }
  };
  walk(join(root, 'src'));
  return out;
}

/** What a file imports: a relative import as the file it names (.js written, .ts meant), a package by its name. */
export function importsOf(file: string, source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map(({ fileName: spec }) =>
    spec.startsWith('.')
      ? normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts')
      : spec.startsWith('node:')
        ? spec
        : spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
  );
}

/** src/<area>/...: the areas are the folders of src/ other than platform/. */
const areaOf = (file: string) => {
  const m = /^src\/([^/]+)\//.exec(file);
  return m && m[1] !== 'platform' ? m[1] : null;
};

/** Each broken rule as a sentence naming the importing file and what it imports. */
export function violations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, imports] of graph) {
    for (const target of imports) {
      // The platform is below every area: it knows none of them, nor the composition root above them.
      if (file.startsWith('src/platform/') && target.startsWith('src/') && !target.startsWith('src/platform/') && target !== 'src/config.ts')
        out.push(`${file} (platform) imports ${target}: the platform must not know an area or the composition root`);
      // An area's service and repository know nothing of HTTP or pages.
      if (areaOf(file) && /\.(service|repository)\.ts$/.test(file)) {
        if (target === 'fastify' || target.startsWith('@fastify/') || target === 'nunjucks' || target.endsWith('.njk'))
          out.push(`${file} imports ${target}: a service or repository must not know HTTP or templates`);
        if (/\.(routes|api)\.ts$/.test(target) || target.startsWith('src/platform/web/'))
          out.push(`${file} imports ${target}: a service or repository must not know the web layer`);
      }
      // Only the entry points (the CLI, the server) may import the composition root.
      if (target === 'src/app.ts' && !['src/server.ts', 'src/cli/', 'src/demo/'].some((p) => file.startsWith(p)))
        out.push(`${file} imports the composition root src/app.ts: an area is handed what it needs instead`);
    }
  }
  for (const cycle of cycles(graph)) out.push(`import circle: ${[...cycle, cycle[0]].join(' -> ')}`);
  return out;
}

/** The import circles among the graph's files (Tarjan's strongly connected components), each as one path round it. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      const self = (graph.get(v) ?? []).includes(v);
      if (scc.length > 1 || self) found.push(pathRound(graph, new Set(scc), v));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return found;
}

/** One path from `start` back to itself inside a strongly connected component (breadth first: the shortest). */
function pathRound(graph: Graph, scc: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const path = [v];
        let x = v;
        while (x !== start) {
          x = prev.get(x)!;
          path.unshift(x);
        }
        return path;
      }
      if (!prev.has(w) && w !== start) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
