// DOWNLOAD_OFFLOAD=x-accel-redirect: the hand-off keeps every header Shipyard plans except the
// body's length and range (nginx computes those from the file), and is used only where nginx answers
// the request exactly as Shipyard would; the rest is streamed by Shipyard as before.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planDownload } from "@/server/http/download";
import { downloadOffloadFor, nginxAnswersAsPlanned, offloadHeaders, offloadLocation } from "@/server/http/download-offload";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import type { BlobStore } from "@/server/storage/types";

const artifact = { sha256: "ab".repeat(32), sizeBytes: 1000, filename: "Hello Wörld.apk", contentType: "application/vnd.android.package-archive" };
const plan = (range: string | null, method = "GET") => planDownload(artifact, { method, range, ifNoneMatch: null });
const LOCATION = "/_shipyard/blobs/sha256/ab/cdef";

describe("offloadHeaders", () => {
  it("keeps the planned headers of a whole file, leaving the length and Accept-Ranges to nginx", () => {
    const whole = plan(null);
    const headers = offloadHeaders(whole, LOCATION);
    expect(headers).toEqual({
      "content-type": whole.headers["content-type"],
      "content-disposition": whole.headers["content-disposition"],
      "x-content-type-options": "nosniff",
      etag: `"${artifact.sha256}"`,
      "cache-control": "private, max-age=31536000, immutable",
      "content-length": "0",
      "x-accel-redirect": LOCATION,
    });
  });

  it("keeps Accept-Ranges on a range (nginx adds none to a 206) and drops Content-Range", () => {
    const partial = plan("bytes=100-199");
    expect(partial.headers["content-range"]).toBe("bytes 100-199/1000");
    const headers = offloadHeaders(partial, LOCATION);
    expect(headers["accept-ranges"]).toBe("bytes");
    expect(headers["content-range"]).toBeUndefined();
    expect(headers["content-length"]).toBe("0");
    expect(headers["content-disposition"]).toBe(partial.headers["content-disposition"]);
  });
});

describe("nginxAnswersAsPlanned", () => {
  it.each([
    ["no Range", null, {}, true],
    ["a plain range", "bytes=0-99", {}, true],
    ["an open range", "bytes=500-", {}, true],
    ["a suffix range", "bytes=-100", {}, true],
    ["a suffix longer than the file", "bytes=-5000", {}, true],
    ["several ranges (nginx: multipart)", "bytes=0-1,5-6", {}, false],
    ["another unit (ignored by both, but kept simple)", "items=0-5", {}, false],
    ["a loosely spelled range", "bytes = 0-99", {}, false],
    ["an overlong number", "bytes=0-9999999999999999999", {}, false],
    ["If-Range (nginx evaluates it)", "bytes=0-99", { "if-range": '"x"' }, false],
    ["If-Match (nginx: 412)", null, { "if-match": '"x"' }, false],
    ["If-Unmodified-Since (nginx: 412)", null, { "if-unmodified-since": "Mon, 07 Dec 2026 00:00:00 GMT" }, false],
  ])("%s → %s", (_what, range, extra, expected) => {
    expect(nginxAnswersAsPlanned(plan(range), { ...(range === null ? {} : { range }), ...extra })).toBe(expected);
  });

  it("never hands off an answer without a body", () => {
    expect(nginxAnswersAsPlanned(plan(null, "HEAD"), {})).toBe(false);
    expect(nginxAnswersAsPlanned(plan("bytes=5000-"), { range: "bytes=5000-" })).toBe(false);
    const notModified = planDownload(artifact, { method: "GET", range: null, ifNoneMatch: `"${artifact.sha256}"` });
    expect(nginxAnswersAsPlanned(notModified, {})).toBe(false);
  });
});

describe("the disk store's proxy path", () => {
  const root = mkdtempSync(path.join(tmpdir(), "shipyard-offload-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("names the blob relative to <root>/blobs, where nginx's internal location points", async () => {
    const blobs = createLocalBlobStore(root);
    const stored = await blobs.putBytes(Buffer.from("hello offload"), { maxBytes: 1024 });
    const relative = await blobs.proxyPath(stored.sha256);
    expect(relative).toBe(`sha256/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2)}`);
    expect(readFileSync(path.join(root, "blobs", relative), "utf8")).toBe("hello offload");
    const offload = downloadOffloadFor({ prefix: "/_shipyard/blobs" }, blobs);
    expect(offload && (await offloadLocation(offload, stored.sha256))).toBe(`/_shipyard/blobs/${relative}`);
  });

  it("refuses a missing blob and a malformed digest", async () => {
    const blobs = createLocalBlobStore(root);
    await expect(blobs.proxyPath("0".repeat(64))).rejects.toMatchObject({ reason: "NOT_FOUND" });
    await expect(blobs.proxyPath("../../shipyard.db")).rejects.toThrow(/sha256/);
  });

  it("is off without the setting, and refused for a store without files", () => {
    const { proxyPath: _files, ...remote } = createLocalBlobStore(root);
    expect(downloadOffloadFor(null, remote as BlobStore)).toBeNull();
    expect(() => downloadOffloadFor({ prefix: "/_shipyard/blobs" }, remote as BlobStore)).toThrow(/disk blob store/);
  });
});
