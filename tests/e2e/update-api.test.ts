// The in-app update check over real HTTP with real artifacts: up to date, update available,
// mandatory by channel policy, ad hoc devices outside the profile, bad input and rate limits.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const STRANGER_UDID = "00008101-0000000000000001";

let server: RunningServer;
let api: ReturnType<typeof apiClient>;
let updateKey = "";
let provisioned: string[] = [];

async function check(query: Record<string, string>, headers: Record<string, string> = { "x-shipyard-app-key": updateKey }) {
  const res = await fetch(`${server.url}/api/v1/apps/updater/updates?${new URLSearchParams(query)}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

beforeAll(async () => {
  server = await startServer();
  const token = await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "updater", displayName: "Updater", visibility: "unlisted", bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" } });
    updateKey = app.updateKey ?? "";
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  api = apiClient(server.url, token);
  const uploads = [await api.uploadFile("updater", path.join(FIXTURES, "ios/Hello.ipa")), await api.uploadFile("updater", path.join(FIXTURES, "android/hello.apk"))];
  const published = await api.call("POST", "/api/v1/apps/updater/releases", { version: "1.2.3", build: "42", channel: "stable", notes: "- **Faster** sync", uploads, promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  const ipa = (published.body.artifacts as { platform: string; metadata: { provisioning?: { provisionedDevices?: string[] } } }[]).find((a) => a.platform === "ios");
  provisioned = ipa?.metadata.provisioning?.provisionedDevices ?? [];
});

afterAll(async () => server?.stop());

describe("GET /api/v1/apps/{app}/updates", () => {
  it("answers 204 for a device on the current build, and 200 with the update for an older one", async () => {
    expect((await check({ platform: "android_apk", currentBuild: "42", deviceId: "phone-1" })).status).toBe(204);
    const update = await check({ platform: "android_apk", currentBuild: "41", deviceId: "phone-1" });
    expect(update.status).toBe(200);
    expect(update.headers.get("cache-control")).toContain("no-store");
    expect(update.body).toMatchObject({ status: "update_available", version: "1.2.3", build: "42", channel: "stable", mandatory: false, minSdk: 21, notes: "- **Faster** sync" });
    expect(String(update.body?.notesHtml)).toContain("<strong>Faster</strong>");
    expect(update.body?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof update.body?.size).toBe("number");
    expect(String(update.body?.downloadUrl)).toMatch(/\/hello\.apk$/);
  });

  it("compares builds as numbers, not text", async () => {
    expect((await check({ platform: "android_apk", currentBuild: "9", deviceId: "phone-1" })).status).toBe(200);
    expect((await check({ platform: "android_apk", currentBuild: "100", deviceId: "phone-1" })).status).toBe(204);
  });

  it("marks the update mandatory below the channel's minimum supported build", async () => {
    const patched = await api.call("PATCH", "/api/v1/apps/updater/channels/stable", { policy: { minimumSupportedBuild: "40" } });
    expect(patched.status).toBe(200);
    expect((await check({ platform: "android_apk", currentBuild: "39", deviceId: "phone-2" })).body).toMatchObject({ mandatory: true });
    expect((await check({ platform: "android_apk", currentBuild: "41", deviceId: "phone-2" })).body).toMatchObject({ mandatory: false });
  });

  it("tells an iPhone outside the ad hoc profile that it is not provisioned, and one inside how to install", async () => {
    expect(provisioned.length).toBeGreaterThan(0);
    const stranger = await check({ platform: "ios", currentBuild: "41", deviceId: "iphone-1", udid: STRANGER_UDID });
    expect(stranger.status).toBe(200);
    expect(stranger.body).toMatchObject({ status: "device_not_provisioned", build: "42" });
    const known = await check({ platform: "ios", currentBuild: "41", deviceId: "iphone-2", udid: provisioned[0] ?? "" });
    expect(known.body).toMatchObject({ status: "update_available", build: "42", minOsVersion: "15.0" });
    expect(String(known.body?.installUrl)).toMatch(/^itms-services:\/\/\?action=download-manifest&url=/);
  });

  it("refuses bad input with a message naming the field", async () => {
    const desktop = await check({ platform: "windows", currentBuild: "1" });
    expect(desktop.status).toBe(400);
    expect(JSON.stringify(desktop.body)).toContain("desktop apps read the update feeds");
    const noBuild = await check({ platform: "android_apk" });
    expect(noBuild.status).toBe(400);
    expect(JSON.stringify(noBuild.body)).toMatch(/currentBuild/);
    expect((await check({ platform: "android_apk", currentBuild: "1", channel: "nope" })).status).toBe(404);
  });

  it("limits one device to 30 checks a minute, with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await check({ platform: "android_apk", currentBuild: "42", deviceId: "looping-phone" })).status);
    expect(statuses.slice(0, 30).every((s) => s === 204)).toBe(true);
    const limited = await check({ platform: "android_apk", currentBuild: "42", deviceId: "looping-phone" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another device is not held back by it.
    expect((await check({ platform: "android_apk", currentBuild: "42", deviceId: "calm-phone" })).status).toBe(204);
  });
});
