#!/usr/bin/env node
// The pcp command, in this one process: the compiled JavaScript in dist/ (built by `npm ci`'s
// prepare script, or `npm run build`) when it is at least as new as every source file, else the
// TypeScript sources through tsx (a checkout being worked on, where nobody rebuilt). It calls run()
// itself rather than letting the module guess from process.argv[1] whether it is the program: npx
// and npm link reach this file through symlinks under other names.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtAndFresh } from './built.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let entry;
if (builtAndFresh(root)) {
  entry = pathToFileURL(join(root, 'dist/bundle/pcp.js')).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'src/cli/pcp.ts')).href;
}
const { run } = await import(entry);
process.exitCode = await run(process.argv.slice(2));
