// Images compared with approved ones under test/visual/approved/: a pixel difference (pixelmatch)
// over a threshold fails, so a layout break fails a test. PCP_APPROVE_VISUAL=1 writes the images
// as approved instead (look at them before committing). On a failure the image made and the
// difference (changed pixels in red) are written to a folder the message names.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export const APPROVED_DIR = join(import.meta.dirname, 'approved');
export const approving = process.env.PCP_APPROVE_VISUAL === '1';
/**
 * At most this share of the pixels may differ: anti-aliasing and hinting may move a few between
 * machines with the same fonts; a panel moved, a label cut or a page turned moves thousands.
 */
export const MAX_DIFF_RATIO = 0.004;

export type Comparison = { ok: true; ratio: number } | { ok: false; message: string; ratio: number };

/** The image against the approved one of that name (no write unless approving). */
export function compareImage(name: string, actualPng: Buffer, maxRatio = MAX_DIFF_RATIO): Comparison {
  const file = join(APPROVED_DIR, `${name}.png`);
  if (approving) {
    mkdirSync(APPROVED_DIR, { recursive: true });
    writeFileSync(file, actualPng);
    return { ok: true, ratio: 0 };
  }
  if (!existsSync(file)) return { ok: false, ratio: 1, message: `${name}: no approved image at ${file}; make it with PCP_APPROVE_VISUAL=1 and look at it` };
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(actualPng);
  const out = join(tmpdir(), 'pcp-visual');
  const keep = () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${name}.actual.png`), actualPng);
  };
  if (want.width !== got.width || want.height !== got.height) {
    keep();
    return {
      ok: false,
      ratio: 1,
      message: `${name}: ${got.width} × ${got.height} pixels, approved ${want.width} × ${want.height} (the layout changed size); made: ${join(out, `${name}.actual.png`)}`,
    };
  }
  const diff = new PNG({ width: want.width, height: want.height });
  const changed = pixelmatch(want.data, got.data, diff.data, want.width, want.height, { threshold: 0.1 });
  const ratio = changed / (want.width * want.height);
  if (ratio <= maxRatio) return { ok: true, ratio };
  keep();
  writeFileSync(join(out, `${name}.diff.png`), PNG.sync.write(diff));
  return {
    ok: false,
    ratio,
    message: `${name}: ${changed} pixels (${(ratio * 100).toFixed(2)}%) differ from the approved image, more than ${(maxRatio * 100).toFixed(2)}%; made and difference: ${out}. If the change is meant, approve with PCP_APPROVE_VISUAL=1`,
  };
}
