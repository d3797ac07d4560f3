import { Decompress } from "fzstd";
import { createGunzip, createInflate, gunzipSync, inflateSync } from "node:zlib";
import * as xzModule from "xz-decompress";
import { check, errorMessage, InspectError, invalid } from "./errors";

// xz-decompress is a UMD bundle: Node's ESM loader exposes it only as the default export.
type XzModule = typeof xzModule;
const { XzReadableStream } = ((xzModule as XzModule & { default?: XzModule }).default ?? xzModule) as XzModule;

export type Compression = "none" | "gzip" | "zlib" | "xz" | "zstd";

/** Decompresses a whole in-memory member, failing (InspectError) beyond `maxBytes` of output. */
export async function decompress(data: Buffer, compression: Compression, maxBytes: number): Promise<Buffer> {
  try {
    switch (compression) {
      case "none":
        check(data.length <= maxBytes, `member is too large (${data.length} bytes; limit ${maxBytes})`);
        return data;
      case "gzip":
      case "zlib":
        try {
          return (compression === "gzip" ? gunzipSync : inflateSync)(data, { maxOutputLength: maxBytes });
        } catch (error) {
          if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") tooLarge(maxBytes);
          throw error;
        }
      case "xz":
        return await xz(data, maxBytes, false);
      case "zstd":
        return zstd(data, maxBytes, false);
    }
  } catch (error) {
    if (error instanceof InspectError) throw error;
    return invalid(`corrupt ${compression} data: ${errorMessage(error)}`);
  }
}

/**
 * The first `length` bytes of a compressed stream, from a possibly truncated prefix of it (used to
 * sniff a tarball without reading it). Returns fewer bytes if the stream is shorter or corrupt.
 */
export async function decompressPrefix(data: Buffer, compression: Compression, length: number): Promise<Buffer> {
  try {
    switch (compression) {
      case "none":
        return data.subarray(0, length);
      case "gzip":
      case "zlib":
        return await zlibPrefix(data, compression, length);
      case "xz":
        return await xz(data, length, true);
      case "zstd":
        return zstd(data, length, true);
    }
  } catch {
    return Buffer.alloc(0);
  }
}

function tooLarge(maxBytes: number): never {
  return invalid(`decompressed data exceeds the limit of ${maxBytes} bytes`);
}

function zlibPrefix(data: Buffer, kind: "gzip" | "zlib", length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const stream = kind === "gzip" ? createGunzip() : createInflate();
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, length));
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) {
        stream.destroy();
        done();
      }
    });
    stream.on("end", done);
    stream.on("error", done);
    stream.end(data);
  });
}

async function xz(data: Buffer, maxBytes: number, prefix: boolean): Promise<Buffer> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(data));
      controller.close();
    },
  });
  const reader = new XzReadableStream(input).getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      total += value.length;
      if (total > maxBytes || (prefix && total >= maxBytes)) {
        await reader.cancel().catch(() => {});
        if (!prefix) tooLarge(maxBytes);
        break;
      }
    }
  } catch (error) {
    if (!prefix || error instanceof InspectError) throw error;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

/**
 * fzstd allocates each frame's window up front, so frame headers are checked first: none may
 * declare a window (or content size) beyond the cap.
 */
function zstd(data: Buffer, maxBytes: number, prefix: boolean): Buffer {
  checkZstdFrames(data, Math.max(maxBytes, 8 * 1024 * 1024), prefix);
  const chunks: Buffer[] = [];
  let total = 0;
  let stop = false;
  const decoder = new Decompress((chunk) => {
    if (stop) return;
    total += chunk.length;
    chunks.push(Buffer.from(chunk));
    if (total > maxBytes || (prefix && total >= maxBytes)) {
      if (!prefix) tooLarge(maxBytes);
      stop = true;
    }
  });
  const step = 64 * 1024;
  try {
    for (let at = 0; at < data.length && !stop; at += step) {
      decoder.push(data.subarray(at, at + step), !prefix && at + step >= data.length);
    }
  } catch (error) {
    if (!prefix || error instanceof InspectError) throw error;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

function checkZstdFrames(data: Buffer, maxWindow: number, prefix: boolean): void {
  let at = 0;
  while (at + 4 <= data.length) {
    const magic = data.readUInt32LE(at);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      check(at + 8 <= data.length, "truncated zstd skippable frame");
      at += 8 + data.readUInt32LE(at + 4);
      continue;
    }
    check(magic === 0xfd2fb528, "bad zstd frame magic");
    check(at + 6 <= data.length, "truncated zstd frame header");
    const flags = data[at + 4] ?? 0;
    const singleSegment = (flags >> 5) & 1;
    const dictBytes = [0, 1, 2, 4][flags & 3] ?? 0;
    const fcsFlag = flags >> 6;
    const fcsBytes = fcsFlag ? 1 << fcsFlag : singleSegment;
    let pos = at + 5;
    let window = 0;
    if (!singleSegment) {
      const descriptor = data[pos] ?? 0;
      const base = 2 ** (10 + (descriptor >> 3));
      window = base + (base / 8) * (descriptor & 7);
      pos += 1;
    }
    pos += dictBytes;
    check(pos + fcsBytes <= data.length, "truncated zstd frame header");
    let contentSize = 0;
    for (let k = fcsBytes - 1; k >= 0; k--) contentSize = contentSize * 256 + (data[pos + k] ?? 0);
    if (fcsBytes === 2) contentSize += 256;
    check((singleSegment ? contentSize : window) <= maxWindow, "zstd frame declares a window beyond the limit");
    pos += fcsBytes;
    // Blocks: 3-byte little-endian headers (last flag, type, size); RLE blocks store one byte.
    for (;;) {
      if (pos + 3 > data.length) {
        check(prefix, "truncated zstd block");
        return;
      }
      const header = (data[pos] ?? 0) | ((data[pos + 1] ?? 0) << 8) | ((data[pos + 2] ?? 0) << 16);
      const type = (header >> 1) & 3;
      check(type !== 3, "reserved zstd block type");
      pos += 3 + (type === 1 ? 1 : header >>> 3);
      if (header & 1) break;
    }
    if (flags & 4) pos += 4;
    at = pos;
  }
}
