// Crash trials on a real server: kill -9 its whole process group at random points of 200 MB uploads
// and of publishes, restart it on the same data dir, and check after every restart that nothing is
// lost or half-written. Seeded, so a failing trial can be replayed (RELIABILITY_SEED).
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { freePort, type RunningServer, startServer } from "../helpers/server";

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 20);
const SIZE = 200 * 1024 * 1024;
const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");

// A small seeded generator (mulberry32): the same seed replays the same kill points.
let seed = Number(process.env.RELIABILITY_SEED ?? 20261206) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-crash-"));
const dataDir = path.join(scratch, "data");
let port: number;
let server: RunningServer;
let token: string;
const report = { uploadKills: 0, killedAfterLastByte: 0, publishKills: 0, publishedBeforeKill: 0, restarts: 0 };

/** A 200 MB file whose first bytes make it unique per trial (so no upload is a dedup of another). */
function bigFile(trial: number): { file: string; sha256: string } {
  const file = path.join(scratch, `big-${trial}.bin`);
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  const hash = createHash("sha256");
  for (let written = 0; written < SIZE; written += chunk.length) {
    for (let i = 0; i < chunk.length; i += 4096) chunk.writeUInt32BE((trial * 7919 + written + i) >>> 0, i);
    chunk.writeUInt32BE(trial, 0);
    writeSync(fd, chunk);
    hash.update(chunk);
  }
  closeSync(fd);
  return { file, sha256: hash.digest("hex") };
}

async function restart(): Promise<void> {
  server = await startServer({ dataDir, port });
  report.restarts++;
}

/** Streams the file with PUT and kills the server once `killAt` bytes have gone out (or at the end). */
function putAndKill(uploadUrl: string, file: string, killAt: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(uploadUrl, { method: "PUT", headers: { "content-length": String(SIZE), "tus-resumable": "1.0.0" } });
    req.on("error", () => resolve());
    req.on("response", (res) => res.resume().on("end", resolve).on("error", resolve));
    let sent = 0;
    let killed = false;
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
    stream.on("data", (chunk) => {
      sent += chunk.length;
      if (!req.write(chunk)) stream.pause();
      if (!killed && sent >= killAt) {
        killed = true;
        stream.destroy();
        // "Right after the last byte": the request body is complete but the answer may not be.
        void server.kill().then(() => resolve());
      }
    });
    req.on("drain", () => stream.resume());
    stream.on("end", () => req.end());
  });
}

/** Where the local blob store keeps a digest: two-hex fan-out, then the rest of the digest. */
const blobFile = (sha256: string) => path.join(dataDir, "blobs/sha256", sha256.slice(0, 2), sha256.slice(2));

/** Everything that must hold after any crash and restart. */
async function checkInvariants(): Promise<void> {
  const db = new Database(path.join(dataDir, "shipyard.db"), { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT COUNT(*) AS n FROM releases r WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.release_id = r.id)").get()).toEqual({ n: 0 });
    const artifacts = db.prepare("SELECT DISTINCT sha256 FROM artifacts").all() as { sha256: string }[];
    for (const { sha256 } of artifacts) expect(existsSync(blobFile(sha256)), sha256).toBe(true);
    const open = db.prepare("SELECT id, size_bytes AS size FROM upload_sessions WHERE state = 'open'").all() as { id: string; size: number | bigint }[];
    const openIds = new Set(open.map((s) => s.id));
    const staged = existsSync(path.join(dataDir, "staging")) ? readdirSync(path.join(dataDir, "staging")) : [];
    // No orphan in staging, and no session left open with every byte staged (recovery finished it).
    for (const name of staged) expect(openIds.has(name), `orphan staging file ${name}`).toBe(true);
    const complete = db.prepare("SELECT sha256 FROM upload_sessions WHERE state = 'complete'").all() as { sha256: string }[];
    for (const { sha256 } of complete) expect(existsSync(blobFile(sha256)), `complete upload ${sha256}`).toBe(true);
    for (const session of open) {
      const head = await fetch(`${server.url}/api/uploads/${session.id}`, { method: "HEAD" });
      expect(Number(head.headers.get("upload-offset")), `session ${session.id} stuck at its end`).toBeLessThan(Number(session.size));
    }
  } finally {
    db.close();
  }
}

/** Every stored blob hashes to its name (run once at the end: hashing every 200 MB file each trial is slow). */
async function checkBlobDigests(): Promise<number> {
  const root = path.join(dataDir, "blobs/sha256");
  let checked = 0;
  for (const fanOut of readdirSync(root)) {
    for (const name of readdirSync(path.join(root, fanOut))) {
      const hash = createHash("sha256");
      for await (const chunk of createReadStream(path.join(root, fanOut, name))) hash.update(chunk as Buffer);
      expect(hash.digest("hex")).toBe(`${fanOut}${name}`);
      checked++;
    }
  }
  return checked;
}

beforeAll(async () => {
  port = await freePort();
  await restart();
  token = await withServerStore(dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "crash", displayName: "Crash", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  console.log(`crash trials: ${JSON.stringify(report)}`);
  rmSync(scratch, { recursive: true, force: true });
});

describe("kill -9 during uploads", () => {
  it(`survives ${TRIALS} kills at random points of a 200 MB upload, then resumes each to the right digest`, { timeout: TRIALS * 120_000 }, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { file, sha256 } = bigFile(trial);
      const api = apiClient(server.url, token);
      const opened = await api.call("POST", "/api/v1/uploads", { app: "crash", filename: `big-${trial}.deb`, size: SIZE, sha256, platform: "linux" });
      expect(opened.status).toBe(201);
      // Every fifth trial dies right after the last byte; the others anywhere in between.
      const killAt = trial % 5 === 4 ? SIZE : Math.floor(random() * SIZE);
      if (killAt === SIZE) report.killedAfterLastByte++;
      await putAndKill(String(opened.body.uploadUrl), file, killAt);
      report.uploadKills++;
      await restart();
      await checkInvariants();

      // The client resumes from the offset the server reports, as the CLI does.
      const uploadUrl = String(opened.body.uploadUrl).replace(/^http:\/\/[^/]+/, server.url);
      const head = await fetch(uploadUrl, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
      const session = await withServerStore(dataDir, (store) => store.uploads.getById(String(opened.body.id)));
      if (session?.state !== "complete") {
        expect(head.status).toBe(200);
        const offset = Number(head.headers.get("upload-offset"));
        const rest = await fetch(uploadUrl, {
          method: "PATCH",
          headers: { "upload-offset": String(offset), "content-type": "application/offset+octet-stream", "tus-resumable": "1.0.0", "content-length": String(SIZE - offset) },
          body: createReadStream(file, { start: offset }) as unknown as BodyInit,
          duplex: "half",
        } as RequestInit);
        expect(rest.status, await rest.text()).toBeLessThan(300);
      }
      expect(await withServerStore(dataDir, (store) => store.uploads.getById(String(opened.body.id)))).toMatchObject({ state: "complete", sha256 });
      rmSync(file);
    }
    expect(await checkBlobDigests()).toBeGreaterThanOrEqual(TRIALS);
  });
});

describe("kill -9 during publishes", () => {
  it(`survives ${TRIALS} kills at random moments of a publish: the release is whole, or absent and publishable`, { timeout: TRIALS * 60_000 }, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const api = apiClient(server.url, token);
      const uploads = [await api.uploadFile("crash", path.join(FIXTURES, "android/hello.apk")), await api.uploadFile("crash", path.join(FIXTURES, "linux/hello-fixture_1.2.3-42_amd64.deb"))];
      const body = JSON.stringify({ version: "1.2.3", build: String(100 + trial), channel: "beta", uploads, promote: true });
      const publish = fetch(`${server.url}/api/v1/apps/crash/releases`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }).then(
        (res) => res.status,
        () => null,
      );
      await new Promise((resolve) => setTimeout(resolve, random() * 120));
      await server.kill();
      report.publishKills++;
      const status = await publish;
      await restart();
      await checkInvariants();

      const after = apiClient(server.url, token);
      const releases = (await after.call("GET", "/api/v1/apps/crash/releases?limit=100")).body.items as { id: string; build: string }[];
      const release = releases.find((r) => r.build === String(100 + trial));
      if (status === 201) expect(release, "a 201 must survive the crash").toBeDefined();
      if (release) {
        report.publishedBeforeKill++;
        const whole = await after.call("GET", `/api/v1/apps/crash/releases/${release.id}`);
        expect((whole.body.artifacts as unknown[]).length).toBe(2);
      } else {
        // Nothing of it was written: the same uploads publish now.
        const again = await after.call("POST", "/api/v1/apps/crash/releases", JSON.parse(body));
        expect(again.status, JSON.stringify(again.body)).toBe(201);
      }
    }
  });
});
