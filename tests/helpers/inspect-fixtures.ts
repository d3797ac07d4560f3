import { X509Certificate, createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { statSync } from "node:fs";
import path from "node:path";
import { gzipSync, inflateSync } from "node:zlib";
import type { ArtifactKind } from "@/domain/artifact-formats";
import type { FormatMetadata } from "@/domain/artifact-metadata";
import { DEFAULT_LIMITS, type InspectionResult } from "@/server/inspect/types";
import { ZipArchive } from "@/server/inspect/zip-reader";

/** The shared fixtures, relative to the project root (CI has the same copy). */
export const FIXTURES = path.resolve(import.meta.dirname, "../..", "../shared/fixtures");

export function fixture(relative: string): string {
  return path.join(FIXTURES, relative);
}

/** A temp directory for hand-made artifacts, removed by the returned cleanup. */
/** A result's facts as its kind's metadata; throws when inspection said another kind. */
export function factsOf<K extends ArtifactKind>(result: InspectionResult, kind: K): Partial<FormatMetadata<K>> {
  if (result.kind !== kind) throw new Error(`expected a ${kind}, inspection says ${result.kind}`);
  return result.metadata as Partial<FormatMetadata<K>>;
}

export function tempDir(): { dir: string; write(name: string, data: Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "shipyard-inspect-"));
  return {
    dir,
    write(name, data) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Decodes a PNG far enough to trust it, independently of src/server/inspect/png.ts: signature,
 * IHDR, and an IDAT stream that inflates to exactly height * (row bytes + filter byte).
 */
export function decodePngHeader(png: Buffer): { width: number; height: number; colorType: number } {
  if (!png.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex"))) throw new Error("bad PNG signature");
  let at = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "CgBI") throw new Error("still CgBI");
    if (type === "IHDR") ihdr = data;
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
    if (type === "IEND") break;
  }
  if (!ihdr) throw new Error("no IHDR");
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8] ?? 0;
  const colorType = ihdr[9] ?? 0;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType] ?? 0;
  const raw = inflateSync(Buffer.concat(idat));
  const expected = height * (Math.ceil((width * channels * bitDepth) / 8) + 1);
  if (raw.length !== expected) throw new Error(`IDAT inflates to ${raw.length}, expected ${expected}`);
  return { width, height, colorType };
}

/**
 * Every X.509 certificate embedded anywhere in a file, found by brute force (DER SEQUENCE headers
 * that node:crypto accepts): an independent way to know an APK's signer without parsing its blocks.
 */
export function scanCertificates(bytes: Buffer): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (bytes[i] !== 0x30 || bytes[i + 1] !== 0x82) continue;
    const length = bytes.readUInt16BE(i + 2) + 4;
    if (i + length > bytes.length || bytes[i + 4] !== 0x30) continue;
    try {
      const der = bytes.subarray(i, i + length);
      const cert = new X509Certificate(der);
      found.set(createHash("sha256").update(der).digest("hex"), cert.subject);
    } catch {
      // not a certificate
    }
  }
  return found;
}

/** A minimal ustar archive of regular files. */
export function buildTar(files: { name: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const header = Buffer.alloc(512);
    header.write(file.name, 0, 100, "utf8");
    header.write("0000644\0", 100, "latin1");
    header.write("0000000\0", 108, "latin1");
    header.write("0000000\0", 116, "latin1");
    header.write(`${file.data.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
    header.write("00000000000\0", 136, "latin1");
    header.write("        ", 148, "latin1");
    header.write("0", 156, "latin1");
    header.write("ustar\0", 257, "latin1");
    header.write("00", 263, "latin1");
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
    blocks.push(header, file.data, Buffer.alloc((512 - (file.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** An ar archive (the .deb container). */
export function buildAr(members: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [Buffer.from("!<arch>\n", "latin1")];
  for (const member of members) {
    const header = Buffer.alloc(60, 0x20);
    header.write(member.name, 0, "latin1");
    header.write("0", 16, "latin1");
    header.write("0", 28, "latin1");
    header.write("0", 34, "latin1");
    header.write("100644", 40, "latin1");
    header.write(String(member.data.length), 48, "latin1");
    header.write("`\n", 58, "latin1");
    parts.push(header, member.data);
    if (member.data.length % 2) parts.push(Buffer.from("\n"));
  }
  return Buffer.concat(parts);
}

export function controlTarGz(control: string): Buffer {
  return gzipSync(buildTar([{ name: "./control", data: Buffer.from(control) }]));
}

/** One entry of a fixture archive, read with our own zip reader. */
export async function fixtureEntry(file: string, name: string): Promise<Buffer> {
  const zip = await ZipArchive.open(fixture(file), statSync(fixture(file)).size, DEFAULT_LIMITS);
  try {
    const entry = zip.get(name);
    if (!entry) throw new Error(`${name} not in ${file}`);
    return await zip.read(entry);
  } finally {
    zip.close();
  }
}

/** A binary plist (bplist00) from pre-encoded objects, with 1-byte offsets and references. */
export function bplist(objects: number[][], top = 0): Buffer {
  const body: number[] = [];
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(8 + body.length);
    body.push(...object);
  }
  const trailer = Buffer.alloc(32);
  trailer[6] = 1;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(BigInt(top), 16);
  trailer.writeBigUInt64BE(BigInt(8 + body.length), 24);
  return Buffer.concat([Buffer.from("bplist00"), Buffer.from(body), Buffer.from(offsets), trailer]);
}
