// What the home page, an app's console page and the audit page read, through their services on both stores.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp, listPublicApps } from "@/server/services/apps";
import { describeAppConsole, RECENT_RELEASES } from "@/server/services/app-console";
import { loadAuditLogPage } from "@/server/services/audit-log";
import { publishRelease } from "@/server/services/releases";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

describe.each(STORE_KINDS)("console page reads: $kind", ({ open }) => {
  const t = storePerTest(open);

  it("lists only public apps on the home page, by display name", async () => {
    await createApp(t.store, SYSTEM_ACTOR, { slug: "zed", displayName: "Zed", bundleIds: {}, visibility: "public" });
    await createApp(t.store, SYSTEM_ACTOR, { slug: "hidden", displayName: "Hidden", bundleIds: {}, visibility: "unlisted" });
    await createApp(t.store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret", bundleIds: {} });
    await createApp(t.store, SYSTEM_ACTOR, { slug: "alpha", displayName: "alpha", bundleIds: {}, visibility: "public" });
    expect((await listPublicApps(t.store)).map((a) => a.slug)).toEqual(["alpha", "zed"]);
  });

  it("describes an app's console page: its channels, its newest releases and a funnel for each", async () => {
    const app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", bundleIds: {} });
    for (let build = 1; build <= RECENT_RELEASES + 2; build++) {
      await publishRelease(t.store, SYSTEM_ACTOR, app.id, {
        version: `1.0.${build}`,
        build: String(build),
        channel: "beta",
        promote: build === 3,
        artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 1, sha256: String(build).padStart(64, "d"), validationStatus: "valid", metadata: {} }],
      });
    }
    const page = await describeAppConsole(t.store, app);
    expect(page.channels.map((c) => [c.channel.name, c.current?.build ?? null])).toEqual([
      ["beta", "3"],
      ["internal", null],
      ["stable", null],
    ]);
    expect(page.recent.map((r) => r.build)).toEqual(["12", "11", "10", "9", "8", "7", "6", "5", "4", "3"]);
    expect([...page.funnels.keys()].sort()).toEqual(page.recent.map((r) => r.id).sort());
    expect(page.funnels.get(page.recent[0]?.id ?? "")?.install_tap).toBe(0);
  });

  it("reads the audit page's events with their actors and targets, or the filters' problems by field", async () => {
    await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", bundleIds: {} });
    const read = await loadAuditLogPage(t.store, new URLSearchParams("app=hello&limit=5"));
    expect("errors" in read).toBe(false);
    if ("errors" in read) return;
    expect(read.choices.apps.map((a) => a.slug)).toEqual(["hello"]);
    expect(read.page.items.map((e) => e.action)).toEqual(["app.create"]);
    expect(read.actors.get("system")).toBeDefined();
    expect([...read.lookups.apps.values()].map((a) => a.slug)).toEqual(["hello"]);

    const bad = await loadAuditLogPage(t.store, new URLSearchParams("app=nope&from=2026-13-01"));
    expect("errors" in bad && Object.keys(bad.errors).sort()).toEqual(["from"]);
    const unknownApp = await loadAuditLogPage(t.store, new URLSearchParams("app=nope"));
    expect("errors" in unknownApp && unknownApp.errors).toEqual({ app: 'no app has the slug or id "nope"' });
  });
});
