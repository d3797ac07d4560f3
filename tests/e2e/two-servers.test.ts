// Two app servers on one PostgreSQL database and one S3 bucket (s3rver on loopback), started
// exactly as `npm start`: a resumable upload whose PATCHes alternate between them; a publish on
// one seen on the other's install page at once (the audited change's NOTIFY drops the other's
// cached page); the janitor led by exactly one; the download served by either, bytes intact; and a
// kill -9 of one server mid-upload, resumed and finished on the other.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { withPostgresClient } from "@/server/db/postgres-client";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { type PostgresCluster, postgresBinDir, startPostgresCluster } from "../helpers/postgres-cluster";
import { type LoopbackS3, startS3rver } from "../helpers/s3rver";
import { seedToken, withDatabaseStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const MiB = 1024 * 1024;
const AUTH_SECRET = "two-servers-share-this-secret-0123456789abcdef";
const available = postgresBinDir() !== null || process.env.REQUIRE_POSTGRES === "1";

let cluster: PostgresCluster;
let s3: LoopbackS3;
let databaseUrl = "";
let a: RunningServer;
let b: RunningServer;
let token = "";

/** A real .deb (the fixture's ar members) with a member of random bytes appended: big enough for several S3 parts. */
function bigDeb(size: number): Buffer {
  const header = ["padding/".padEnd(16), "0".padEnd(12), "0".padEnd(6), "0".padEnd(6), "100644".padEnd(8), String(size).padEnd(10), "`\n"].join("");
  return Buffer.concat([readFileSync(path.join(FIXTURES, "linux/hello-fixture_1.2.3-42_amd64.deb")), Buffer.from(header, "latin1"), randomBytes(size)]);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const on = (server: RunningServer, uploadUrl: string) => `${server.url}${new URL(uploadUrl).pathname}`;

async function offsetOn(server: RunningServer, uploadUrl: string): Promise<number> {
  const res = await fetch(on(server, uploadUrl), { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
  expect(res.status).toBe(200);
  return Number(res.headers.get("upload-offset"));
}

async function patchOn(server: RunningServer, uploadUrl: string, offset: number, bytes: Buffer): Promise<number> {
  const res = await fetch(on(server, uploadUrl), {
    method: "PATCH",
    headers: { "tus-resumable": "1.0.0", "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
    body: new Uint8Array(bytes),
  });
  expect(res.status, await res.clone().text()).toBe(204);
  return Number(res.headers.get("upload-offset"));
}

async function openUpload(file: Buffer, name: string): Promise<string> {
  const opened = await apiClient(a.url, token).call("POST", "/api/v1/apps/hello-scale/uploads", { filename: name, size: file.length, sha256: sha256(file) });
  expect(opened.status).toBe(201);
  return String(opened.body.uploadUrl);
}

const publish = (server: RunningServer, version: string, build: string, upload: string) =>
  apiClient(server.url, token).call("POST", "/api/v1/apps/hello-scale/releases", { version, build, channel: "stable", uploads: [upload], promote: true });

const uploadIdOf = (uploadUrl: string) => new URL(uploadUrl).pathname.split("/").at(-1) ?? "";

describe.skipIf(!available)("two app servers on PostgreSQL and S3", () => {
  beforeAll(async () => {
    [cluster, s3] = await Promise.all([startPostgresCluster(), startS3rver("shipyard-scale")]);
    await withPostgresClient(cluster.url, (client) => client.query('CREATE DATABASE "shipyard"'));
    databaseUrl = cluster.urlOf("shipyard");
    const env = {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
    };
    // B hands public downloads to the bucket (presigned redirects); A streams them.
    [a, b] = await Promise.all([startServer({ env }), startServer({ env: { ...env, S3_DOWNLOAD_REDIRECT: "public" } })]);
    token = await withDatabaseStore(databaseUrl, async (store) => {
      await createApp(store, SYSTEM_ACTOR, { slug: "hello-scale", displayName: "Hello Scale", visibility: "public" });
      return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
    });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await s3?.stop();
    cluster?.stop();
  });

  it("leaves the janitor to exactly one of them", () => {
    const leaders = [a, b].filter((server) => server.output().includes("shipyard:janitor: this server runs it"));
    expect(leaders).toHaveLength(1);
  });

  it("takes an upload whose PATCHes alternate between the servers, and publishes it on one and shows it on the other at once", async () => {
    const file = bigDeb(19 * MiB);
    const uploadUrl = await openUpload(file, "hello-scale_1.0.0_amd64.deb");
    // Chunks that do not line up with S3's parts: each server continues from the other's tail.
    const cuts = [0, 3 * MiB + 17, 9 * MiB + 1, 9 * MiB + 2, 15 * MiB - 5, file.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [server, other] = i % 2 === 0 ? [a, b] : [b, a];
      const start = cuts[i] ?? 0;
      const end = cuts[i + 1] ?? 0;
      expect(await offsetOn(server, uploadUrl)).toBe(start);
      expect(await patchOn(server, uploadUrl, start, file.subarray(start, end))).toBe(end);
      expect(await offsetOn(other, uploadUrl)).toBe(end);
    }

    // B renders (and keeps) the install page before the release exists.
    const before = await fetch(`${b.url}/hello-scale`);
    expect(await before.text()).not.toContain("1.0.0");
    const published = await publish(a, "1.0.0", "42", uploadIdOf(uploadUrl));
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    // The change reaches B as a NOTIFY on commit, before or just after this request: B never serves
    // its kept page once the notification is in (a few milliseconds at most, never the 5 s age limit).
    const sawAt = Date.now();
    let shown = "";
    while (!shown.includes("1.0.0") && Date.now() - sawAt < 2_000) shown = await (await fetch(`${b.url}/hello-scale`)).text();
    expect(shown).toContain("1.0.0");

    // Either server gets the bytes from the bucket, identical: A streams them, B redirects to a
    // presigned URL that answers with the same name and type, and with ranges.
    const [artifact] = published.body.artifacts as { downloadUrl: string }[];
    const path = new URL(artifact?.downloadUrl ?? "").pathname;
    const streamed = await fetch(`${a.url}${path}`, { redirect: "manual" });
    expect(streamed.status).toBe(200);
    expect(Number(streamed.headers.get("content-length"))).toBe(file.length);
    expect(sha256(Buffer.from(await streamed.arrayBuffer()))).toBe(sha256(file));
    const redirected = await fetch(`${b.url}${path}`, { redirect: "manual" });
    expect(redirected.status).toBe(302);
    const location = redirected.headers.get("location") ?? "";
    expect(location.startsWith(`${s3.endpoint}/`)).toBe(true);
    const fromBucket = await fetch(location);
    expect(fromBucket.status).toBe(200);
    expect(fromBucket.headers.get("content-disposition")).toBe('attachment; filename="hello-scale_1.0.0_amd64.deb"');
    expect(sha256(Buffer.from(await fromBucket.arrayBuffer()))).toBe(sha256(file));
    const range = await fetch(location, { headers: { range: "bytes=100-199" } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(file.subarray(100, 200))).toBe(true);
  });

  it("resumes on one server an upload the other was killed in the middle of", async () => {
    const file = bigDeb(12 * MiB);
    const uploadUrl = await openUpload(file, "hello-scale_1.1.0_amd64.deb");
    expect(await patchOn(a, uploadUrl, 0, file.subarray(0, 2 * MiB))).toBe(2 * MiB);

    // A PATCH to A sends 9 MiB more and stalls; A is killed while it waits for the rest.
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(file.subarray(2 * MiB, 11 * MiB));
      },
    });
    const cut = fetch(on(a, uploadUrl), {
      method: "PATCH",
      headers: { "tus-resumable": "1.0.0", "upload-offset": String(2 * MiB), "content-type": "application/offset+octet-stream" },
      body: stalled,
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await a.kill();
    await cut;

    // B answers with what A had made durable: no byte lost that was acknowledged, none invented.
    const offset = await offsetOn(b, uploadUrl);
    expect(offset).toBeGreaterThanOrEqual(2 * MiB);
    expect(offset).toBeLessThanOrEqual(11 * MiB);
    // A's lease on the upload outlives A by a few seconds. Until it runs out B refuses the PATCH
    // with a 409 before reading its body, which a client still sending sees as a reset connection;
    // a tus client retries both, as this does.
    const resumedAt = Date.now();
    let resumed: Response | null = null;
    while (Date.now() - resumedAt < 15_000) {
      resumed = await fetch(on(b, uploadUrl), {
        method: "PATCH",
        headers: { "tus-resumable": "1.0.0", "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
        body: new Uint8Array(file.subarray(offset)),
      }).catch(() => null);
      if (resumed?.status === 204) break;
      if (resumed) expect(await resumed.text()).toContain("another request is receiving this upload");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(resumed?.status).toBe(204);
    expect(Number(resumed?.headers.get("upload-offset"))).toBe(file.length);
    const published = await publish(b, "1.1.0", "43", uploadIdOf(uploadUrl));
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const [artifact] = published.body.artifacts as { downloadUrl: string; sha256: string }[];
    expect(artifact?.sha256).toBe(sha256(file));
    const download = await fetch(`${b.url}${new URL(artifact?.downloadUrl ?? "").pathname}${new URL(artifact?.downloadUrl ?? "").search}`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(file));
  });
});
