#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so there is no build step between a clone and a start.
// It calls run() itself rather than letting the module guess from process.argv[1] whether it is
// the program: npx and npm link reach this file through symlinks under other names.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/pcp.ts');
process.exitCode = await run(process.argv.slice(2));
