// A ZIP archive (PKWARE APPNOTE 6.3, no ZIP64: parts stay far below 4 GiB) written with Node's own
// zlib, for Office Open XML packages. Text parts are deflated; parts already compressed (PNG) are
// stored. Every entry has the same fixed time, so the same parts always give the same bytes.
import { crc32, deflateRawSync } from 'node:zlib';

export type ZipPart = { name: string; data: Uint8Array | string; store?: boolean };

/** 1 January 1980 00:00, the earliest MS-DOS date: entries carry no clock, so output is reproducible. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 1 << 11;

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const raw = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength);
    const name = Buffer.from(p.name, 'utf8');
    const method = p.store ? 0 : 8;
    const body = p.store ? raw : deflateRawSync(raw);
    const crc = crc32(raw);
    /** The fields a local header and its central directory entry share, in the same order: from version needed to the name's length. */
    const common = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      b.writeUInt16LE(UTF8_NAMES, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(DOS_TIME, at + 6);
      b.writeUInt16LE(DOS_DATE, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(raw.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30); // extra field length: zero
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const entry = Buffer.alloc(46); // extra, comment, disk number, internal and external attributes: zero
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    common(entry, 6);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
