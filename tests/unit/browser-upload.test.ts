import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RateMeter, sameOriginUploadUrl, sha256OfBlob } from "@/components/admin/browser-upload";
import { errorMessage } from "@/components/admin/error-message";

const nodeSha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("sha256OfBlob", () => {
  it.each([
    [0, 1024],
    [5_000_000, 1024 * 1024],
    [3 * 1024 * 1024, 1024 * 1024],
    [3 * 1024 * 1024 + 1, 1024 * 1024],
    [4097, 64],
    // Slices that end inside, at and just past SHA-256's 64-byte blocks and its 56-byte padding edge.
    [1000, 55],
    [1000, 56],
    [1000, 63],
    [1000, 65],
    [1000, 1],
  ])("hashes %i bytes in %i-byte slices like node:crypto, reporting progress", async (size, chunkBytes) => {
    const bytes = randomBytes(size);
    const progress: number[] = [];
    const digest = await sha256OfBlob(new Blob([bytes]), { chunkBytes, onProgress: (n) => progress.push(n) });
    expect(digest).toBe(nodeSha256(bytes));
    expect(progress.length).toBe(Math.ceil(size / chunkBytes));
    if (size > 0) expect(progress.at(-1)).toBe(size);
  });

  it("knows the standard test vectors", async () => {
    const hex = (text: string) => sha256OfBlob(new Blob([text]), { chunkBytes: 7 });
    expect(await hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    const hashing = sha256OfBlob(new Blob([randomBytes(10_000)]), {
      chunkBytes: 1000,
      signal: controller.signal,
      onProgress: (n) => n >= 3000 && controller.abort(new Error("removed")),
    });
    await expect(hashing).rejects.toThrow("removed");
  });
});

describe("helpers", () => {
  it("puts the upload URL on the page's origin", () => {
    expect(sameOriginUploadUrl("http://apps.example.com/api/uploads/abc", "http://10.0.0.5:3000")).toBe("http://10.0.0.5:3000/api/uploads/abc");
  });

  it("measures the rate over its window and restarts when bytes go back", () => {
    const meter = new RateMeter(3000);
    meter.add(0, 0);
    meter.add(1000, 1000);
    expect(meter.rate()).toBe(1000);
    meter.add(500, 1100);
    expect(meter.rate()).toBe(0);
  });

  it("turns tRPC's JSON list of input issues into one line, and leaves other messages alone", () => {
    const issues = JSON.stringify(
      [
        { path: ["release", "build"], message: "build must not be empty" },
        { path: [], message: "bad" },
      ],
      null,
      2,
    );
    expect(errorMessage(new Error(issues))).toBe("release.build: build must not be empty; bad");
    expect(errorMessage(new Error("upload abc is open, not complete"))).toBe("upload abc is open, not complete");
    expect(errorMessage(new Error("[not json"))).toBe("[not json");
  });
});
