// Reads of the REST API that depend on the token or the path's app (apps list, one release), on both stores.
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import { DomainError } from "@/domain/errors";
import { createApp, listAppsForToken } from "@/server/services/apps";
import { getAppReleaseOrThrow, publishRelease } from "@/server/services/releases";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

describe.each(STORE_KINDS)("token and path app reads: $kind", ({ open }) => {
  const t = storePerTest(open);
  let alpha: App;
  let beta: App;
  beforeEach(async () => {
    alpha = await createApp(t.store, SYSTEM_ACTOR, { slug: "alpha", displayName: "Alpha", bundleIds: {} });
    beta = await createApp(t.store, SYSTEM_ACTOR, { slug: "beta", displayName: "Beta", bundleIds: {} });
  });

  it("lists every app for an unrestricted token, its own app only for a restricted one, keys only to those who may read them", async () => {
    const all = await listAppsForToken(t.store, { scopes: ["apps:read"], appId: null, channel: null }, { limit: 10 });
    expect(all.items.map((a) => a.slug).sort()).toEqual(["alpha", "beta"]);
    expect(all.items.every((a) => !("updateKey" in a))).toBe(true);
    const own = await listAppsForToken(t.store, { scopes: ["apps:read", "apps:write"], appId: beta.id, channel: null }, { limit: 10 });
    expect([own.items.map((a) => a.slug), own.nextCursor]).toEqual([["beta"], null]);
    expect(own.items[0] && "updateKey" in own.items[0] && own.items[0].updateKey).toBe(beta.updateKey);
  });

  it("reads a release through its app's slug only", async () => {
    const { release } = await publishRelease(t.store, SYSTEM_ACTOR, alpha.id, {
      version: "1.0.0",
      build: "1",
      channel: "beta",
      artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 1, sha256: "c".repeat(64), validationStatus: "valid", metadata: {} }],
    });
    const found = await getAppReleaseOrThrow(t.store, "alpha", release.id);
    expect([found.app.id, found.release.id, found.artifacts.map((a) => a.filename)]).toEqual([alpha.id, release.id, ["a.apk"]]);
    for (const [slug, id] of [
      ["beta", release.id],
      ["nope", release.id],
      ["alpha", "missing"],
    ] as const) {
      const error = await getAppReleaseOrThrow(t.store, slug, id).catch((e: unknown) => e);
      expect(error instanceof DomainError && error.code, `${slug}/${id}`).toBe("NOT_FOUND");
    }
  });
});
