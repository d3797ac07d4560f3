// DOWNLOAD_OFFLOAD=x-accel-redirect behind a real nginx: two Shipyard servers with the same apps,
// one streaming its downloads (offload off) and one handing them to nginx, each behind its own
// nginx server block. Through nginx both must answer alike (bytes, ranges, 304, headers, refusals)
// and count alike; the offloaded one's bytes must come from nginx's internal location.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createGrantCodec } from "@/server/crypto/grants";
import { createApp } from "@/server/services/apps";
import { createShareLink, revokeShareLink } from "@/server/services/share-links";
import { apiClient } from "../helpers/api";
import { OFFLOAD_PREFIX, type RunningNginx, startNginx } from "../helpers/nginx";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const SECRET = "e2e-download-offload-secret-0123456789";
const { createDownloadGrant } = createGrantCodec(SECRET);
const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const BYTES = readFileSync(APK);
const SIZE = BYTES.length;
const sha256 = (bytes: Buffer | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Side {
  server: RunningServer;
  /** This server's nginx block. */
  via: string;
  publicApp: string;
  privateApp: string;
  publicId: string;
  privateId: string;
  linkId: string;
  /** A download grant for the private APK, minted through the share link (counts installs). */
  grant: string;
  /** The same through a link capped at 10 installs. */
  cappedLinkId: string;
  cappedGrant: string;
}

let plain: Side;
let offloaded: Side;
let nginx: RunningNginx;

async function publishApk(server: RunningServer, token: string, app: string): Promise<string> {
  const api = apiClient(server.url, token);
  const upload = await api.uploadFile(app, APK);
  const published = await api.call("POST", `/api/v1/apps/${app}/releases`, { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  return String((published.body.artifacts as { id: string }[])[0]?.id);
}

async function startSide(env: Record<string, string>): Promise<Omit<Side, "via">> {
  const server = await startServer({ env: { AUTH_SECRET: SECRET, ...env } });
  const seeded = await withServerStore(server.dataDir, async (store) => {
    const pub = await createApp(store, SYSTEM_ACTOR, { slug: "pub", displayName: "Public", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    const secret = await createApp(store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret", visibility: "private", bundleIds: { android_apk: "com.example.hello" } });
    const link = await createShareLink(store, SYSTEM_ACTOR, secret.id, { name: "testers", expiresInDays: 7, maxInstalls: null });
    const capped = await createShareLink(store, SYSTEM_ACTOR, secret.id, { name: "capped", expiresInDays: 7, maxInstalls: 10 });
    const token = (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
    return { publicApp: pub.id, privateApp: secret.id, linkId: link.link.id, cappedLinkId: capped.link.id, token };
  });
  const publicId = await publishApk(server, seeded.token, "pub");
  const privateId = await publishApk(server, seeded.token, "secret");
  const { publicApp, privateApp, linkId, cappedLinkId } = seeded;
  const grant = createDownloadGrant(privateId, 3600, { shareLinkId: linkId });
  const cappedGrant = createDownloadGrant(privateId, 3600, { shareLinkId: cappedLinkId });
  return { server, publicApp, privateApp, publicId, privateId, linkId, grant, cappedLinkId, cappedGrant };
}

beforeAll(async () => {
  const [a, b] = await Promise.all([startSide({}), startSide({ DOWNLOAD_OFFLOAD: "x-accel-redirect" })]);
  nginx = await startNginx([a, b].map((side) => ({ upstream: side.server.url, blobsDir: path.join(side.server.dataDir, "blobs") })));
  plain = { ...a, via: nginx.urls[0] ?? "" };
  offloaded = { ...b, via: nginx.urls[1] ?? "" };
});

afterAll(async () => {
  await nginx?.stop();
  await Promise.all([plain?.server.stop(), offloaded?.server.stop()]);
});

const publicPath = (side: Side) => `/d/${side.publicId}/hello.apk`;
const grantPath = (side: Side) => `/g/${side.grant}/hello.apk`;

/** Every header Shipyard sets on a download (a duplicate would show as "a, b"). */
const SHIPYARD_HEADERS = [
  "content-type",
  "content-disposition",
  "content-length",
  "content-range",
  "etag",
  "cache-control",
  "accept-ranges",
  "last-modified",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "content-security-policy",
  "strict-transport-security",
];

async function fetchBoth(route: (side: Side) => string, init: RequestInit = {}) {
  const answer = async (side: Side) => {
    const res = await fetch(`${side.via}${route(side)}`, init);
    const body = Buffer.from(await res.arrayBuffer());
    const headers = Object.fromEntries(SHIPYARD_HEADERS.map((name) => [name, res.headers.get(name)]));
    return { status: res.status, headers, body };
  };
  return { before: await answer(plain), after: await answer(offloaded) };
}

/** Same status, Shipyard headers and body from both servers (their artifacts differ only in the id in the URL). */
function expectSameAnswer(both: Awaited<ReturnType<typeof fetchBoth>>) {
  expect(both.after.status).toBe(both.before.status);
  expect(both.after.headers).toEqual(both.before.headers);
  expect(sha256(both.after.body)).toBe(sha256(both.before.body));
}

/** nginx's log lines of requests it answered from the internal location (the offloaded ones). */
const servedFromFile = (requestPath: string) => nginx.accessLog().filter((line) => line.startsWith(`${requestPath} ${OFFLOAD_PREFIX}/`));

describe("downloads through nginx with DOWNLOAD_OFFLOAD=x-accel-redirect", () => {
  it("sends the whole file from nginx's internal location, with Shipyard's headers", async () => {
    const both = await fetchBoth(publicPath);
    expectSameAnswer(both);
    expect(both.after.status).toBe(200);
    expect(sha256(both.after.body)).toBe(sha256(BYTES));
    expect(both.after.headers).toMatchObject({
      "content-type": "application/vnd.android.package-archive",
      "content-disposition": `attachment; filename="hello.apk"; filename*=UTF-8''hello.apk`,
      "content-length": String(SIZE),
      etag: `"${sha256(BYTES)}"`,
      "cache-control": "private, max-age=31536000, immutable",
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
      "last-modified": null,
    });
    const served = servedFromFile(publicPath(offloaded));
    expect(served).toHaveLength(1);
    expect(served[0]).toMatch(new RegExp(` 200 ${SIZE} ${OFFLOAD_PREFIX}/sha256/[0-9a-f]{2}/[0-9a-f]{62}$`));
    expect(servedFromFile(publicPath(plain))).toHaveLength(0);
  });

  it("without DOWNLOAD_OFFLOAD streams as before: Shipyard directly and through nginx answer alike", async () => {
    for (const init of [{}, { headers: { range: "bytes=100-199" } }]) {
      const direct = await fetch(`${plain.server.url}${publicPath(plain)}`, init);
      const proxied = await fetch(`${plain.via}${publicPath(plain)}`, init);
      expect(direct.status).toBe("headers" in init ? 206 : 200);
      expect(proxied.status).toBe(direct.status);
      expect(direct.headers.get("x-accel-redirect")).toBeNull();
      for (const name of SHIPYARD_HEADERS) expect([name, proxied.headers.get(name)]).toEqual([name, direct.headers.get(name)]);
      expect(Buffer.from(await proxied.arrayBuffer()).equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
    }
    expect(nginx.accessLog().filter((line) => line.includes(` ${OFFLOAD_PREFIX}/`) && line.startsWith(publicPath(plain)))).toHaveLength(0);
  });

  it("lets Shipyard itself answer with X-Accel-Redirect and no body", async () => {
    const res = await fetch(`${offloaded.server.url}${publicPath(offloaded)}`);
    const digest = sha256(BYTES);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-accel-redirect")).toBe(`${OFFLOAD_PREFIX}/sha256/${digest.slice(0, 2)}/${digest.slice(2)}`);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="hello.apk"/);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it.each(["bytes=0-99", "bytes=100-", "bytes=-500", "bytes=5-5", "bytes=0-", `bytes=${SIZE - 10}-99999999`, "bytes=-99999999"])("answers Range %s with the same 206", async (range) => {
    const both = await fetchBoth(publicPath, { headers: { range } });
    expectSameAnswer(both);
    expect(both.after.status).toBe(206);
    const [, start, end] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(both.after.headers["content-range"] ?? "") ?? [];
    expect(both.after.headers["content-range"]).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(both.after.body.equals(BYTES.subarray(Number(start), Number(end) + 1))).toBe(true);
    expect(both.after.headers["content-length"]).toBe(String(Number(end) - Number(start) + 1));
    expect(servedFromFile(publicPath(offloaded)).some((line) => line.includes(` 206 ${Number(end) - Number(start) + 1} `))).toBe(true);
  });

  it.each([
    ["several ranges (answered whole)", { range: "bytes=0-1,5-6" }, 200],
    ["an unsatisfiable range", { range: `bytes=${SIZE}-` }, 416],
    ["a malformed range", { range: "bytes=abc" }, 416],
    ["If-Match", { "if-match": '"something-else"' }, 200],
    ["If-Range with a date", { range: "bytes=0-9", "if-range": "Mon, 07 Dec 2026 00:00:00 GMT" }, 206],
    ["If-Unmodified-Since", { "if-unmodified-since": "Mon, 07 Dec 2000 00:00:00 GMT" }, 200],
    ["If-Modified-Since in the future", { "if-modified-since": "Mon, 07 Dec 2037 00:00:00 GMT" }, 200],
  ])("answers %s as without offload", async (_what, headers, status) => {
    const both = await fetchBoth(publicPath, { headers });
    expectSameAnswer(both);
    expect(both.after.status).toBe(status);
  });

  it("answers If-None-Match with 304 (and a stale tag with the file), and HEAD without a body", async () => {
    const etag = `"${sha256(BYTES)}"`;
    const notModified = await fetchBoth(publicPath, { headers: { "if-none-match": etag } });
    expectSameAnswer(notModified);
    expect(notModified.after.status).toBe(304);
    expect(notModified.after.body.length).toBe(0);
    const stale = await fetchBoth(publicPath, { headers: { "if-none-match": '"0000"' } });
    expectSameAnswer(stale);
    expect(stale.after.status).toBe(200);
    const head = await fetchBoth(publicPath, { method: "HEAD" });
    expectSameAnswer(head);
    expect(head.after.headers["content-length"]).toBe(String(SIZE));
  });

  it("refuses a private artifact without a grant, a forged grant and the internal location itself: no bytes", async () => {
    for (const route of [(s: Side) => `/d/${s.privateId}/hello.apk`, (s: Side) => `/g/${s.grant.slice(0, -4)}AAAA/hello.apk`]) {
      const both = await fetchBoth(route);
      expectSameAnswer(both);
      expect(both.after.status).toBe(404);
      expect(both.after.body.includes(BYTES.subarray(0, 64))).toBe(false);
      expect(servedFromFile(route(offloaded))).toHaveLength(0);
    }
    const digest = sha256(BYTES);
    const internal = await fetch(`${offloaded.via}${OFFLOAD_PREFIX}/sha256/${digest.slice(0, 2)}/${digest.slice(2)}`);
    expect(internal.status).toBe(404);
    expect(Buffer.from(await internal.arrayBuffer()).includes(BYTES.subarray(0, 64))).toBe(false);
  });

  it("serves a grant of the private app, offloaded", async () => {
    const both = await fetchBoth(grantPath);
    expectSameAnswer(both);
    expect(both.after.status).toBe(200);
    expect(sha256(both.after.body)).toBe(sha256(BYTES));
    expect(servedFromFile(grantPath(offloaded))).toHaveLength(1);
  });
});

describe("install counting with DOWNLOAD_OFFLOAD", () => {
  /** Completed downloads recorded for an artifact; events are written once a second. */
  async function completed(side: Side, appId: string, artifactId: string, atLeast: number): Promise<number> {
    const count = () =>
      withServerStore(side.server.dataDir, async (store) => {
        const events = await store.installEvents.listByApp(appId, { limit: 500 });
        return events.items.filter((e) => e.kind === "download_complete" && e.artifactId === artifactId).length;
      });
    for (let i = 0; i < 50 && (await count()) < atLeast; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_500)); // and nothing more arrives
    return count();
  }

  const installs = (side: Side, linkId = side.linkId) => withServerStore(side.server.dataDir, async (store) => (await store.shareLinks.getById(linkId))?.installCount);

  it("counts what streaming counts: a full download once, a range that reaches the end, never HEAD or 304", async () => {
    const before = await Promise.all([plain, offloaded].map(async (side) => ({ public: await completed(side, side.publicApp, side.publicId, 0), installs: await installs(side) })));
    for (const side of [plain, offloaded]) {
      const get = (route: string, headers: Record<string, string> = {}, method = "GET") => fetch(`${side.via}${route}`, { method, headers }).then((res) => res.arrayBuffer());
      for (const route of [publicPath(side), grantPath(side)]) {
        await get(route);
        await get(route);
        await get(route, {}, "HEAD");
        await get(route, { "if-none-match": `"${sha256(BYTES)}"` });
        await get(route, { range: "bytes=0-99" }); // counts an install through the link (byte 0), completes nothing
        await get(route, { range: "bytes=100-" }); // completes a download, counts no install
      }
    }
    for (const [i, side] of [plain, offloaded].entries()) {
      expect(await completed(side, side.publicApp, side.publicId, (before[i]?.public ?? 0) + 3)).toBe((before[i]?.public ?? 0) + 3);
      expect(await installs(side)).toBe((before[i]?.installs ?? 0) + 3);
    }
  });

  it("leaves a capped link's downloads to Shipyard (only it knows what a cut download sent), counted alike", async () => {
    const cappedPath = (side: Side) => `/g/${side.cappedGrant}/hello.apk`;
    for (const side of [plain, offloaded]) {
      const get = (headers: Record<string, string> = {}) => fetch(`${side.via}${cappedPath(side)}`, { headers }).then((res) => res.arrayBuffer());
      await get();
      await get({ range: "bytes=0-99" }); // a new install: the first one's file was sent whole
      await get({ range: "bytes=100-" }); // the rest of that install's file: not a new one
    }
    const both = await fetchBoth(cappedPath);
    expectSameAnswer(both);
    expect(sha256(both.after.body)).toBe(sha256(BYTES));
    expect(await installs(plain, plain.cappedLinkId)).toBe(3);
    expect(await installs(offloaded, offloaded.cappedLinkId)).toBe(3);
    expect(servedFromFile(cappedPath(offloaded))).toHaveLength(0);
  });

  it("refuses a revoked link's grant before anything is sent or counted", async () => {
    for (const side of [plain, offloaded]) await withServerStore(side.server.dataDir, (store) => revokeShareLink(store, SYSTEM_ACTOR, side.privateApp, side.linkId));
    const counted = await Promise.all([plain, offloaded].map((side) => installs(side)));
    const handedOff = servedFromFile(grantPath(offloaded)).length;
    const both = await fetchBoth(grantPath);
    expectSameAnswer(both);
    expect(both.after.status).toBe(403);
    expect(await Promise.all([plain, offloaded].map((side) => installs(side)))).toEqual(counted);
    expect(servedFromFile(grantPath(offloaded))).toHaveLength(handedOff);
  });
});
