// Upload URLs are tus 1.0 upload resources (core protocol): a stock tus client, given one as its
// uploadUrl, uploads, is stopped midway, resumes from the server's offset and completes with the
// digest verified; OPTIONS discovery, version refusal (412) and tus's 204 acknowledgements, on a
// real server. Shipyard's own PUT and JSON answers stay as they were (artifacts-http.test.ts).
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Upload } from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { storeLayout } from "@/server/storage/paths";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const MiB = 1024 * 1024;
const workDir = mkdtempSync(path.join(tmpdir(), "shipyard-tus-"));
let server: RunningServer;
let api: ReturnType<typeof apiClient>;

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function openUpload(name: string, bytes: Buffer): Promise<{ id: string; uploadUrl: string }> {
  const file = path.join(workDir, name);
  writeFileSync(file, bytes);
  const opened = await api.openUpload("tus", file);
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return { id: String(opened.body.id), uploadUrl: String(opened.body.uploadUrl) };
}

beforeAll(async () => {
  server = await startServer({ env: { MAX_UPLOAD_BYTES: String(64 * MiB) } });
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "tus", displayName: "Tus" });
    return (await seedToken(store, { name: "ci", scopes: ["releases:upload"], app: "tus" })).raw;
  });
  api = apiClient(server.url, token);
});

afterAll(async () => {
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("tus 1.0 on upload URLs", () => {
  it("lets tus-js-client, given the upload URL, send 30 MB in 4 MiB chunks, stop at 12.6 MB and resume to a verified blob", async () => {
    const bytes = randomBytes(30_000_000);
    const { id, uploadUrl } = await openUpload("big.apk", bytes);
    const statuses: string[] = [];
    const options = {
      uploadUrl,
      chunkSize: 4 * MiB,
      retryDelays: [0, 500],
      onAfterResponse: (req: { getMethod(): string }, res: { getStatus(): number }) => void statuses.push(`${req.getMethod()} ${res.getStatus()}`),
    };

    // A stock client stopped by its user midway (tus's abort), as a closed laptop lid would.
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(bytes, {
        ...options,
        onProgress: (sent) => {
          if (sent >= 12_600_000) void upload.abort().then(resolve);
        },
        onError: reject,
        onSuccess: () => reject(new Error("the upload was meant to be stopped midway")),
      });
      upload.start();
    });
    // The server keeps what arrived of the stopped request; asked until it has settled.
    const serverOffset = async () => {
      const head = await fetch(uploadUrl, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
      expect(head.headers.get("upload-length")).toBe(String(bytes.length));
      return Number(head.headers.get("upload-offset"));
    };
    let offset = -1;
    for (let seen = await serverOffset(); seen !== offset; seen = await serverOffset()) {
      offset = seen;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(offset).toBeGreaterThanOrEqual(12 * MiB);
    expect(offset).toBeLessThan(bytes.length);

    statuses.length = 0;
    await new Promise<void>((resolve, reject) => {
      new Upload(bytes, { ...options, onError: reject, onSuccess: () => resolve() }).start();
    });
    // Resumed from the server's offset: no request restarted at 0, each PATCH acknowledged with 204.
    expect(statuses[0]).toBe("HEAD 200");
    expect(statuses.slice(1).every((s) => s === "PATCH 204")).toBe(true);
    expect(statuses.length).toBe(1 + Math.ceil((bytes.length - offset) / (4 * MiB)));

    const session = await withServerStore(server.dataDir, (store) => store.uploads.getById(id));
    expect(session).toMatchObject({ state: "complete", receivedBytes: bytes.length, sha256: sha(bytes) });
    expect(sha(readFileSync(storeLayout(server.dataDir).blob(sha(bytes))))).toBe(sha(bytes));
  }, 120_000);

  it("answers OPTIONS with its version and size limit, and refuses other tus versions with 412", async () => {
    const { uploadUrl } = await openUpload("small.apk", randomBytes(1000));
    const options = await fetch(uploadUrl, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(Object.fromEntries(["tus-resumable", "tus-version", "tus-max-size"].map((h) => [h, options.headers.get(h)]))).toEqual({
      "tus-resumable": "1.0.0",
      "tus-version": "1.0.0",
      "tus-max-size": String(64 * MiB),
    });
    expect(options.headers.get("allow")).toContain("OPTIONS");

    const old = await fetch(uploadUrl, { method: "PATCH", headers: { "tus-resumable": "0.2.2", "upload-offset": "0" }, body: "x" });
    expect(old.status).toBe(412);
    expect(old.headers.get("tus-version")).toBe("1.0.0");
    expect(old.headers.get("tus-resumable")).toBe("1.0.0");
    // Refused before anything was written.
    expect((await fetch(uploadUrl, { method: "HEAD" })).headers.get("upload-offset")).toBe("0");
  });

  it("names its version on every answer, refusals included", async () => {
    const { uploadUrl } = await openUpload("tiny.apk", randomBytes(10));
    const answers = [
      await fetch(uploadUrl, { method: "HEAD" }),
      await fetch(uploadUrl, { method: "PATCH", headers: { "tus-resumable": "1.0.0", "upload-offset": "5" }, body: "x" }),
      await fetch(`${server.url}/api/uploads/not-a-session-id-at-all`, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } }),
      await fetch(uploadUrl, { method: "DELETE", headers: { "tus-resumable": "1.0.0" } }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get("tus-resumable")])).toEqual([
      [200, "1.0.0"],
      [409, "1.0.0"],
      [404, "1.0.0"],
      [405, "1.0.0"],
    ]);
  });
});
