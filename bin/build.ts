// `npm run build` (and `npm ci`'s prepare script): what bin/pcp.js runs when it is at least as new as
// every source (issue 19: cold start).
// 1. The command line and server bundled into dist/bundle/ with esbuild. Starting the server loaded
//    some 900 modules; resolving, reading and linking them was a third of a cold start, and a bundle
//    is a few dozen files. Split at every import(), so what is loaded when first needed (the demo
//    data, spreadsheets, mail, single sign-on, charts) still is. Left outside: packages that read
//    files of their own beside their code (PGlite's WASM and data, playwright-core's driver) and
//    native addons; node resolves them from node_modules. Type checking is `tsc --noEmit` (CI).
//    esbuild: maintained, the bundler tsx itself runs on (no new package is installed); no open
//    advisory for 0.25 (GHSA-67mh-4wv8-2f99 concerned its dev server, fixed in 0.25.0, unused here).
// 2. The Nunjucks templates compiled to JavaScript (src/platform/web/precompiled-templates.ts).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { compileTemplates, templateBuild } from '../src/platform/web/precompiled-templates.js';

const root = join(import.meta.dirname, '..');

/**
 * zod exports its error messages in some forty languages (`z.locales`, 300 KB of the start's code);
 * the app sets every message itself, in English, and uses none of them. The bundle keeps English
 * only, which zod configures itself with.
 */
/**
 * @fastify/static requires glob (110 KB) at its start, for one case only: `wildcard: false`, which
 * the app does not use (web/app.ts serves its assets with `wildcard: true`). The bundle gives it a
 * glob that says so if it is ever called.
 */
const noStaticGlob: Plugin = {
  name: 'no-static-glob',
  setup(b) {
    b.onResolve({ filter: /^glob$/ }, (args) => (args.importer.includes('/node_modules/@fastify/static/') ? { path: 'glob', namespace: 'no-static-glob' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-static-glob' }, () => ({
      contents: "exports.glob = () => { throw new Error('@fastify/static with wildcard: false needs glob, which the bundle leaves out (bin/build.ts)'); };",
      loader: 'js',
    }));
  },
};

/**
 * pg asks at its start whether it runs on Cloudflare Workers: on Node 20, which has no `navigator`,
 * by making a `Response`, which loads undici (Node's fetch), some 30 ms of every start. The bundle
 * runs on Node only, so the answer is no. The build fails if pg's code changes, so this is looked at again.
 */
const pgOnNode: Plugin = {
  name: 'pg-on-node',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const head = 'function isCloudflareRuntime() {';
      if (!text.includes(head)) throw new Error(`bin/build.ts: pg's ${args.path} no longer has ${head}`);
      return { contents: text.replace(head, `${head}\n  return false;`), loader: 'js' };
    });
  },
};

const englishZod: Plugin = {
  name: 'english-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales-en', namespace: 'english-zod' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-zod' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
      loader: 'js',
    }));
  },
};
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
const started = Date.now();
const result = await build({
  entryPoints: [join(root, 'src/cli/pcp.ts')],
  outdir: join(out, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names are kept, so a logged stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  external: [
    '@electric-sql/pglite',
    'playwright-core',
    '@node-rs/argon2',
    '@resvg/resvg-js',
    'pg-native',
    // Fastify's JSON schema compilers (ajv, fast-json-stringify): required only when a route has a
    // schema, which none has (zod checks every input; web/app.ts lazySchemaCompilers). Outside the
    // bundle, the start does not even parse them.
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
  ],
  plugins: [englishZod, noStaticGlob, pgOnNode],
  // CommonJS packages inside an ES module bundle call require(): give each chunk one.
  banner: { js: "import { createRequire as __pcpCreateRequire } from 'node:module'; const require = __pcpCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
const templates = compileTemplates({ root, ...templateBuild(root) });
// PGlite's thread (platform/db/pglite-thread.ts) starts this file beside the chunk that names it.
copyFileSync(join(root, 'src/platform/db/pglite-worker.js'), join(out, 'bundle/pglite-worker.js'));
writeFileSync(join(out, '.built'), new Date().toISOString());
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
console.log(`dist/bundle: ${files} files, dist/templates: ${templates} templates, in ${Date.now() - started} ms`);
