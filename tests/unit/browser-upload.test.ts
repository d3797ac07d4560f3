import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  NetworkError,
  RateMeter,
  sameOriginUploadUrl,
  sha256OfBlob,
  type SendResult,
  type UploadTransport,
  UploadFailedError,
  uploadWithResume,
} from "@/components/admin/browser-upload";
import { errorMessage } from "@/components/admin/error-message";
import { Sha256, sha256Hex } from "@/components/admin/sha256";

const nodeSha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("incremental SHA-256", () => {
  it.each([0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65_536, 1_000_003])("matches node:crypto on %i bytes", (size) => {
    const bytes = randomBytes(size);
    expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });

  it.each([1, 7, 63, 64, 65, 100, 4096])("gives the same digest fed in %i-byte pieces", (piece) => {
    const bytes = randomBytes(10_000);
    const hash = new Sha256();
    for (let at = 0; at < bytes.length; at += piece) hash.update(bytes.subarray(at, at + piece));
    expect(hash.hex()).toBe(nodeSha256(bytes));
  });

  it("knows the standard test vectors", () => {
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new TextEncoder().encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("refuses to be used after digest()", () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update(new Uint8Array(1))).toThrow(/after digest/);
  });
});

describe("sha256OfBlob", () => {
  it.each([
    [0, 1024],
    [5_000_000, 1024 * 1024],
    [3 * 1024 * 1024, 1024 * 1024],
    [3 * 1024 * 1024 + 1, 1024 * 1024],
    [4097, 64],
  ])("hashes %i bytes in %i-byte slices like node:crypto, reporting progress", async (size, chunkBytes) => {
    const bytes = randomBytes(size);
    const progress: number[] = [];
    const digest = await sha256OfBlob(new Blob([bytes]), { chunkBytes, onProgress: (n) => progress.push(n) });
    expect(digest).toBe(nodeSha256(bytes));
    expect(progress.length).toBe(Math.ceil(size / chunkBytes));
    if (size > 0) expect(progress.at(-1)).toBe(size);
  });
});

/** A fake server holding `stored` bytes; `script` decides what each send does. */
function fakeServer(size: number, script: ((req: { method: string; offset: number; bodySize: number }) => SendResult | "cut" | "cut-after-half")[]) {
  let stored = 0;
  const log: string[] = [];
  const transport: UploadTransport = {
    async send({ method, offset, body, onProgress }) {
      log.push(`${method} ${offset}+${body.size}`);
      const step = script.shift();
      const outcome = step ? step({ method, offset, bodySize: body.size }) : null;
      if (outcome === "cut") throw new NetworkError("network error");
      if (outcome === "cut-after-half") {
        stored = offset + Math.floor(body.size / 2);
        onProgress(Math.floor(body.size / 2));
        throw new NetworkError("network error");
      }
      if (outcome) return outcome;
      if (method === "PUT") stored = 0;
      if (offset !== stored) return { status: 409, offset: stored, message: "offset mismatch" };
      stored = offset + body.size;
      onProgress(body.size);
      return { status: stored === size ? 200 : 204, offset: stored, message: null };
    },
    async head() {
      log.push(`HEAD ${stored}`);
      return { status: 200, offset: stored };
    },
  };
  return { transport, log, stored: () => stored };
}

const noSleep = async () => undefined;

describe("uploadWithResume", () => {
  const file = new Blob([randomBytes(1000)]);

  it("sends everything with one PUT when nothing goes wrong", async () => {
    const server = fakeServer(1000, []);
    const progress: number[] = [];
    expect(await uploadWithResume(file, "u", { transport: server.transport, sleep: noSleep, onProgress: (n) => progress.push(n) })).toEqual({ retries: 0 });
    expect(server.log).toEqual(["PUT 0+1000"]);
    expect(progress.at(-1)).toBe(1000);
  });

  it("after a cut connection asks HEAD for the offset and PATCHes the rest, backing off", async () => {
    const server = fakeServer(1000, [() => "cut-after-half"]);
    const retries: number[] = [];
    const delays: number[] = [];
    const result = await uploadWithResume(file, "u", {
      transport: server.transport,
      baseDelayMs: 100,
      sleep: async (ms) => void delays.push(ms),
      onRetry: (info) => retries.push(info.attempt),
    });
    expect(result).toEqual({ retries: 1 });
    expect(server.log).toEqual(["PUT 0+1000", "HEAD 500", "PATCH 500+500"]);
    expect(retries).toEqual([1]);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
  });

  it("retries 5xx and stale offsets (409), and takes 409 at the full size as done", async () => {
    const server = fakeServer(1000, [() => ({ status: 503, offset: null, message: "busy" })]);
    await uploadWithResume(file, "u", { transport: server.transport, sleep: noSleep });
    expect(server.log).toEqual(["PUT 0+1000", "HEAD 0", "PUT 0+1000"]);

    const done = fakeServer(1000, [() => "cut", () => ({ status: 409, offset: 1000, message: "upload already complete" })]);
    expect(await uploadWithResume(file, "u", { transport: done.transport, sleep: noSleep })).toEqual({ retries: 1 });
  });

  it("gives up after the configured attempts with the last reason", async () => {
    const server = fakeServer(1000, [() => "cut", () => "cut", () => "cut"]);
    const error = await uploadWithResume(file, "u", { transport: server.transport, sleep: noSleep, attempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadFailedError);
    expect((error as Error).message).toBe("upload failed after 3 attempts (last: network error)");
  });

  it("does not retry a refusal (4xx) and says why", async () => {
    const server = fakeServer(1000, [() => ({ status: 422, offset: null, message: "sha256 of the received bytes does not match" })]);
    await expect(uploadWithResume(file, "u", { transport: server.transport, sleep: noSleep })).rejects.toThrow(
      "the server refused the upload (HTTP 422): sha256 of the received bytes does not match",
    );
    expect(server.log).toEqual(["PUT 0+1000"]);
  });

  it("stops on a session that expired", async () => {
    const transport: UploadTransport = {
      send: async () => Promise.reject(new NetworkError("network error")),
      head: async () => ({ status: 410, offset: null }),
    };
    await expect(uploadWithResume(file, "u", { transport, sleep: noSleep })).rejects.toThrow(/expired or failed/);
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
    const issues = JSON.stringify([{ path: ["release", "build"], message: "build must not be empty" }, { path: [], message: "bad" }], null, 2);
    expect(errorMessage(new Error(issues))).toBe("release.build: build must not be empty; bad");
    expect(errorMessage(new Error("upload abc is open, not complete"))).toBe("upload abc is open, not complete");
    expect(errorMessage(new Error("[not json"))).toBe("[not json");
  });
});
