// The upload client shared by the CLI and the console (src/client/tus-upload.ts): tus-js-client
// drives a scripted server through its own HTTP-stack seam, so each interruption, refusal and
// stale answer happens exactly where a test puts it. The real server is in the e2e tests.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type { HttpRequest, HttpResponse, HttpStack } from "tus-js-client";
import { afterAll, describe, expect, it } from "vitest";
import { fetchHttpStack, fileSlices } from "@/cli/tus-node";
import { type RetryInfo, sendToUploadUrl, UploadFailedError } from "@/client/tus-upload";

type Outcome = "cut" | "cut-after-half" | { status: number; message?: string } | undefined;
/** What the next request does; undefined: what a well-behaved server would. */
type Step = ((req: { method: string; offset: number; bytes: number }) => Outcome) | undefined;

const response = (status: number, headers: Record<string, string | number>, body = ""): HttpResponse => ({
  getStatus: () => status,
  getHeader: (name) => {
    const value = headers[name.toLowerCase()];
    return value === undefined ? undefined : String(value);
  },
  getBody: () => body,
  getUnderlyingObject: () => null,
});

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A tus server holding real bytes: HEAD answers the offset, PATCH appends at it, and the bytes are
 * committed on the request that brings the last one (or an empty PATCH at the end). `script`
 * overrides what the next requests do, HEADs included.
 */
function scriptedServer(size: number, script: Step[], initial: { stored?: Buffer; committed?: boolean } = {}) {
  let stored = initial.stored ?? Buffer.alloc(0);
  let committed = initial.committed ?? false;
  const log: string[] = [];
  const stack: HttpStack = {
    getName: () => "scripted",
    createRequest(method, url): HttpRequest {
      const headers: Record<string, string> = {};
      let onProgress = (_sent: number) => {};
      return {
        getMethod: () => method,
        getURL: () => url,
        setHeader: (name, value) => {
          headers[name.toLowerCase()] = value;
        },
        getHeader: (name) => headers[name.toLowerCase()],
        setProgressHandler: (handler) => {
          onProgress = handler;
        },
        getUnderlyingObject: () => null,
        abort: async () => undefined,
        async send(body) {
          const bytes = await bytesOf(body);
          const offset = Number(headers["upload-offset"] ?? 0);
          log.push(method === "HEAD" ? `HEAD ${stored.length}` : `${method} ${offset}+${bytes.length}`);
          if (headers["tus-resumable"] !== "1.0.0") throw new Error("every tus request names its version");
          const outcome = script.shift()?.({ method, offset, bytes: bytes.length });
          if (outcome === "cut") throw new Error("socket hang up");
          if (outcome === "cut-after-half") {
            stored = Buffer.concat([stored, bytes.subarray(0, bytes.length >> 1)]);
            onProgress(bytes.length >> 1);
            throw new Error("socket hang up");
          }
          if (outcome) return response(outcome.status, {}, outcome.message ? JSON.stringify({ error: { message: outcome.message } }) : "");
          if (method === "HEAD") return response(200, { "upload-offset": stored.length, "upload-length": size });
          if (offset !== stored.length || (committed && bytes.length === 0)) return response(409, { "upload-offset": stored.length });
          stored = Buffer.concat([stored, bytes]);
          onProgress(bytes.length);
          if (stored.length === size) committed = true;
          return response(204, { "upload-offset": stored.length });
        },
      };
    },
  };
  return { stack, log, stored: () => stored, committed: () => committed };
}

const file = randomBytes(1000);
const fast = { uploadUrl: "http://shipyard.test/api/uploads/abc", size: file.length, baseDelayMs: 2 };

describe("sendToUploadUrl", () => {
  it("asks the offset, then sends everything in one PATCH when nothing goes wrong", async () => {
    const server = scriptedServer(1000, []);
    const progress: number[] = [];
    expect(await sendToUploadUrl(file, { ...fast, httpStack: server.stack, onProgress: (n) => progress.push(n) })).toEqual({ retries: 0 });
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+1000"]);
    expect(server.stored().equals(file)).toBe(true);
    expect(progress.at(-1)).toBe(1000);
  });

  it("sends chunks of chunkBytes, one PATCH each", async () => {
    const server = scriptedServer(1000, []);
    await sendToUploadUrl(file, { ...fast, chunkBytes: 400, httpStack: server.stack });
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+400", "PATCH 400+400", "PATCH 800+200"]);
    expect(server.stored().equals(file)).toBe(true);
  });

  it("after a cut connection asks the server's offset and sends only the rest, backing off", async () => {
    const server = scriptedServer(1000, [undefined, () => "cut-after-half"]);
    const retries: RetryInfo[] = [];
    const result = await sendToUploadUrl(file, { ...fast, baseDelayMs: 100, httpStack: server.stack, onRetry: (info) => retries.push(info) });
    expect(result).toEqual({ retries: 1 });
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+1000", "HEAD 500", "PATCH 500+500"]);
    expect(server.stored().equals(file)).toBe(true);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, reason: "network error" });
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(50);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(100);
  });

  it("retries server errors and stale offsets (409) with the server's message as the reason", async () => {
    const server = scriptedServer(1000, [undefined, () => ({ status: 503, message: "busy" }), undefined, () => ({ status: 409, message: "offset mismatch" })]);
    const reasons: string[] = [];
    await sendToUploadUrl(file, { ...fast, httpStack: server.stack, onRetry: (info) => reasons.push(info.reason) });
    expect(reasons).toEqual(["HTTP 503: busy", "HTTP 409: offset mismatch"]);
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+1000", "HEAD 0", "PATCH 0+1000", "HEAD 0", "PATCH 0+1000"]);
  });

  it("gives up after the configured attempts in a row without progress, with the last reason", async () => {
    const server = scriptedServer(1000, [undefined, () => "cut", undefined, () => "cut", undefined, () => "cut"]);
    const error = await sendToUploadUrl(file, { ...fast, attempts: 3, httpStack: server.stack }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadFailedError);
    expect(error).toMatchObject({ message: "upload failed after 3 attempts (last: network error)", sessionUnusable: false, status: null });
    expect(server.log.filter((l) => l.startsWith("PATCH"))).toHaveLength(3);
  });

  it("keeps going while each try gets further, however many interruptions that takes", async () => {
    const halves: Step[] = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? undefined : () => "cut-after-half"));
    const server = scriptedServer(1000, halves);
    const result = await sendToUploadUrl(file, { ...fast, attempts: 2, httpStack: server.stack });
    expect(result.retries).toBe(6);
    expect(server.stored().equals(file)).toBe(true);
  });

  it("does not retry a refusal, and says why", async () => {
    const server = scriptedServer(1000, [undefined, () => ({ status: 422, message: "sha256 of the received bytes does not match the declared sha256" })]);
    const error = await sendToUploadUrl(file, { ...fast, httpStack: server.stack }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: "the server refused the upload (HTTP 422): sha256 of the received bytes does not match the declared sha256",
      sessionUnusable: true,
      status: 422,
    });
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+1000"]);
  });

  it.each([
    [410, "the upload session expired or failed"],
    [404, "the upload session no longer exists"],
  ])("stops on a session the server answers %i for", async (status, message) => {
    const server = scriptedServer(1000, [() => ({ status })]);
    await expect(sendToUploadUrl(file, { ...fast, httpStack: server.stack })).rejects.toMatchObject({ message, sessionUnusable: true, status });
    expect(server.log).toEqual(["HEAD 0"]);
  });

  it("commits bytes a HEAD finds all staged with an empty PATCH, and takes 409 at the full size as done", async () => {
    const staged = scriptedServer(1000, [], { stored: file, committed: false });
    expect(await sendToUploadUrl(file, { ...fast, httpStack: staged.stack })).toEqual({ retries: 0 });
    expect(staged.log).toEqual(["HEAD 1000", "PATCH 1000+0"]);
    expect(staged.committed()).toBe(true);

    const done = scriptedServer(1000, [], { stored: file, committed: true });
    expect(await sendToUploadUrl(file, { ...fast, httpStack: done.stack })).toEqual({ retries: 0 });
    expect(done.log).toEqual(["HEAD 1000", "PATCH 1000+0"]);
  });

  it("retries that empty PATCH when it gets no answer, and fails on a refusal of it", async () => {
    const server = scriptedServer(1000, [undefined, () => "cut"], { stored: file, committed: false });
    expect(await sendToUploadUrl(file, { ...fast, httpStack: server.stack })).toEqual({ retries: 1 });
    expect(server.log).toEqual(["HEAD 1000", "PATCH 1000+0", "HEAD 1000", "PATCH 1000+0"]);
    expect(server.committed()).toBe(true);

    const mismatch = scriptedServer(1000, [undefined, () => ({ status: 422, message: "digest mismatch" })], { stored: file, committed: false });
    await expect(sendToUploadUrl(file, { ...fast, httpStack: mismatch.stack })).rejects.toMatchObject({ status: 422, sessionUnusable: true });
  });

  it("stops when its signal is aborted, with the signal's reason", async () => {
    const controller = new AbortController();
    const server = scriptedServer(1000, [
      undefined,
      () => {
        controller.abort(new Error("removed by the user"));
        return "cut";
      },
    ]);
    await expect(sendToUploadUrl(file, { ...fast, baseDelayMs: 50, httpStack: server.stack, signal: controller.signal })).rejects.toThrow("removed by the user");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+1000"]);
  });
});

describe("fileSlices (the CLI's source)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "shipyard-tus-slices-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams a file from disk in slices, resuming mid-slice after a cut", async () => {
    const bytes = randomBytes(250_000);
    const file = path.join(dir, "app.apk");
    writeFileSync(file, bytes);
    const server = scriptedServer(bytes.length, [undefined, undefined, () => "cut-after-half"]);
    const source = fileSlices(file, bytes.length);
    const result = await sendToUploadUrl(file, { ...fast, size: bytes.length, chunkBytes: 100_000, fileReader: source, httpStack: server.stack });
    expect(result).toEqual({ retries: 1 });
    expect(server.log).toEqual(["HEAD 0", "PATCH 0+100000", "PATCH 100000+100000", "HEAD 150000", "PATCH 150000+100000"]);
    expect(server.stored().equals(bytes)).toBe(true);
  });

  it("gives each slice its size, for the request's Content-Length", async () => {
    const file = path.join(dir, "small.bin");
    writeFileSync(file, randomBytes(10));
    const source = await fileSlices(file, 10).openFile(null, 4);
    const first = await source.slice(0, 4);
    expect(first).toMatchObject({ done: false, value: { size: 4 } });
    const last = await source.slice(8, 12);
    expect(last).toMatchObject({ done: true, value: { size: 2 } });
    expect((await bytesOf(last.value as Readable)).length).toBe(2);
    expect((first.value as Readable).destroyed).toBe(true);
    source.close();
  });
});

describe("fetchHttpStack (the CLI's requests)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "shipyard-tus-fetch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A loopback server that records what arrives and stores PATCH bodies in order. */
  async function recordingServer(size: number) {
    let stored = Buffer.alloc(0);
    const seen: string[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push(`${req.method} offset=${req.headers["upload-offset"] ?? "-"} length=${req.headers["content-length"] ?? "-"} tus=${req.headers["tus-resumable"]}`);
      if (req.method === "PATCH") stored = Buffer.concat([stored, ...chunks]);
      res.writeHead(req.method === "HEAD" ? 200 : 204, { "upload-offset": String(stored.length), "upload-length": String(size) }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/uploads/abc`;
    return { url, seen, stored: () => stored, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("streams each slice with its Content-Length and reports progress", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const file = path.join(dir, "app.apk");
    writeFileSync(file, bytes);
    const server = await recordingServer(bytes.length);
    const progress: number[] = [];
    try {
      await sendToUploadUrl(file, {
        uploadUrl: server.url,
        size: bytes.length,
        chunkBytes: 2 * 1024 * 1024,
        fileReader: fileSlices(file, bytes.length),
        httpStack: fetchHttpStack,
        onProgress: (n) => progress.push(n),
      });
    } finally {
      await server.close();
    }
    expect(server.stored().equals(bytes)).toBe(true);
    expect(server.seen).toEqual(["HEAD offset=- length=- tus=1.0.0", "PATCH offset=0 length=2097152 tus=1.0.0", `PATCH offset=2097152 length=${bytes.length - 2097152} tus=1.0.0`]);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.some((n) => n > 0 && n < 2097152)).toBe(true);
  });

  it("fails the upload, not the process, when the file cannot be read", async () => {
    const server = await recordingServer(1000);
    const missing = path.join(dir, "gone.apk");
    try {
      const error = await sendToUploadUrl(missing, {
        uploadUrl: server.url,
        size: 1000,
        attempts: 2,
        baseDelayMs: 2,
        fileReader: fileSlices(missing, 1000),
        httpStack: fetchHttpStack,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UploadFailedError);
      expect(error).toMatchObject({ sessionUnusable: false, status: null });
    } finally {
      await server.close();
    }
  });
});
