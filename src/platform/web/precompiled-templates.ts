// The Nunjucks templates compiled to JavaScript at build time (issue 19: cold start). Compiling them
// was the largest part of the first page after a start: a page with a form goes through some thirty
// govuk macro files. `npm run build` (bin/build.ts) writes each template's compiled code to a
// CommonJS file; the app's loaders then hand Nunjucks that code in place of the text, so it compiles
// nothing, but only while the text is the one compiled (its SHA-256 is kept with the code): a
// template edited after the build is compiled from its text, as before. Nunjucks' own compiler makes
// the code, with the environment's options, so the result is what the app would have compiled.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import nunjucks from 'nunjucks';

/** What the compiled code depends on besides the text: the environment's compile options. */
const COMPILE_OPTIONS = { throwOnUndefined: false, trimBlocks: false, lstripBlocks: false };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The file a template's code is kept in, by its path relative to the project. */
const compiledName = (relativePath: string) => `${sha256(relativePath).slice(0, 32)}.cjs`;
const nunjucksVersion = (root: string) => (JSON.parse(readFileSync(join(root, 'node_modules/nunjucks/package.json'), 'utf8')) as { version: string }).version;

/** Where the app's templates are (its own under src/, govuk-frontend's) and where the build puts their code. */
export const templateBuild = (root: string) => ({
  dirs: [join(root, 'src'), join(root, 'node_modules/govuk-frontend/dist')],
  outDir: join(root, 'dist/templates'),
});

type Manifest = { root: string; options: typeof COMPILE_OPTIONS; nunjucks: string; templates: number };

function njkFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) njkFiles(p, out);
    else if (e.name.endsWith('.njk')) out.push(p);
  }
  return out;
}

/**
 * Compiles every template under `dirs` into `outDir`, with a manifest: the project's folder (the code
 * names the templates it includes by their full path, so it holds only there), the options and
 * Nunjucks' version.
 */
export function compileTemplates({ root, dirs, outDir }: { root: string; dirs: string[]; outDir: string }): number {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let n = 0;
  for (const file of dirs.flatMap((d) => njkFiles(d))) {
    const text = readFileSync(file, 'utf8');
    // A template is compiled under its full path, as FileSystemLoader names it.
    const compile = (nunjucks as unknown as { compiler: { compile(...a: unknown[]): string } }).compiler.compile;
    const code = compile(text, [], [], file, COMPILE_OPTIONS);
    writeFileSync(
      join(outDir, compiledName(relative(root, file))),
      `"use strict";\nexports.sha256 = ${JSON.stringify(sha256(text))};\nexports.props = function () {\n${code}\n};\n`,
    );
    n++;
  }
  const manifest: Manifest = { root, options: COMPILE_OPTIONS, nunjucks: nunjucksVersion(root), templates: n };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest));
  return n;
}

type Source = { src: unknown; path: string; noCache?: boolean };
type LoaderInternals = { getSource(name: string): Source | null };
type EnvInternals = {
  loaders: LoaderInternals[];
  asyncFilters: string[];
  extensionsList: unknown[];
  opts: { throwOnUndefined?: boolean; trimBlocks?: boolean; lstripBlocks?: boolean; tags?: unknown };
};

/**
 * Has the environment's loaders give the compiled code of each template whose text is unchanged since
 * `outDir` was written. Does nothing (Nunjucks compiles, as without it) where there is no build, it was
 * made for another folder or Nunjucks version, or the environment compiles differently (other
 * options, async filters, extensions). Returns how many templates were served compiled, for tests.
 */
export function usePrecompiledTemplates(env: nunjucks.Environment, { root, outDir }: { root: string; outDir: string }): { served: () => number } {
  let served = 0;
  const none = { served: () => served };
  const manifestFile = join(outDir, 'manifest.json');
  if (!existsSync(manifestFile)) return none;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const e = env as unknown as EnvInternals;
  const sameOptions =
    !!e.opts.throwOnUndefined === manifest.options.throwOnUndefined &&
    !!e.opts.trimBlocks === manifest.options.trimBlocks &&
    !!e.opts.lstripBlocks === manifest.options.lstripBlocks &&
    !e.opts.tags;
  if (manifest.root !== root || manifest.nunjucks !== nunjucksVersion(root) || !sameOptions || e.asyncFilters.length || e.extensionsList.length) return none;
  const load = createRequire(join(outDir, 'manifest.json'));
  for (const loader of e.loaders) {
    const getSource = loader.getSource.bind(loader);
    loader.getSource = (name) => {
      const source = getSource(name);
      if (!source || typeof source.src !== 'string') return source;
      const file = join(outDir, compiledName(relative(root, source.path)));
      if (!existsSync(file)) return source;
      const compiled = load(file) as { sha256: string; props: () => unknown };
      if (compiled.sha256 !== sha256(source.src)) return source;
      served++;
      return { ...source, src: { type: 'code', obj: compiled.props() } };
    };
  }
  return none;
}
