// Where the project's files are, whether this runs from the TypeScript sources (tsx) or compiled
// into dist/ (npm start): the templates, the static files and the migrations stay in the source tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`PCP Tracker's folder (with package.json and migrations/) not found above ${from}`);
  }
}

/** The project's folder: the one holding package.json, migrations/ and src/. */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
