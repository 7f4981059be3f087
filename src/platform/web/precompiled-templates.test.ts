// test-pass: pglite-only (template compilation, no database)
// Templates compiled by the build (issue 19: cold start): the same HTML as compiling at the first
// render, no compiling while the text is unchanged, the text compiled again once it changes, and
// nothing used from a build made for another folder.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import nunjucks from 'nunjucks';
import { projectRoot } from '../paths.js';
import { compileTemplates, usePrecompiledTemplates } from './precompiled-templates.js';

const govuk = join(projectRoot, 'node_modules/govuk-frontend/dist');
// A page in a folder of its own, calling govuk macros that import further macro files.
function pageFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-njk-'));
  writeFileSync(
    join(dir, 'page.njk'),
    `{% from "govuk/components/button/macro.njk" import govukButton %}{% from "govuk/components/checkboxes/macro.njk" import govukCheckboxes %}
<h1>{{ title }}</h1>{{ govukButton({ text: "Save " + title }) }}
{{ govukCheckboxes({ name: "areas", fieldset: { legend: { text: "Areas" } }, items: [{ value: "n", text: "North & <East>", checked: true }, { value: "s", text: "South" }] }) }}`,
  );
  return dir;
}
const envOver = (dir: string) => new nunjucks.Environment(new nunjucks.FileSystemLoader([dir, govuk]), { autoescape: true, throwOnUndefined: false });
/** govuk components' folders, with the shared macros every component imports. */
const components = (names: string[]) => [join(govuk, 'govuk/macros'), ...names.map((n) => join(govuk, 'govuk/components', n))];

/** Counts Nunjucks' compiles while fn runs. */
function compiles(fn: () => string) {
  const compiler = (nunjucks as unknown as { compiler: { compile: (...a: unknown[]) => string } }).compiler;
  const original = compiler.compile;
  let n = 0;
  compiler.compile = (...a) => {
    n++;
    return original(...a);
  };
  try {
    return { html: fn(), n };
  } finally {
    compiler.compile = original;
  }
}

test('a page made from compiled templates is the page Nunjucks makes from their text, and nothing is compiled', () => {
  const dir = pageFolder();
  const outDir = mkdtempSync(join(tmpdir(), 'pcp-njk-out-'));
  // The page, and the govuk components it reaches (their macros import these).
  const n = compileTemplates({ root: projectRoot, dirs: [dir, ...components(['button', 'checkboxes', 'error-message', 'fieldset', 'hint', 'label'])], outDir });
  assert.ok(n >= 13, `${n} templates compiled`);
  const fromText = compiles(() => envOver(dir).render('page.njk', { title: 'plan' }));
  assert.ok(fromText.n >= 5, 'without the build, the page and its macro files are compiled');
  const env = envOver(dir);
  const use = usePrecompiledTemplates(env, { root: projectRoot, outDir });
  const compiled = compiles(() => env.render('page.njk', { title: 'plan' }));
  assert.equal(compiled.n, 0, 'nothing compiled');
  assert.ok(use.served() >= 5, `${use.served()} templates served compiled`);
  assert.equal(compiled.html, fromText.html);
  assert.match(compiled.html, /<h1>plan<\/h1>/);
  assert.match(compiled.html, /North &amp; &lt;East&gt;/);
  assert.match(compiled.html, /Save plan/);
});

test('a template changed after the build is compiled from its text; the others still come compiled', () => {
  const dir = pageFolder();
  const outDir = mkdtempSync(join(tmpdir(), 'pcp-njk-out-'));
  compileTemplates({ root: projectRoot, dirs: [dir, ...components(['button'])], outDir });
  writeFileSync(
    join(dir, 'page.njk'),
    '{% from "govuk/components/button/macro.njk" import govukButton %}<h2>{{ title }} changed</h2>{{ govukButton({ text: "Go" }) }}',
  );
  const env = envOver(dir);
  const use = usePrecompiledTemplates(env, { root: projectRoot, outDir });
  const r = compiles(() => env.render('page.njk', { title: 'plan' }));
  assert.match(r.html, /<h2>plan changed<\/h2>/, 'the new text is what is shown');
  assert.equal(r.n, 1, 'only the changed page is compiled');
  assert.equal(use.served(), 3, 'the button macro file, its template and the attributes macros come compiled');
});

test('a build made for another folder, or for other compile options, is not used', () => {
  const dir = pageFolder();
  const outDir = mkdtempSync(join(tmpdir(), 'pcp-njk-out-'));
  compileTemplates({ root: projectRoot, dirs: [dir, ...components(['button', 'checkboxes'])], outDir });
  const moved = mkdtempSync(join(tmpdir(), 'pcp-njk-moved-'));
  cpSync(outDir, moved, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(moved, 'manifest.json'), 'utf8'));
  writeFileSync(join(moved, 'manifest.json'), JSON.stringify({ ...manifest, root: '/elsewhere' }));
  const env = envOver(dir);
  assert.equal(usePrecompiledTemplates(env, { root: projectRoot, outDir: moved }).served(), 0);
  assert.ok(compiles(() => env.render('page.njk', { title: 'x' })).n > 0);
  const strict = new nunjucks.Environment(new nunjucks.FileSystemLoader([dir, govuk]), { autoescape: true, throwOnUndefined: true });
  const use = usePrecompiledTemplates(strict, { root: projectRoot, outDir });
  strict.render('page.njk', { title: 'x' });
  assert.equal(use.served(), 0, 'throwOnUndefined compiles differently');
});
