// `shipyard backup` while a real server takes uploads, `shipyard restore` into an empty data dir,
// and a second server on the restored data: every release and every download identical. A backup
// whose files do not match its manifest is refused before anything is written.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { backupBlobPath, backupManifestSchema } from "@/domain/backup-manifest";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.resolve(ROOT, "../shared/fixtures");
const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-backup-"));

function cli(args: string[], dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" }, cwd: scratch }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let server: RunningServer;
let token: string;

interface Snapshot {
  releases: { id: string; version: string; build: string; artifacts: { id: string; filename: string; sha256: string; sizeBytes: number; downloadUrl: string }[] }[];
}

async function snapshot(url: string): Promise<Snapshot> {
  const api = apiClient(url, token);
  const list = await api.call("GET", "/api/v1/apps/keep/releases?limit=100");
  const releases: Snapshot["releases"] = [];
  for (const item of list.body.items as { id: string }[]) {
    const release = await api.call("GET", `/api/v1/apps/keep/releases/${item.id}`);
    releases.push(release.body as unknown as Snapshot["releases"][number]);
  }
  return { releases };
}

beforeAll(async () => {
  server = await startServer();
  token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "keep", displayName: "Keep", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const files = [
    ["1.2.3", "42", ["android/hello.apk", "linux/hello-fixture_1.2.3-42_amd64.deb"]],
    ["1.2.3", "43", ["android/hello-v2only.apk"]],
  ] as const;
  for (const [version, build, names] of files) {
    const uploads = [];
    for (const name of names) uploads.push(await api.uploadFile("keep", path.join(FIXTURES, name)));
    const res = await api.call("POST", "/api/v1/apps/keep/releases", { version, build, channel: "stable", uploads, promote: true, allowInvalid: uploads });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("backup and restore", () => {
  const backupDir = path.join(scratch, "backup");

  it("backs up while uploads stream in, and restores a server with every release and byte identical", async () => {
    const before = await snapshot(server.url);
    // Uploads keep arriving while the backup runs: it must neither block them nor copy half of one.
    let uploading = true;
    const api = apiClient(server.url, token);
    const traffic = (async () => {
      let n = 0;
      while (uploading) {
        const file = path.join(scratch, `noise-${n++}.deb`);
        writeFileSync(file, randomBytes(2 * 1024 * 1024));
        await api.uploadFile("keep", file, { platform: "linux" });
        rmSync(file);
      }
      return n;
    })();
    const backup = await cli(["backup", backupDir], server.dataDir);
    uploading = false;
    expect(await traffic).toBeGreaterThan(0);
    expect(backup.code, backup.output).toBe(0);

    const manifest = backupManifestSchema.parse(JSON.parse(readFileSync(path.join(backupDir, "manifest.json"), "utf8")));
    for (const release of before.releases) for (const a of release.artifacts) expect(manifest.blobs.map((b) => b.sha256)).toContain(a.sha256);
    // The auth secret is generated on first use; when there is one, the backup carries it.
    expect(manifest.authSecret !== null).toBe(existsSync(path.join(server.dataDir, "auth-secret")));

    const restoredDir = path.join(scratch, "restored");
    const restored = await cli(["restore", backupDir], restoredDir);
    expect(restored.code, restored.output).toBe(0);
    const second = await startServer({ dataDir: restoredDir });
    try {
      const after = await snapshot(second.url);
      const shape = (s: Snapshot) => s.releases.map((r) => ({ ...r, artifacts: r.artifacts.map(({ downloadUrl: _, ...a }) => a) }));
      expect(shape(after)).toEqual(shape(before));
      for (const release of after.releases) {
        for (const artifact of release.artifacts) {
          const bytes = Buffer.from(await (await fetch(artifact.downloadUrl)).arrayBuffer());
          expect(sha256(bytes), artifact.filename).toBe(artifact.sha256);
        }
      }
      // Every upload the copy knows as complete has its bytes.
      const complete = await withServerStore(restoredDir, (store) => store.uploads.listUnpublished(new Date(8.64e15), 10_000));
      for (const upload of complete) expect(existsSync(path.join(restoredDir, "blobs/sha256", upload.sha256.slice(0, 2), upload.sha256.slice(2)))).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it("refuses a backup whose files do not match the manifest, writing nothing", async () => {
    const tampered = path.join(scratch, "tampered");
    cpSync(backupDir, tampered, { recursive: true });
    const manifest = backupManifestSchema.parse(JSON.parse(readFileSync(path.join(tampered, "manifest.json"), "utf8")));
    const victim = path.join(tampered, backupBlobPath(manifest.blobs[0]?.sha256 ?? ""));
    const bytes = readFileSync(victim);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    writeFileSync(victim, bytes);

    const target = path.join(scratch, "refused");
    const result = await cli(["restore", tampered], target);
    expect(result.code).toBe(2);
    expect(result.output).toContain("does not match its manifest");
    expect(result.output).toContain(manifest.blobs[0]?.sha256);
    expect(existsSync(path.join(target, "blobs")) ? readdirSync(path.join(target, "blobs")) : []).toEqual([]);
    expect(existsSync(path.join(target, "shipyard.db")) ? readFileSync(path.join(target, "shipyard.db")).length : 0).toBe(0);
  });

  it("refuses to restore over a data dir that holds a database, and to back up into a non-empty directory", async () => {
    const over = await cli(["restore", backupDir], server.dataDir);
    expect(over.code).toBe(6);
    expect(over.output).toContain("already holds a database");
    const again = await cli(["backup", backupDir], server.dataDir);
    expect(again.code).toBe(6);
    expect(again.output).toContain("is not empty");
  });
});
