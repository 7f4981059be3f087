// test-pass: pglite-only (rasterising charts, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { svgToPng } from './charts.js';
import { encodePng } from './png.js';

/** A 7 × 5 bitmap with every pixel different (odd width, so rows are not word-aligned). */
function bitmap(width = 7, height = 5) {
  const px = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) px.set([(i * 37) % 256, (i * 91) % 256, (i * 13 + 40) % 256, 255], i * 4);
  return { px, width, height };
}

test('PNG: signature, chunks with valid CRCs, and scanlines that inflate back to the pixels', async () => {
  const { px, width, height } = bitmap();
  const png = await encodePng(px, width, height);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), `${type} CRC`);
    chunks.push({ type, data });
    at += 12 + length;
  }
  assert.deepEqual(
    chunks.map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const ihdr = chunks[0].data;
  assert.deepEqual([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]], [width, height, 8, 6, 0, 0, 0]);
  const raw = inflateSync(chunks[1].data);
  assert.equal(raw.length, (width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, 'filter type 0');
    assert.deepEqual([...raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))], [...px.subarray(y * width * 4, (y + 1) * width * 4)]);
  }
});

test('PNG: an independent decoder (resvg drawing it as an image) reads back the same pixels', async () => {
  const { px, width, height } = bitmap();
  const png = await encodePng(px, width, height);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const drawn = new Resvg(svg, { imageRendering: 1 }).render();
  assert.equal(drawn.width, width);
  assert.deepEqual([...drawn.pixels], [...px]);
});

test('PNG: a bitmap of the wrong size is refused, not written', async () => {
  await assert.rejects(encodePng(new Uint8Array(10), 2, 2), /10 bytes is not a 2 × 2 RGBA bitmap/);
  await assert.rejects(encodePng(new Uint8Array(0), 0, 0), /not a 0 × 0/);
});

test('PNG: a chart drawn for Word is an opaque bitmap at twice its SVG size', async () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="5" y="5" width="10" height="10" fill="#1d70b8"/><text x="20" y="15" font-size="10">7</text></svg>';
  const png = Buffer.from(await svgToPng(svg));
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [80, 40]);
  const raw = inflateSync(png.subarray(41, 41 + png.readUInt32BE(33)));
  for (let i = 4; i < raw.length; i += 4 * 80 + 1) for (let x = 0; x < 80; x++) assert.equal(raw[i + x * 4], 255, 'alpha');
});
