// Whether dist/ (built by `npm ci`'s prepare script, or `npm run build`) is at least as new as every
// TypeScript source: bin/pcp.js runs it then, and the load benchmark builds it first otherwise.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether some source (TypeScript, or plain JavaScript such as PGlite's thread) under dir is newer than t (tests apart). */
function newerThan(dir, t) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() ? newerThan(p, t) : (e.name.endsWith('.ts') || e.name.endsWith('.js')) && !e.name.endsWith('.test.ts') && statSync(p).mtimeMs > t) return true;
  }
  return false;
}

/** Whether the compiled build under root is there and current. */
export function builtAndFresh(root) {
  const stamp = join(root, 'dist/.built');
  return existsSync(stamp) && !newerThan(join(root, 'src'), statSync(stamp).mtimeMs);
}
