// Mutation fuzzing of the real fixtures: fast-check arbitraries for byte-level edits (flip, set,
// interesting 32-bit values, insert, delete, truncate, chunks spliced from another fixture), applied
// to the whole file or, for zip-based fixtures, to one entry before re-zipping (so the edits reach
// the binary manifest, the plists, the profile and the icons instead of dying in deflate), and the
// property every inspection must satisfy. Shared by tests/reliability/hostile-corpus.test.ts (seeded,
// bounded) and bench/fuzz-inspect.ts (long runs, seed from the command line).
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import type { Platform } from "@/domain/platform";
import { DEFAULT_LIMITS } from "@/server/inspect/types";
import { ZipArchive } from "@/server/inspect/zip-reader";
import { buildZip } from "./inspect-zip-writer";

/** The shared fixtures, relative to the project root (CI has the same copy). */
const FIXTURES = path.resolve(import.meta.dirname, "../..", "../shared/fixtures");

export interface FuzzFixture {
  filename: string;
  platform: Platform;
  bytes: Buffer;
  /** The files of a zip-based fixture (APK, IPA, MSIX), uncompressed. */
  entries?: { name: string; data: Buffer }[];
}

export async function loadFuzzFixtures(): Promise<FuzzFixture[]> {
  const list: [string, Platform][] = [
    ["android/hello.apk", "android_apk"],
    ["ios/Hello.ipa", "ios"],
    ["linux/hello-fixture_1.2.3-42_amd64.deb", "linux"],
    ["linux/hello-fixture-1.2.3-42.x86_64.rpm", "linux"],
    ["windows/hello-fixture-1.2.3.msi", "windows"],
    ["windows/HelloFixture-Setup-1.2.3-signed.exe", "windows"],
    ["windows/HelloFixture-1.2.3.0-x64.msix", "windows"],
    ["linux/Hello_Fixture-1.2.3-x86_64.AppImage", "linux"],
    ["macos/test.dmg", "macos"],
  ];
  return Promise.all(
    list.map(async ([file, platform]) => {
      const bytes = readFileSync(path.join(FIXTURES, file));
      if (!/\.(apk|ipa|msix)$/.test(file)) return { filename: path.basename(file), platform, bytes };
      const zip = await ZipArchive.open(path.join(FIXTURES, file), bytes.length, DEFAULT_LIMITS);
      try {
        const entries = [];
        for (const entry of zip.entries()) entries.push({ name: entry.name, data: await zip.read(entry) });
        return { filename: path.basename(file), platform, bytes, entries };
      } finally {
        zip.close();
      }
    }),
  );
}

/** Where an edit lands: headers live near the start, zip directories and trailers near the end. */
export type Position = { from: "start"; offset: number } | { from: "end"; offset: number } | { from: "fraction"; value: number };

export type Mutation =
  | { op: "flip"; at: Position; bit: number }
  | { op: "set"; at: Position; byte: number }
  | { op: "int32"; at: Position; value: number; littleEndian: boolean }
  | { op: "insert"; at: Position; bytes: Uint8Array }
  | { op: "delete"; at: Position; length: number }
  | { op: "truncate"; at: Position }
  | { op: "splice"; at: Position; length: number; from: number; fromAt: Position; replace: boolean };

export interface MutationCase {
  fixture: number;
  /** For zip-based fixtures: mutate this entry (modulo their count) and re-zip, instead of the file. */
  entry?: number;
  mutations: Mutation[];
}

const position: fc.Arbitrary<Position> = fc.oneof(
  fc.record({ from: fc.constant("start" as const), offset: fc.nat(4095) }),
  fc.record({ from: fc.constant("end" as const), offset: fc.nat(65_535) }),
  fc.record({ from: fc.constant("fraction" as const), value: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
);

/** Values that length and offset fields trip over. */
const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export function mutationCase(fixtureCount: number): fc.Arbitrary<MutationCase> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("flip" as const), at: position, bit: fc.nat(7) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("set" as const), at: position, byte: fc.nat(255) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("int32" as const), at: position, value: fc.constantFrom(...INTERESTING), littleEndian: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("insert" as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 512 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("splice" as const),
        at: position,
        length: fc.integer({ min: 1, max: 4096 }),
        from: fc.nat(fixtureCount - 1),
        fromAt: position,
        replace: fc.boolean(),
      }),
    },
  );
  return fc.record({
    fixture: fc.nat(fixtureCount - 1),
    entry: fc.option(fc.nat(63), { nil: undefined, freq: 2 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  });
}

/** The bytes of one case: the fixture with its mutations applied to the file or to one entry. */
export function mutatedBytes(c: MutationCase, fixtures: readonly FuzzFixture[]): Buffer {
  const fixture = fixtures[c.fixture];
  if (!fixture) throw new Error(`no fixture ${c.fixture}`);
  const entries = fixture.entries;
  if (c.entry === undefined || !entries || entries.length === 0) return applyMutations(fixture.bytes, c.mutations, fixtures);
  const target = c.entry % entries.length;
  return buildZip(entries.map((e, i) => ({ name: e.name, data: i === target ? applyMutations(e.data, c.mutations, fixtures) : e.data })));
}

function resolve(at: Position, length: number): number {
  if (length === 0) return 0;
  if (at.from === "start") return at.offset % length;
  if (at.from === "end") return Math.max(0, length - 1 - (at.offset % length));
  return Math.min(length - 1, Math.floor(at.value * length));
}

export function applyMutations(original: Buffer, mutations: Mutation[], fixtures: readonly FuzzFixture[]): Buffer {
  let bytes = Buffer.from(original);
  for (const m of mutations) {
    const at = resolve(m.at, bytes.length);
    switch (m.op) {
      case "flip":
        if (bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << m.bit);
        break;
      case "set":
        if (bytes.length > 0) bytes[at] = m.byte;
        break;
      case "int32":
        if (at + 4 <= bytes.length) {
          if (m.littleEndian) bytes.writeUInt32LE(m.value, at);
          else bytes.writeUInt32BE(m.value, at);
        }
        break;
      case "insert":
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
        break;
      case "delete":
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case "truncate":
        bytes = bytes.subarray(0, at);
        break;
      case "splice": {
        const source = fixtures[m.from]?.bytes ?? original;
        const start = resolve(m.fromAt, source.length);
        const chunk = source.subarray(start, start + m.length);
        bytes = Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(m.replace ? at + chunk.length : at)]);
        break;
      }
    }
  }
  return bytes;
}

/** What an inspection result must look like, whatever the input; a message per violation. */
export function inspectionViolations(result: { status: string; reasons: unknown[]; metadata: unknown }): string[] {
  const problems: string[] = [];
  if (result.status !== "valid" && result.status !== "invalid") problems.push(`status ${JSON.stringify(result.status)}`);
  if (result.status === "invalid" && result.reasons.length === 0) problems.push("invalid without a reason");
  if (result.status === "valid" && result.reasons.length > 0) problems.push("valid with reasons");
  for (const reason of result.reasons) {
    if (typeof reason !== "string" || reason.trim() === "") problems.push(`empty reason ${JSON.stringify(reason)}`);
    // The pool turns a hang or a crashed worker into an invalid result: here they are failures.
    else if (/inspection timed out|inspection failed: worker/.test(reason)) problems.push(reason);
    // The inspector's safety net caught an exception no format check anticipated: a parser bug.
    else if (isGenericReason(reason)) problems.push(`unexpected exception: ${reason}`);
  }
  try {
    JSON.stringify(result.metadata);
  } catch (error) {
    problems.push(`metadata is not JSON: ${String(error)}`);
  }
  return problems;
}

/** A reason that comes from an unexpected exception (a parser bug caught by the safety net), not a format check. */
export function isGenericReason(reason: string): boolean {
  return /^corrupt or unreadable [a-z]+: /.test(reason);
}
