// The office's logo, decided from its content as the Panel's documents are (src/panel/uploads.ts):
// file-type reads the magic bytes, so a renamed file is refused for what it is. PNG and JPEG only:
// an SVG is a document that can carry script and fetch other files, and the logo is drawn into every
// paper, the app's pages and Word files.
import { createHash } from 'node:crypto';

/** 512 KB: a logo for a cover page is tens of KB; every paper carries its own copy. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** A picture larger than this either way is refused: it would be scaled down on every page anyway, and a huge one is a decompression bomb. */
export const LOGO_MAX_PIXELS = 4000;
export const LOGO_TYPES = { png: 'image/png', jpg: 'image/jpeg' } as const;

export type CheckedLogo = { mediaType: 'image/png' | 'image/jpeg'; data: Buffer; sha256: string; width: number; height: number };

/** Width and height of a PNG (IHDR) or a baseline or progressive JPEG (its SOF marker); null if unreadable. */
export function imageSize(data: Buffer, mediaType: string): { width: number; height: number } | null {
  if (mediaType === 'image/png') {
    if (data.byteLength < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  let i = 2;
  while (i + 9 < data.byteLength) {
    if (data[i] !== 0xff) return null;
    const marker = data[i + 1];
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    i += 2 + data.readUInt16BE(i + 2);
  }
  return null;
}

/** The problem with a logo file as the admin should read it, or the logo. */
export async function checkLogo(filename: string, data: Buffer | null): Promise<{ ok: true; logo: CheckedLogo } | { ok: false; message: string }> {
  if (data === null) return { ok: false, message: `The selected file must be smaller than ${LOGO_MAX_BYTES / 1024} KB` };
  const name = filename.replace(/^.*[\\/]/, '').trim();
  if (!name) return { ok: false, message: 'Select a PNG or JPEG file' };
  if (!data.byteLength) return { ok: false, message: 'The selected file is empty' };
  if (data.byteLength > LOGO_MAX_BYTES) return { ok: false, message: `The selected file must be smaller than ${LOGO_MAX_BYTES / 1024} KB` };
  // Loaded when a file is checked, not at start (issue 19).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(data);
  if (found?.ext !== 'png' && found?.ext !== 'jpg') {
    const svg = /\.svg$/i.test(name) || /<svg[\s>]/i.test(data.subarray(0, 2048).toString('latin1'));
    return {
      ok: false,
      message: svg
        ? 'The selected file is an SVG: save the logo as a PNG or JPEG (an SVG can carry script)'
        : 'The selected file must be a PNG or JPEG picture: check you chose the right file',
    };
  }
  const mediaType = LOGO_TYPES[found.ext];
  const size = imageSize(data, mediaType);
  if (!size?.width || !size.height) return { ok: false, message: 'The selected picture cannot be read: save it again as a PNG or JPEG' };
  if (size.width > LOGO_MAX_PIXELS || size.height > LOGO_MAX_PIXELS)
    return { ok: false, message: `The selected picture must be at most ${LOGO_MAX_PIXELS} pixels wide and high` };
  return { ok: true, logo: { mediaType, data, sha256: createHash('sha256').update(data).digest('hex'), ...size } };
}
