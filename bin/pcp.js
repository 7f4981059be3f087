#!/usr/bin/env node
// The pcp command, in this one process: the compiled JavaScript in dist/ (built by `npm ci`'s
// prepare script, or `npm run build`) when it is at least as new as every source file, else the
// TypeScript sources through tsx (a checkout being worked on, where nobody rebuilt). It calls run()
// itself rather than letting the module guess from process.argv[1] whether it is the program: npx
// and npm link reach this file through symlinks under other names.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist/.built');

/** Whether some TypeScript source is newer than the last build. */
function newerThan(dir, t) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() ? newerThan(p, t) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && statSync(p).mtimeMs > t) return true;
  }
  return false;
}

let entry;
if (existsSync(stamp) && !newerThan(join(root, 'src'), statSync(stamp).mtimeMs)) {
  entry = pathToFileURL(join(root, 'dist/src/cli/pcp.js')).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'src/cli/pcp.ts')).href;
}
const { run } = await import(entry);
process.exitCode = await run(process.argv.slice(2));
