import { crc32, inflateSync } from "node:zlib";
import { check } from "./errors";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  type: string;
  data: Buffer;
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  cgbi: boolean;
}

export function hasPngSignature(buf: Buffer): boolean {
  return buf.length >= 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** Splits a PNG into chunks, checking every CRC. */
export function readChunks(buf: Buffer): PngChunk[] {
  check(hasPngSignature(buf), "not a PNG (bad signature)");
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < buf.length) {
    check(at + 12 <= buf.length, "truncated PNG chunk");
    const length = buf.readUInt32BE(at);
    const end = at + 12 + length;
    check(length < 0x80000000 && end <= buf.length, "truncated PNG chunk");
    const type = buf.toString("latin1", at + 4, at + 8);
    check(crc32(buf.subarray(at + 4, at + 8 + length)) === buf.readUInt32BE(at + 8 + length), `bad CRC in PNG ${type} chunk`);
    chunks.push({ type, data: buf.subarray(at + 8, at + 8 + length) });
    at = end;
    if (type === "IEND") break;
  }
  return chunks;
}

export function writeChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function parseIhdr(data: Buffer): Omit<PngInfo, "cgbi"> {
  check(data.length === 13, "bad PNG IHDR");
  const info = {
    width: data.readUInt32BE(0),
    height: data.readUInt32BE(4),
    bitDepth: data.readUInt8(8),
    colorType: data.readUInt8(9),
    interlace: data.readUInt8(12),
  };
  check(info.width > 0 && info.height > 0, "PNG has zero size");
  return info;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes per scanline including the filter byte. */
export function rowBytes(width: number, bitDepth: number, colorType: number): number {
  const channels = CHANNELS[colorType];
  check(channels !== undefined, `unsupported PNG colour type ${colorType}`);
  return Math.ceil((width * channels * bitDepth) / 8) + 1;
}

/**
 * Validates a standard PNG completely enough that a browser will show it: signature, CRCs, IHDR,
 * IEND, and an IDAT stream that inflates to exactly the size the header promises.
 */
export function verifyPng(buf: Buffer, maxPixels: number): PngInfo {
  const chunks = readChunks(buf);
  const ihdr = chunks[0];
  check(ihdr?.type === "IHDR", "PNG does not start with IHDR (Xcode CgBI?)");
  const info = parseIhdr(ihdr.data);
  check(info.width * info.height <= maxPixels, `icon is too large (${info.width}x${info.height})`);
  check(chunks[chunks.length - 1]?.type === "IEND", "PNG has no IEND");
  const idat = Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
  check(idat.length > 0, "PNG has no image data");
  const expected = info.interlace === 0 ? info.height * rowBytes(info.width, info.bitDepth, info.colorType) : undefined;
  const limit = expected ?? info.height * rowBytes(info.width, 16, 6) * 2;
  let raw: Buffer;
  try {
    raw = inflateSync(idat, { maxOutputLength: limit + 1 });
  } catch {
    return check(false, "PNG image data does not inflate") as never;
  }
  check(expected === undefined || raw.length === expected, "PNG image data has the wrong size");
  return { ...info, cgbi: false };
}
