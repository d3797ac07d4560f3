// Staged rollout on real SQLite, through the services an update check and an admin use:
// 10,000 simulated devices, 30% ±2 on the new build, stable answers, monotonic widening, and a
// one-call rollback that puts everyone back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import { createApp } from "@/server/services/apps";
import { promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { checkForUpdate } from "@/server/services/update-check";
import { sqliteStore, type TestStore } from "../helpers/stores";

const DEVICES = Array.from({ length: 10_000 }, (_, i) => `device-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(16)}`);

let db: TestStore;
let app: App;

async function publishApk(version: string, build: string) {
  const { release } = await publishRelease(db.store, SYSTEM_ACTOR, app.id, {
    version,
    build,
    channel: "stable",
    artifacts: [{ platform: "android_apk", filename: `app-${build}.apk`, sizeBytes: 1000, sha256: build.padStart(64, "a"), validationStatus: "valid", metadata: { packageName: "com.example.roll" } }],
  });
  return release;
}

/**
 * The build each device is told to install when it runs build 1 (null: up to date). The checks
 * run in read transactions of 1,000 (each check's own transaction joins it), which only spares
 * SQLite a lock per check; every check still reads the channel, release and files itself.
 */
async function offeredBuilds(devices: readonly string[] = DEVICES): Promise<(string | null)[]> {
  const answers: (string | null)[] = [];
  for (let from = 0; from < devices.length; from += 1_000) {
    await db.store.transaction(async (tx) => {
      for (const deviceId of devices.slice(from, from + 1_000)) {
        const result = await checkForUpdate(tx, app, { platform: "android_apk", currentBuild: "1", channel: "stable", deviceId, udid: null });
        answers.push(result.kind === "update" ? result.release.build : null);
      }
    });
  }
  return answers;
}

beforeAll(async () => {
  db = await sqliteStore();
  app = await createApp(db.store, SYSTEM_ACTOR, { slug: "roll", displayName: "Roll", bundleIds: { android_apk: "com.example.roll" } });
  const first = await publishApk("1.0.0", "1");
  await promoteChannel(db.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: first.id });
});

afterAll(async () => db?.close());

// Each pass makes 10,000 real checks against SQLite (about 1 ms each): generous limits, so a busy
// CI machine cannot turn slowness into a failure. Nothing here asserts on time.
describe("staged rollout over 10,000 devices", { timeout: 180_000 }, () => {
  let at30: (string | null)[] = [];

  it("gives the new build to 30% ±2 of devices at 30%, the same answer on every call", async () => {
    const second = await publishApk("1.1.0", "2");
    const channel = await promoteChannel(db.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: second.id, rolloutPercent: 30 });
    expect(channel.rolloutPercent).toBe(30);

    at30 = await offeredBuilds();
    const share = at30.filter((b) => b === "2").length / DEVICES.length;
    expect(share).toBeGreaterThanOrEqual(0.28);
    expect(share).toBeLessThanOrEqual(0.32);
    // Everyone else stays on build 1: up to date, never offered anything else.
    expect(at30.every((b) => b === "2" || b === null)).toBe(true);
    expect(await offeredBuilds()).toEqual(at30);
  });

  it("tells devices already on the new build they are up to date", async () => {
    const onNew = DEVICES.filter((_, i) => at30[i] === "2").slice(0, 200);
    for (const deviceId of onNew) {
      const result = await checkForUpdate(db.store, app, { platform: "android_apk", currentBuild: "2", channel: "stable", deviceId, udid: null });
      expect(result.kind).toBe("up_to_date");
    }
  });

  it("only adds devices when the percent is raised, and audits the change", async () => {
    await updateChannel(db.store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 50 });
    const at50 = await offeredBuilds();
    at30.forEach((build, i) => {
      if (build === "2") expect(at50[i]).toBe("2");
    });
    const share = at50.filter((b) => b === "2").length / DEVICES.length;
    expect(share).toBeGreaterThanOrEqual(0.48);
    expect(share).toBeLessThanOrEqual(0.52);
    const audit = await db.store.audit.list({ action: "channel.update" }, { limit: 10 });
    expect(audit.items[0]?.metadata).toMatchObject({ rolloutPercent: { from: 30, to: 50 } });
  });

  it("rolls everyone back to the previous release in one call", async () => {
    const channel = await rollbackChannel(db.store, SYSTEM_ACTOR, app.id, "stable");
    expect(channel.rolloutPercent).toBe(100);
    // Devices on build 1 are up to date; none is offered build 2 any more (at 100% no bucket is
    // consulted, so every tenth device stands for the rest).
    expect((await offeredBuilds(DEVICES.filter((_, i) => i % 10 === 0))).every((b) => b === null)).toBe(true);
    // Devices that run build 1 from an older channel state would be offered build 1 again.
    const result = await checkForUpdate(db.store, app, { platform: "android_apk", currentBuild: "0", channel: "stable", deviceId: DEVICES[0] ?? "", udid: null });
    expect(result.kind === "update" && result.release.build).toBe("1");
    const audit = await db.store.audit.list({ targetType: "channel" }, { limit: 20 });
    expect(audit.items.map((e) => e.action)).toContain("channel.rollback");
  });

  it("keeps the fallback of a rollout still under way when a newer release replaces it", async () => {
    const releases = await db.store.releases.listByApp(app.id, { limit: 10 });
    const second = releases.items.find((r) => r.build === "2");
    await promoteChannel(db.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: second?.id ?? "", rolloutPercent: 30 });
    const third = await publishApk("1.2.0", "3");
    const channel = await promoteChannel(db.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: third.id, rolloutPercent: 20 });
    // The 80% outside the new rollout stay on build 1, where most devices were; none jumps to build 2.
    const first = releases.items.find((r) => r.build === "1");
    expect(channel.previousReleaseId).toBe(first?.id);
    const sample = await offeredBuilds(DEVICES.slice(0, 1_000));
    expect(new Set(sample)).toEqual(new Set(["3", null]));
    expect((await rollbackChannel(db.store, SYSTEM_ACTOR, app.id, "stable")).currentReleaseId).toBe(first?.id);
  });
});
