import { deflateSync, inflateRawSync } from "node:zlib";
import { check } from "./errors";
import { PNG_SIGNATURE, parseIhdr, readChunks, rowBytes, writeChunk } from "./png";

export function isCgbiPng(buf: Buffer): boolean {
  return buf.length > 16 && buf.subarray(0, 8).equals(PNG_SIGNATURE) && buf.toString("latin1", 12, 16) === "CgBI";
}

/**
 * Reverts Xcode's "CgBI" PNG optimisation: headerless deflate, BGRA channel order and premultiplied
 * alpha. We unfilter the scanlines, swap to RGBA, un-premultiply, and write a plain PNG
 * (filter 0, zlib-wrapped IDAT, CgBI chunk dropped, CRCs recomputed).
 */
export function convertCgbiToPng(buf: Buffer, maxPixels: number): Buffer {
  const chunks = readChunks(buf);
  check(chunks[0]?.type === "CgBI", "not a CgBI PNG");
  const ihdrChunk = chunks.find((c) => c.type === "IHDR");
  check(ihdrChunk, "CgBI PNG has no IHDR");
  const ihdr = parseIhdr(ihdrChunk.data);
  check(ihdr.bitDepth === 8 && (ihdr.colorType === 6 || ihdr.colorType === 2), "unsupported CgBI pixel format");
  check(ihdr.interlace === 0, "interlaced CgBI PNGs are not supported");
  check(ihdr.width * ihdr.height <= maxPixels, `icon is too large (${ihdr.width}x${ihdr.height})`);

  const bpp = ihdr.colorType === 6 ? 4 : 3;
  const stride = rowBytes(ihdr.width, 8, ihdr.colorType);
  const expected = stride * ihdr.height;
  const idat = Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
  let filtered: Buffer;
  try {
    filtered = inflateRawSync(idat, { maxOutputLength: expected + 1 });
  } catch {
    return check(false, "CgBI image data does not inflate") as never;
  }
  check(filtered.length === expected, "CgBI image data has the wrong size");

  const pixels = unfilter(filtered, ihdr.height, stride, bpp);
  const out = Buffer.alloc(expected);
  for (let y = 0; y < ihdr.height; y++) {
    const row = y * stride;
    out[row] = 0;
    for (let x = 1; x < stride; x += bpp) {
      const b = pixels[row + x] ?? 0;
      const g = pixels[row + x + 1] ?? 0;
      const r = pixels[row + x + 2] ?? 0;
      if (bpp === 3) {
        out[row + x] = r;
        out[row + x + 1] = g;
        out[row + x + 2] = b;
        continue;
      }
      const a = pixels[row + x + 3] ?? 0;
      out[row + x] = unpremultiply(r, a);
      out[row + x + 1] = unpremultiply(g, a);
      out[row + x + 2] = unpremultiply(b, a);
      out[row + x + 3] = a;
    }
  }

  const keep = chunks.filter((c) => ["PLTE", "gAMA", "sRGB", "pHYs", "cHRM", "iCCP"].includes(c.type));
  return Buffer.concat([
    PNG_SIGNATURE,
    writeChunk("IHDR", Buffer.from(ihdrChunk.data)),
    ...keep.map((c) => writeChunk(c.type, Buffer.from(c.data))),
    writeChunk("IDAT", deflateSync(out)),
    writeChunk("IEND", Buffer.alloc(0)),
  ]);
}

function unpremultiply(channel: number, alpha: number): number {
  if (alpha === 0 || alpha === 255) return alpha === 0 ? 0 : channel;
  return Math.min(255, Math.round((channel * 255) / alpha));
}

/** PNG scanline unfiltering (filters 0-4); the result keeps the filter byte slot of each row. */
function unfilter(data: Buffer, height: number, stride: number, bpp: number): Buffer {
  const out = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = row - stride;
    const filter = data[row] ?? 0;
    check(filter <= 4, `bad PNG filter type ${filter}`);
    for (let x = 1; x < stride; x++) {
      const raw = data[row + x] ?? 0;
      const left = x > bpp ? (out[row + x - bpp] ?? 0) : 0;
      const up = y > 0 ? (out[prev + x] ?? 0) : 0;
      const upLeft = y > 0 && x > bpp ? (out[prev + x - bpp] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      out[row + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
