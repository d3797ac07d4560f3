// The byte paths over HTTP on a real server: every fixture uploaded and inspected, a 64 MB round
// trip, dedup, interrupted and resumed uploads (client abort, server SIGKILL), bad input, and
// downloads with ranges, ETags, dispositions and grants.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { resetEnvForTests } from "@/env";
import { createGrantCodec } from "@/server/crypto/grants";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const SECRET = "e2e-artifacts-secret-0123456789abcdef";
/** Grants as the server signs them: with its AUTH_SECRET. */
const { createDownloadGrant } = createGrantCodec(SECRET);
const MiB = 1024 * 1024;
const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-artifacts-"));
const dataDir = mkdtempSync(path.join(tmpdir(), "shipyard-artifacts-data-"));
const serverEnv = { AUTH_SECRET: SECRET, MAX_UPLOAD_BYTES: String(100 * MiB) };
let server: RunningServer;
let api: ReturnType<typeof apiClient>;

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

function randomFile(name: string, bytes: number): string {
  const file = path.join(scratch, name);
  const out = createWriteStream(file);
  for (let left = bytes; left > 0; left -= MiB) out.write(randomBytes(Math.min(MiB, left)));
  out.end();
  return file;
}

async function flushed(file: string, bytes: number) {
  while (!statSync(file, { throwIfNoEntry: false }) || statSync(file).size < bytes) await new Promise((r) => setTimeout(r, 20));
}

/** Sends the first `bytes` of a file as a PUT body, then drops the connection (a client crash). */
function putAndAbort(uploadUrl: string, file: string, total: number, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(uploadUrl, { method: "PUT", headers: { "content-length": String(total) } });
    req.on("error", () => resolve());
    req.write(readFileSync(file).subarray(0, bytes), () =>
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300),
    );
  });
}

async function offsetOf(uploadUrl: string): Promise<number> {
  const res = await fetch(uploadUrl, { method: "HEAD" });
  return Number(res.headers.get("upload-offset"));
}

async function patchRest(uploadUrl: string, file: string, offset: number) {
  const rest = readFileSync(file).subarray(offset);
  return fetch(uploadUrl, { method: "PATCH", headers: { "upload-offset": String(offset) }, body: rest });
}

async function artifactCount(): Promise<number> {
  return withServerStore(server.dataDir, async (store) => {
    const apps = await store.apps.list({ limit: 100 });
    let n = 0;
    for (const app of apps.items) {
      for (const release of (await store.releases.listByApp(app.id, { limit: 100 })).items) n += (await store.artifacts.listByRelease(release.id)).length;
    }
    return n;
  });
}

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  resetEnvForTests();
  server = await startServer({ dataDir, env: serverEnv });
  let token = "";
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" } });
    await createApp(store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret", visibility: "private" });
    token = (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  api = apiClient(server.url, token);
});

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("every fixture through the API", () => {
  const FILES: [string, string | undefined, Record<string, unknown>][] = [
    ["android/hello.apk", undefined, { kind: "apk", packageName: "com.example.hello", versionName: "1.2.3", versionCode: 42, minSdk: 21, targetSdk: 29, label: "Hello Fixture" }],
    ["android/hello-v2only.apk", undefined, { kind: "apk", packageName: "com.example.hello", signingSchemes: ["v2", "v3"] }],
    ["android/adaptive-icon-only.apk", undefined, { kind: "apk", packageName: "com.example.adaptive", minSdk: 26 }],
    ["ios/Hello.ipa", undefined, { kind: "ipa", bundleId: "com.example.hello", shortVersion: "1.2.3", build: "42", displayName: "Hello Fixture", minimumOsVersion: "15.0" }],
    ["linux/hello_2.10-3_amd64.deb", undefined, { kind: "deb", package: "hello", version: "2.10-3", architecture: "amd64" }],
    ["linux/hello-fixture_1.2.3-42_amd64.deb", undefined, { kind: "deb", package: "hello-fixture", architecture: "amd64" }],
    ["linux/hello-fixture-1.2.3-42.x86_64.rpm", undefined, { kind: "rpm", name: "hello-fixture", version: "1.2.3", release: "42", arch: "x86_64" }],
    ["linux/Hello_Fixture-1.2.3-x86_64.AppImage", undefined, { kind: "appimage", appImageType: 2, arch: "x86_64" }],
    ["windows/hello-fixture-1.2.3.msi", undefined, { kind: "msi", productName: "Hello Fixture", productVersion: "1.2.3", manufacturer: "Fixture Inc" }],
    ["windows/HelloFixture-Setup-1.2.3.exe", undefined, { kind: "exe", productVersion: "1.2.3", machine: "x86", authenticodeSigned: false }],
    ["windows/HelloFixture-Setup-1.2.3-signed.exe", undefined, { kind: "exe", productVersion: "1.2.3", authenticodeSigned: true }],
    ["windows/HelloFixture-1.2.3.0-x64.msix", undefined, { kind: "msix", identityName: "Fixture.HelloFixture", version: "1.2.3.0", processorArchitecture: "x64" }],
    ["macos/test.dmg", undefined, { kind: "dmg", format: "raw-hfs+" }],
  ];

  it("uploads, inspects and publishes them as one release, with the bytes intact", async () => {
    const uploads: string[] = [];
    for (const [name, platform] of FILES) uploads.push(await api.uploadFile("hello", path.join(FIXTURES, name), platform ? { platform } : {}));
    // The adaptive-icon fixture is another package: judged against this app, the release is refused
    // with 422 naming it, until an admin allows that one file explicitly.
    const adaptiveUpload = uploads[FILES.findIndex(([name]) => name.includes("adaptive"))] ?? "";
    const refused = await api.call("POST", "/api/v1/apps/hello/releases", { version: "1.2.3", build: "42", channel: "beta", uploads });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "INTEGRITY", files: [{ upload: adaptiveUpload, filename: "adaptive-icon-only.apk" }] });
    expect(JSON.stringify(refused.body)).toContain("does not match the app's registered android_apk id");
    const published = await api.call("POST", "/api/v1/apps/hello/releases", { version: "1.2.3", build: "42", channel: "beta", uploads, allowInvalid: [adaptiveUpload] });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const artifacts = published.body.artifacts as { filename: string; sha256: string; metadata: Record<string, unknown>; validationStatus: string; downloadUrl: string; contentType: string }[];
    for (const [name, , expected] of FILES) {
      const artifact = artifacts.find((a) => a.filename === path.basename(name));
      expect(artifact?.metadata, name).toMatchObject(expected);
      expect(artifact?.validationStatus, `${name}: ${JSON.stringify(artifact?.metadata.validationReasons)}`).toBe("valid");
      // Update feeds' digests, computed by inspection: SHA-512 for desktop files, SHA-1 too on Windows.
      const bytes = readFileSync(path.join(FIXTURES, name));
      const folder = name.split("/")[0];
      const digest = (algorithm: string, encoding: "base64" | "hex") => createHash(algorithm).update(bytes).digest(encoding);
      const expectedDigests =
        folder === "windows" ? { sha512: digest("sha512", "base64"), sha1: digest("sha1", "hex") } : folder === "linux" || folder === "macos" ? { sha512: digest("sha512", "base64") } : undefined;
      expect(artifact?.metadata.digests, name).toEqual(expectedDigests);
      const download = await fetch(artifact?.downloadUrl ?? "");
      expect(
        createHash("sha256")
          .update(Buffer.from(await download.arrayBuffer()))
          .digest("hex"),
      ).toBe(sha256(path.join(FIXTURES, name)));
    }
    const adaptive = artifacts.find((a) => a.filename === "adaptive-icon-only.apk");
    expect(adaptive?.metadata.validationReasons).toEqual(["bundle id com.example.adaptive does not match the app's registered android_apk id com.example.hello"]);
    expect(adaptive?.metadata.validationOverride).toMatchObject({ reasons: adaptive?.metadata.validationReasons });
    const ipa = artifacts.find((a) => a.filename === "Hello.ipa");
    expect(ipa?.metadata.icon).toMatchObject({ width: 180, height: 180 });
  });
});

function storedBlobs(): string[] {
  const root = path.join(server.dataDir, "blobs/sha256");
  return readdirSync(root)
    .flatMap((shard) => readdirSync(path.join(root, shard)).map((rest) => shard + rest))
    .sort();
}

describe("uploads", () => {
  it("round-trips 64 MB and stores identical bytes once", async () => {
    const file = randomFile("big.deb", 64 * MiB);
    await flushed(file, 64 * MiB);
    const blobsBefore = storedBlobs();
    const first = await api.uploadFile("hello", file);
    const second = await api.uploadFile("hello", file);
    expect(first).not.toBe(second);
    const digest = sha256(file);
    // Other tests' blobs may share the two-character shard, so compare the whole store.
    expect(storedBlobs()).toEqual([...blobsBefore, digest].sort());
    // Random bytes are no Debian package: refused, until an admin publishes this file anyway.
    const release = { version: "2.0.0", build: "100", channel: "internal", uploads: [first] };
    expect((await api.call("POST", "/api/v1/apps/hello/releases", release)).status).toBe(422);
    const published = await api.call("POST", "/api/v1/apps/hello/releases", { ...release, allowInvalid: [first] });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const [artifact] = published.body.artifacts as { downloadUrl: string; sha256: string }[];
    expect(artifact?.sha256).toBe(digest);
    const res = await fetch(artifact?.downloadUrl ?? "");
    const hash = createHash("sha256");
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest("hex")).toBe(digest);
  });

  it("keeps what arrived before a client abort, creates nothing, and resumes with PATCH", async () => {
    const file = randomFile("abort.deb", 8 * MiB);
    await flushed(file, 8 * MiB);
    const before = await artifactCount();
    const opened = await api.openUpload("hello", file);
    const url = String(opened.body.uploadUrl);
    await putAndAbort(url, file, 8 * MiB, 3 * MiB);
    const offset = await offsetOf(url);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(3 * MiB);
    expect(await artifactCount()).toBe(before);
    const stale = await fetch(url, { method: "PATCH", headers: { "upload-offset": "1" }, body: "x" });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("upload-offset")).toBe(String(offset));
    const done = await patchRest(url, file, offset);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ state: "complete", sha256: sha256(file) });
  });

  it("survives the server being killed mid-upload (SIGKILL) and resumes after restart", async () => {
    const file = randomFile("kill.deb", 16 * MiB);
    await flushed(file, 16 * MiB);
    const opened = await api.openUpload("hello", file);
    const url = String(opened.body.uploadUrl);
    const dropped = new Promise<void>((resolve) => {
      const req = request(url, { method: "PUT", headers: { "content-length": String(16 * MiB) } });
      req.on("error", () => resolve());
      req.on("close", () => resolve());
      req.write(readFileSync(file).subarray(0, 5 * MiB));
    });
    await new Promise((r) => setTimeout(r, 500));
    const port = Number(new URL(server.url).port);
    await server.kill();
    await dropped;
    server = await startServer({ dataDir, env: serverEnv, port });
    const offset = await offsetOf(url);
    expect(offset).toBeLessThanOrEqual(5 * MiB);
    const done = await patchRest(url, file, offset);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ state: "complete", sha256: sha256(file) });
  });

  it("expires an upload the server crash cut off, at the next start: no artifact, no staged bytes", async () => {
    // A second server whose sessions live 2 seconds.
    const shortDir = mkdtempSync(path.join(tmpdir(), "shipyard-artifacts-expiry-"));
    const shortEnv = { ...serverEnv, UPLOAD_SESSION_TTL_HOURS: String(2 / 3600) };
    let short = await startServer({ dataDir: shortDir, env: shortEnv });
    try {
      let token = "";
      await withServerStore(shortDir, async (store) => {
        await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
        token = (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
      });
      const file = randomFile("expire.deb", 4 * MiB);
      await flushed(file, 4 * MiB);
      const opened = await apiClient(short.url, token).openUpload("hello", file);
      const id = String(opened.body.id);
      const dropped = new Promise<void>((resolve) => {
        const req = request(String(opened.body.uploadUrl), { method: "PUT", headers: { "content-length": String(4 * MiB) } });
        req.on("error", () => resolve()).on("close", () => resolve());
        req.write(readFileSync(file).subarray(0, MiB));
      });
      await new Promise((r) => setTimeout(r, 400));
      const port = Number(new URL(short.url).port);
      await short.kill();
      await dropped;
      const staged = path.join(shortDir, "staging", id);
      expect(statSync(staged, { throwIfNoEntry: false })?.size ?? 0).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 2500)); // past the session's expiry
      short = await startServer({ dataDir: shortDir, env: shortEnv, port });
      // The janitor sweeps at start; wait for it rather than for a fixed time.
      for (let i = 0; i < 100 && statSync(staged, { throwIfNoEntry: false }); i++) await new Promise((r) => setTimeout(r, 100));
      expect(statSync(staged, { throwIfNoEntry: false })).toBeUndefined();
      expect((await fetch(String(opened.body.uploadUrl), { method: "HEAD" })).status).toBe(410);
      await withServerStore(shortDir, async (store) => {
        expect(await store.uploads.getById(id)).toMatchObject({ state: "expired", releaseId: null });
        const app = await store.apps.getBySlug("hello");
        expect((await store.releases.listByApp(app?.id ?? "", { limit: 10 })).items).toEqual([]);
      });
    } finally {
      await short.stop();
      rmSync(shortDir, { recursive: true, force: true });
    }
  });

  it("refuses wrong sizes, wrong digests and files over the limit with clear 4xx", async () => {
    const file = randomFile("small.deb", 4096);
    await flushed(file, 4096);
    const tooBig = await api.call("POST", "/api/v1/uploads", { app: "hello", filename: "x.deb", size: 200 * MiB, sha256: "a".repeat(64) });
    expect(tooBig.status).toBe(413);
    expect(JSON.stringify(tooBig.body)).toContain("limit");
    const short = await api.call("POST", "/api/v1/uploads", { app: "hello", filename: "x.deb", size: 100, sha256: sha256(file) });
    const longer = await api.put(String(short.body.uploadUrl), file);
    expect(longer.status).toBe(413);
    const wrong = await api.call("POST", "/api/v1/uploads", { app: "hello", filename: "x.deb", size: 4096, sha256: "b".repeat(64) });
    const mismatch = await api.put(String(wrong.body.uploadUrl), file);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toContain("sha256");
    expect((await fetch(String(wrong.body.uploadUrl), { method: "HEAD" })).status).toBe(410);
    const invalid = await api.call("POST", "/api/v1/uploads", { app: "hello", filename: "x.deb", size: -1, sha256: "nope" });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain("sha256 must be 64 lowercase hexadecimal characters");
    expect((await fetch(`${server.url}/api/uploads/not-a-session-id-at-all`, { method: "HEAD" })).status).toBe(404);
  });
});

describe("downloads", () => {
  let url = "";
  let bytes: Buffer;
  let privateArtifact = { id: "", filename: "" };

  beforeAll(async () => {
    const name = "Café Ünïcode.apk";
    const file = path.join(scratch, name);
    writeFileSync(file, readFileSync(path.join(FIXTURES, "android/hello.apk")));
    bytes = readFileSync(file);
    const upload = await api.uploadFile("hello", file);
    const res = await api.call("POST", "/api/v1/apps/hello/releases", { version: "1.2.3", build: "43", channel: "internal", uploads: [upload] });
    url = String((res.body.artifacts as { downloadUrl: string }[])[0]?.downloadUrl);
    const secretUpload = await api.uploadFile("secret", path.join(FIXTURES, "linux/hello-fixture_1.2.3-42_amd64.deb"));
    const secret = await api.call("POST", "/api/v1/apps/secret/releases", { version: "1.2.3", build: "42", channel: "beta", uploads: [secretUpload] });
    privateArtifact = (secret.body.artifacts as { id: string; filename: string }[])[0] ?? privateArtifact;
  });

  it("serves the file with length, type, safe disposition, ETag and nosniff", async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("content-type")).toBe("application/vnd.android.package-archive");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Caf_ _n_code.apk"; filename*=UTF-8''Caf%C3%A9%20%C3%9Cn%C3%AFcode.apk`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    const etag = res.headers.get("etag");
    expect(etag).toBe(`"${createHash("sha256").update(bytes).digest("hex")}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(url, { headers: { "if-none-match": etag ?? "" } })).status).toBe(304);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
  });

  it.each([
    ["first byte", "bytes=0-0", 0, 0],
    ["last byte", "bytes=-1", -1, -1],
    ["suffix", "bytes=-100", -100, -1],
    ["open end", "bytes=1000-", 1000, -1],
    ["middle", "bytes=10-19", 10, 19],
  ])("serves a %s range", async (_, header, from, to) => {
    const start = from < 0 ? bytes.length + from : from;
    const end = to < 0 ? bytes.length + to : to;
    const res = await fetch(url, { headers: { range: header } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it.each([["bytes=999999-"], ["bytes=5-2"], ["bytes=abc"]])("answers %s with 416", async (header) => {
    const res = await fetch(url, { headers: { range: header } });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
  });

  it("keeps private apps behind signed, expiring grants", async () => {
    const open = `${server.url}/d/${privateArtifact.id}/${encodeURIComponent(privateArtifact.filename)}`;
    expect((await fetch(open)).status).toBe(404);
    const grant = createDownloadGrant(privateArtifact.id, 60);
    const granted = await fetch(`${server.url}/g/${grant}/${encodeURIComponent(privateArtifact.filename)}`);
    expect(granted.status).toBe(200);
    const expired = createDownloadGrant(privateArtifact.id, 60, { now: Date.now() - 120_000 });
    expect((await fetch(`${server.url}/g/${expired}/${encodeURIComponent(privateArtifact.filename)}`)).status).toBe(404);
    const forged = `${grant.split(".")[0]}.${"A".repeat(43)}`;
    expect((await fetch(`${server.url}/g/${forged}/${encodeURIComponent(privateArtifact.filename)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/d/${privateArtifact.id}/wrong-name.deb`)).status).toBe(404);
  });
});
