// Crash recovery of uploads on a real server killed with SIGKILL: a session whose last byte was
// staged but never committed is finished at the next start (or failed when its bytes do not match),
// staging files no open session owns are swept, open sessions keep theirs, and the CLI still ends
// an upload the restarted server finished first. Also the modes of everything under the data dir.
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { uploadFile } from "@/cli/upload-file";
import { ProgressMeter } from "@/cli/progress";
import { createApp } from "@/server/services/apps";
import { storeLayout } from "@/server/storage/paths";
import { seedToken, withServerStore } from "../helpers/seed";
import { freePort, type RunningServer, startServer } from "../helpers/server";

const dataDir = mkdtempSync(path.join(tmpdir(), "shipyard-recovery-"));
const workDir = mkdtempSync(path.join(tmpdir(), "shipyard-recovery-files-"));
const layout = storeLayout(dataDir);
let port = 0;
let server: RunningServer | undefined;
let token = "";
const savedUmask = process.umask();

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const mode = (file: string) => statSync(file).mode & 0o777;
const url = () => `http://127.0.0.1:${port}`;

async function openUpload(filename: string, bytes: Buffer): Promise<{ id: string; uploadUrl: string }> {
  const res = await fetch(`${url()}/api/v1/apps/rec/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ filename, size: bytes.length, sha256: sha(bytes) }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; uploadUrl: string };
}

/** Sends the first `count` bytes with PUT, as a client does before its connection drops. */
async function putPrefix(uploadUrl: string, bytes: Buffer, count: number): Promise<void> {
  const res = await fetch(uploadUrl, { method: "PUT", body: new Uint8Array(bytes.subarray(0, count)) });
  expect(res.status).toBe(204);
  expect(res.headers.get("upload-offset")).toBe(String(count));
}

const session = (id: string) => withServerStore(dataDir, (store) => store.uploads.getById(id));

beforeAll(async () => {
  // No umask to hide behind: every mode under the data dir must be set explicitly. The data dir
  // starts world-readable, as one made by an older version (or by hand) would be.
  process.umask(0);
  chmodSync(dataDir, 0o755);
  port = await freePort();
  server = await startServer({ dataDir, port });
  await withServerStore(dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "rec", displayName: "Recovery" });
    token = (await seedToken(store, { name: "ci", scopes: ["releases:upload"], app: "rec" })).raw;
  });
});

afterAll(async () => {
  process.umask(savedUmask);
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

describe("upload crash recovery", () => {
  it("finishes a session whose last byte was staged before a SIGKILL, fails a mismatched one, sweeps orphans and keeps open sessions", async () => {
    const whole = randomBytes(700_000);
    const wrong = randomBytes(300_000);
    const partial = randomBytes(500_000);
    const done = await openUpload("whole.apk", whole);
    const bad = await openUpload("wrong.apk", wrong);
    const open = await openUpload("partial.apk", partial);
    await putPrefix(done.uploadUrl, whole, whole.length - 1);
    await putPrefix(bad.uploadUrl, wrong, wrong.length - 1);
    await putPrefix(open.uploadUrl, partial, 200_000);

    await server?.kill();
    // What a kill right after the last write leaves: every byte staged and fsynced, no commit, the
    // row still open. For `bad`, the last byte differs from the declared file's.
    appendFileSync(layout.staging(done.id), whole.subarray(whole.length - 1));
    appendFileSync(layout.staging(bad.id), Buffer.from([(wrong.at(-1) ?? 0) ^ 0xff]));
    // Left by a crash in the middle of a put (an icon, say): no session owns it.
    const orphan = "put-orphanedByAKill000";
    writeFileSync(layout.staging(orphan), randomBytes(1000));
    expect((await session(done.id))?.state).toBe("open");

    server = await startServer({ dataDir, port });

    const finished = await session(done.id);
    expect(finished).toMatchObject({ state: "complete", receivedBytes: whole.length });
    const blob = layout.blob(sha(whole));
    expect(sha(readFileSync(blob))).toBe(sha(whole));
    expect(existsSync(layout.staging(done.id))).toBe(false);

    expect(await session(bad.id)).toMatchObject({ state: "failed" });
    expect(existsSync(layout.staging(bad.id))).toBe(false);
    expect(existsSync(layout.blob(sha(wrong)))).toBe(false);

    expect(existsSync(layout.staging(orphan))).toBe(false);

    expect((await session(open.id))?.state).toBe("open");
    expect(statSync(layout.staging(open.id)).size).toBe(200_000);
    const head = await fetch(open.uploadUrl, { method: "HEAD" });
    expect(head.headers.get("upload-offset")).toBe("200000");
    const rest = await fetch(open.uploadUrl, { method: "PATCH", headers: { "upload-offset": "200000" }, body: new Uint8Array(partial.subarray(200_000)) });
    expect(rest.status).toBe(200);
    expect(sha(readFileSync(layout.blob(sha(partial))))).toBe(sha(partial));
  });

  it("lets the CLI end an upload that the restarted server finished first", async () => {
    const bytes = randomBytes(400_000);
    const file = path.join(workDir, "cli.apk");
    writeFileSync(file, bytes);
    const target = await openUpload("cli.apk", bytes);
    await putPrefix(target.uploadUrl, bytes, bytes.length - 1);
    await server?.kill();
    appendFileSync(layout.staging(target.id), bytes.subarray(bytes.length - 1));

    // The CLI keeps retrying while the server is down; the restart finishes the session, so the
    // CLI's next attempt finds every byte stored and nothing left to send.
    const retries: string[] = [];
    const uploading = uploadFile(file, { uploadUrl: target.uploadUrl, size: bytes.length }, new ProgressMeter("upload", bytes.length, () => {}), {
      // Enough attempts to outlast a slow restart on a busy machine (over 100 s of backoff).
      attempts: 12,
      baseDelayMs: 100,
      onRetry: (message) => retries.push(message),
    });
    server = await startServer({ dataDir, port });
    await expect(uploading).resolves.toBeUndefined();
    expect(retries.length).toBeGreaterThan(0);
    expect(await session(target.id)).toMatchObject({ state: "complete" });
    expect(sha(readFileSync(layout.blob(sha(bytes))))).toBe(sha(bytes));
  }, 240_000);

  it("keeps the data dir private: 0700 directories, 0600 files, whatever the umask", async () => {
    const bytes = randomBytes(100_000);
    const staged = await openUpload("staged.apk", bytes);
    await putPrefix(staged.uploadUrl, bytes, 10_000);
    const stored = await openUpload("stored.apk", bytes);
    expect((await fetch(stored.uploadUrl, { method: "PUT", body: new Uint8Array(bytes) })).status).toBe(200);

    const digest = sha(bytes);
    const blob = layout.blob(digest);
    const directories = [dataDir, layout.stagingDir, path.dirname(layout.blobsDir), layout.blobsDir, path.dirname(blob)];
    expect(Object.fromEntries(directories.map((d) => [d, mode(d).toString(8)]))).toEqual(Object.fromEntries(directories.map((d) => [d, "700"])));
    const db = path.join(dataDir, "shipyard.db");
    const files = [blob, layout.staging(staged.id), db, `${db}-wal`, `${db}-shm`, path.join(dataDir, "auth-secret")].filter((f) => existsSync(f));
    expect(files).toContain(`${db}-wal`);
    expect(Object.fromEntries(files.map((f) => [f, mode(f).toString(8)]))).toEqual(Object.fromEntries(files.map((f) => [f, "600"])));
  });
});
