// The update-check endpoint the Node server answers ahead of Next, on a real HTTP server on
// loopback over a real SQLite store: credentials, rate limits decided before any read, answers
// served from memory until an audited change, tokens held to their app and channel.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { matchApiRoute } from "@/domain/api-routes";
import type { App } from "@/domain/app";
import { createUpdateCheckEndpoint } from "@/server/http/update-check-endpoint";
import { createApp } from "@/server/services/apps";
import { promoteChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { createUpdateChecker } from "@/server/services/update-check";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import type { Store } from "@/server/store/types";
import { seedToken } from "../helpers/seed";
import { sqliteStore, type TestStore } from "../helpers/stores";

/** The store with every repository call counted. */
function counting(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const wrap = <T extends object>(repo: T): T =>
    new Proxy(repo, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls++;
          return value.apply(target, args);
        };
      },
    });
  const counted = Object.fromEntries(Object.entries(store).map(([name, part]) => [name, typeof part === "object" && part !== null ? wrap(part) : part])) as unknown as Store;
  counted.transaction = (fn) => {
    calls++;
    return store.transaction(fn);
  };
  return { store: counted, calls: () => calls };
}

let db: TestStore;
let store: Store;
let calls: () => number;
let generation = 0;
let server: Server;
let base = "";
let app: App;

async function serve(limits: { perDevice: number; perAddress: number }): Promise<void> {
  const serveUpdateCheck = createUpdateCheckEndpoint({
    store,
    checker: createUpdateChecker({ store, generation: () => generation }),
    limits,
    linksFor: (owner, release, artifact) => ({ installUrl: `https://x/${artifact.filename}`, downloadUrl: `https://x/d/${artifact.id}`, pageUrl: `https://x/${owner.slug}/releases/${release.id}` }),
  });
  server = createServer((req, res) => {
    req.headers["x-shipyard-client-address"] = "10.0.0.1";
    const match = matchApiRoute(req.method ?? "GET", (req.url ?? "/").split("?")[0] ?? "/");
    if (match.kind !== "route" || !match.route.servedByNode) return void res.writeHead(418).end();
    void serveUpdateCheck(req, res, match.route, match.params);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function check(query: Record<string, string>, headers: Record<string, string> = { "x-shipyard-app-key": app.updateKey ?? "" }, slug = app.slug, method = "GET") {
  const res = await fetch(`${base}/api/v1/apps/${slug}/updates?${new URLSearchParams(query)}`, { headers, method });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function publish(build: number, promote: boolean) {
  return publishRelease(store, SYSTEM_ACTOR, app.id, {
    version: `1.0.${build}`,
    build: String(build),
    channel: "stable",
    promote,
    notes: `*build ${build}*`,
    artifacts: [{ platform: "android_apk", filename: `app-${build}.apk`, sizeBytes: 10, sha256: String(build).padStart(64, "c"), validationStatus: "valid", metadata: { minSdk: 24 } }],
  });
}

beforeEach(async () => {
  db = await sqliteStore();
  const signalled = signalAuditedChanges(db.store, () => generation++);
  ({ store, calls } = counting(signalled));
  app = await createApp(signalled, SYSTEM_ACTOR, { slug: "pinger", displayName: "Pinger", visibility: "public", bundleIds: {} });
  await publish(2, true);
});

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db.close();
});

describe("GET /api/v1/apps/{app}/updates in the Node server", () => {
  it("answers from memory once warm, and sees an audited change at once", async () => {
    await serve({ perDevice: 0, perAddress: 0 });
    const first = await check({ platform: "android_apk", currentBuild: "1", deviceId: "phone-1" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "update_available", build: "2", minSdk: 24, notesHtml: "<p><em>build 2</em></p>\n", downloadUrl: expect.stringMatching(/^https:\/\/x\/d\//) });
    expect(first.headers.get("cache-control")).toBe("private, no-store");
    const warm = calls();
    for (let i = 0; i < 50; i++) expect((await check({ platform: "android_apk", currentBuild: String(1 + (i % 2)), deviceId: `phone-${i}` })).status).toBe(i % 2 === 0 ? 200 : 204);
    expect(calls()).toBe(warm);

    const { release } = await publish(3, false);
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: release.id });
    expect((await check({ platform: "android_apk", currentBuild: "2", deviceId: "phone-1" })).body).toMatchObject({ build: "3" });
    const head = await check({ platform: "android_apk", currentBuild: "2", deviceId: "phone-1" }, undefined, app.slug, "HEAD");
    expect(head).toMatchObject({ status: 200, text: "" });
  });

  it("refuses a looping device and a busy address before reading anything, with Retry-After", async () => {
    await serve({ perDevice: 3, perAddress: 5 });
    for (let i = 0; i < 3; i++) expect((await check({ platform: "android_apk", currentBuild: "2", deviceId: "loop" })).status).toBe(204);
    const before = calls();
    const limited = await check({ platform: "android_apk", currentBuild: "2", deviceId: "loop" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(calls()).toBe(before);
    // The address has had 4 of its 5: one more device gets through, the next is held back.
    expect((await check({ platform: "android_apk", currentBuild: "2", deviceId: "calm" })).status).toBe(204);
    expect((await check({ platform: "android_apk", currentBuild: "2", deviceId: "other" })).status).toBe(429);
    expect(calls()).toBe(before);
  });

  it("applies no limit when both are 0", async () => {
    await serve({ perDevice: 0, perAddress: 0 });
    const statuses = new Set<number>();
    for (let i = 0; i < 120; i++) statuses.add((await check({ platform: "android_apk", currentBuild: "2", deviceId: "loop" })).status);
    expect([...statuses]).toEqual([204]);
  });

  it("asks for a credential, and answers an unknown app like a wrong key", async () => {
    await serve({ perDevice: 0, perAddress: 0 });
    const none = await check({ platform: "android_apk", currentBuild: "1" }, {});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await check({ platform: "android_apk", currentBuild: "1" }, { "x-shipyard-app-key": "nope" });
    const unknown = await check({ platform: "android_apk", currentBuild: "1" }, { "x-shipyard-app-key": "nope" }, "no-such-app");
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.text).toBe(wrong.text);
    expect((await check({ platform: "android_apk", currentBuild: "1", token: "x" })).status).toBe(400);
    const bad = await check({ platform: "windows", currentBuild: "1" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("desktop apps read the update feeds");
    expect((await check({ platform: "android_apk", currentBuild: "1", channel: "nope" })).status).toBe(404);
  });

  it("holds a token to its scope, app and channel", async () => {
    await serve({ perDevice: 0, perAddress: 0 });
    const other = await createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other", bundleIds: {} });
    const reader = (await seedToken(store, { name: "reader", scopes: ["releases:read"] })).raw;
    const betaOnly = (await seedToken(store, { name: "beta", scopes: ["releases:read"], app: app.slug, channel: "beta" })).raw;
    const uploader = (await seedToken(store, { name: "up", scopes: ["releases:upload"] })).raw;
    const bearer = (raw: string) => ({ authorization: `Bearer ${raw}` });
    expect((await check({ platform: "android_apk", currentBuild: "1" }, bearer(reader))).status).toBe(200);
    expect((await check({ platform: "android_apk", currentBuild: "1" }, bearer(reader), "no-such-app")).status).toBe(404);
    expect((await check({ platform: "android_apk", currentBuild: "1" }, bearer(betaOnly))).status).toBe(403);
    expect((await check({ platform: "android_apk", currentBuild: "1", channel: "beta" }, bearer(betaOnly))).status).toBe(204);
    expect((await check({ platform: "android_apk", currentBuild: "1", channel: "beta" }, bearer(betaOnly), other.slug)).status).toBe(403);
    expect((await check({ platform: "android_apk", currentBuild: "1" }, bearer(uploader))).status).toBe(403);
    expect((await check({ platform: "android_apk", currentBuild: "1" }, bearer("shp_notarealtoken"))).status).toBe(401);
  });
});
