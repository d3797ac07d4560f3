// A release without a platform: clients of that platform keep getting the newest older release of
// the channel that has it (never a rolled-back one), through the update API's service, on every
// store; and the install page offers a phone of that platform the very same build.
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import { MEMBER_SCOPE } from "@/domain/install-scope";
import type { Platform } from "@/domain/platform";
import type { Release } from "@/domain/release";
import { createApp } from "@/server/services/apps";
import { platformFallbacks } from "@/server/services/channel-release";
import { getChannelByNameOrThrow, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { checkForUpdate } from "@/server/services/update-check";
import { createGrantCodec } from "@/server/crypto/grants";
import { DEVICE_COOKIE } from "@/server/http/device-cookie";
import { loadInstallView } from "@/server/http/install-view";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const LINKS = { publicUrl: "https://apps.example.com", grants: createGrantCodec("platform-fallback-test-secret-0123456789") };
const USER_AGENTS = {
  ios: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  android_apk: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
};

const FILES: Record<"ios" | "android_apk", { filename: string; metadata: Record<string, unknown> }> = {
  ios: { filename: "Hello.ipa", metadata: { bundleId: "com.example.fb" } },
  android_apk: { filename: "hello.apk", metadata: { packageName: "com.example.fb" } },
};

describe.each(STORE_KINDS)("per-platform fallback: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  beforeEach(async () => {
    app = await createApp(t.store, SYSTEM_ACTOR, { slug: "fb", displayName: "Fallback", bundleIds: {} });
  });

  async function publish(build: number, platforms: ("ios" | "android_apk")[], rolloutPercent?: number): Promise<Release> {
    const { release } = await publishRelease(t.store, SYSTEM_ACTOR, app.id, {
      version: `1.0.${build}`,
      build: String(build),
      channel: "beta",
      artifacts: platforms.map((platform, i) => ({ platform, ...FILES[platform], sizeBytes: 100, sha256: `${build}${i}`.padStart(64, "c"), validationStatus: "valid" as const })),
    });
    await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: release.id, rolloutPercent });
    return release;
  }

  const offered = async (platform: "ios" | "android_apk", deviceId = "device-1") => {
    const answer = await checkForUpdate(t.store, app, { platform, currentBuild: "0", channel: "stable", deviceId, udid: null });
    return answer.kind === "update" ? answer.release.build : null;
  };

  /** The build of the file the stable page offers first to a phone of `platform` (null: none). */
  const pageOffers = async (platform: "ios" | "android_apk", deviceId = "device-1") => {
    const result = await loadInstallView(
      t.store,
      {
        slug: "fb",
        channel: "stable",
        releaseId: null,
        headers: new Headers({ "user-agent": USER_AGENTS[platform] }),
        cookies: { get: (name) => (name === DEVICE_COOKIE ? { value: deviceId } : undefined) },
        search: {},
        // The app is private by default: the visitor is a member.
        installer: async () => MEMBER_SCOPE,
      },
      LINKS,
    );
    if (result.kind !== "ok") throw new Error("expected the page");
    const first = result.view.primary[0];
    if (!first || first.artifact.platform !== platform) return null;
    return (first.fromRelease ?? result.view.release)?.build ?? null;
  };

  it("an Android-only release leaves iOS devices on the newest release that has an IPA", async () => {
    await publish(1, ["ios", "android_apk"]);
    await publish(2, ["ios", "android_apk"]);
    await publish(3, ["android_apk"]);
    expect(await offered("android_apk")).toBe("3");
    expect(await offered("ios")).toBe("2");
    expect([await pageOffers("android_apk"), await pageOffers("ios")]).toEqual(["3", "2"]);
    const stable = await getChannelByNameOrThrow(t.store, app.id, "stable");
    expect((await platformFallbacks(t.store, stable)).map((f) => [f.platform as Platform, f.release.build])).toEqual([["ios", "2"]]);
  });

  it("never falls back to a release the channel was rolled back away from", async () => {
    await publish(1, ["ios", "android_apk"]);
    await publish(2, ["ios", "android_apk"]);
    await rollbackChannel(t.store, SYSTEM_ACTOR, app.id, "stable");
    await publish(3, ["android_apk"]);
    expect(await offered("ios")).toBe("1");
    expect(await pageOffers("ios")).toBe("1");
  });

  it("devices outside a rollout fall back from their own release, not from the new one", async () => {
    await publish(1, ["ios", "android_apk"]);
    await publish(2, ["android_apk"]);
    await publish(3, ["ios", "android_apk"], 0); // nobody is in a 0% rollout
    expect(await offered("android_apk")).toBe("2");
    expect(await offered("ios")).toBe("1");
    expect([await pageOffers("android_apk"), await pageOffers("ios")]).toEqual(["2", "1"]);
    await updateChannel(t.store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 100 });
    expect(await offered("ios")).toBe("3");
    expect(await pageOffers("ios")).toBe("3");
  });

  it("answers up to date when no release of the channel ever had the platform", async () => {
    await publish(1, ["android_apk"]);
    expect(await offered("ios")).toBeNull();
    expect(await pageOffers("ios")).toBeNull();
  });
});
