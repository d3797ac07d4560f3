// The ranged source's block cache: a directory walk costs a few requests, not one per record, and
// a store that fails mid-inspection makes inspection reject instead of judging unseen bytes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { inspectSource } from "@/server/inspect";
import { BLOCK_SIZE, type RangeFetcher, RangedSource } from "@/server/inspect/ranged-source";
import { fixture } from "../helpers/inspect-fixtures";
import { buildZip } from "../helpers/inspect-zip-writer";

/** Bytes served by ranges as a bucket would, in 64 KiB chunks, with every request recorded. */
function servedFrom(bytes: Buffer, failFrom = Number.POSITIVE_INFINITY) {
  const requests: { start: number; end: number }[] = [];
  const fetcher: RangeFetcher = async (start, end) => {
    requests.push({ start, end });
    if (requests.length >= failFrom) throw new Error("connection reset by the store");
    return (async function* () {
      for (let at = start; at < end; at += 64 * 1024) yield bytes.subarray(at, Math.min(end, at + 64 * 1024));
    })();
  };
  return { fetcher, requests, fetched: () => requests.reduce((sum, r) => sum + r.end - r.start, 0) };
}

describe("ranged source", () => {
  it("walks a 20,000-entry zip directory in a few requests, reading ahead as the walk goes on", async () => {
    const zip = buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `assets/resource-${i}.bin` })));
    const served = servedFrom(zip);
    const result = await inspectSource(new RangedSource(zip.length, served.fetcher), { platform: "windows", filename: "many.zip" });
    expect(result).toMatchObject({ kind: "zip", status: "valid", metadata: { entryCount: 20_000 } });
    // About 2.3 MB of records read by yauzl in ~40,000 small reads.
    expect(zip.length).toBeGreaterThan(8 * BLOCK_SIZE);
    expect(served.requests.length).toBeLessThanOrEqual(12);
    expect(served.fetched()).toBeLessThanOrEqual(zip.length + 2 * BLOCK_SIZE);
  });

  it("gives the same answers as the file for reads across block boundaries", async () => {
    const bytes = readFileSync(fixture("macos/test.dmg"));
    const source = new RangedSource(bytes.length, servedFrom(bytes).fetcher);
    for (const [offset, length] of [
      [0, 10],
      [BLOCK_SIZE - 3, 7],
      [3 * BLOCK_SIZE - 1, 2 * BLOCK_SIZE + 5],
      [bytes.length - 512, 512],
      [100, 5 * BLOCK_SIZE],
    ] as const) {
      expect((await source.read(offset, length)).equals(bytes.subarray(offset, offset + length))).toBe(true);
    }
    expect((await source.readUpTo(bytes.length - 4, 100)).equals(bytes.subarray(bytes.length - 4))).toBe(true);
    await expect(source.read(bytes.length - 4, 5, "trailer")).rejects.toThrow(/truncated file: trailer/);
    const streamed: Buffer[] = [];
    for await (const chunk of source.stream(0, bytes.length)) streamed.push(chunk);
    expect(Buffer.concat(streamed).equals(bytes)).toBe(true);
  });

  it("rejects when the store fails mid-inspection, however the inspector handled the error", async () => {
    const apk = readFileSync(fixture("android/hello.apk"));
    const zip = buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `r/${i}` })));
    // The APK fits one block: its only request fails. The zip's directory walk fails in yauzl, which the zip reader makes a verdict of.
    for (const [bytes, filename, failFrom] of [
      [apk, "hello.apk", 1],
      [zip, "many.zip", 3],
    ] as const) {
      const served = servedFrom(bytes, failFrom);
      await expect(inspectSource(new RangedSource(bytes.length, served.fetcher), { platform: "android_apk", filename })).rejects.toThrow(/connection reset by the store/);
    }
  });
});
