// test-pass: pglite-only (no database: the inventory of what ships)
// ASVS V15.1.2: an inventory of the third-party components, from the lockfile, as a CycloneDX SBOM
// made by `npm run sbom` (npm's own `npm sbom`, no extra tool): every dependency, production and
// development, at the version package-lock.json pins, with its package URL and the registry's
// integrity hash. All of them: npm 11's `--omit dev` also drops production packages that a
// development tool depends on as well (nodemailer and tsx here), so the whole tree is listed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import test from 'node:test';
import { promisify } from 'node:util';

test('npm run sbom: a CycloneDX inventory of every dependency at its locked version, with package URL and hash', async () => {
  const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'sbom'], { maxBuffer: 64 * 1024 * 1024 });
  const bom = JSON.parse(stdout) as {
    bomFormat: string;
    components: { name: string; version: string; purl?: string; hashes?: { alg: string; content: string }[] }[];
  };
  assert.equal(bom.bomFormat, 'CycloneDX');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> };
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    const locked = lock.packages[`node_modules/${name}`].version;
    const c = bom.components.find((x) => x.name === name && x.version === locked);
    assert.ok(c, `${name} ${locked} is in the inventory`);
    assert.ok(c.purl?.startsWith(`pkg:npm/${name.replace('@', '%40')}@${locked}`), `${name} has its package URL: ${c.purl}`);
    assert.ok(
      c.hashes?.some((h) => h.alg === 'SHA-512' && h.content.length > 0),
      `${name} has the registry's SHA-512`,
    );
  }
  // The whole tree: every package installed here (the lockfile also names other platforms' optional builds, not installed).
  const listed = new Set(bom.components.map((c) => `${c.name}@${c.version}`));
  const missing = Object.entries(lock.packages)
    .filter(([k]) => k.startsWith('node_modules/') && existsSync(`${k}/package.json`))
    .map(([k, v]) => `${k.slice(k.lastIndexOf('node_modules/') + 13)}@${v.version}`)
    .filter((id) => !listed.has(id));
  assert.deepEqual(missing, [], 'every installed package is in the inventory');
});
