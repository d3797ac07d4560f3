// What the cookie-less install URLs do, through their services on both stores: the iOS manifest
// and icon behind a grant (/i/{grant}/…), a share link's redemption (/s/{secret}) and the install
// page's beacon (/api/install-tap), with the funnel events they record read back from the store.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { XMLParser } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import { createApp } from "@/server/services/apps";
import { createInstallEventRecorder, type InstallEventRecorder } from "@/server/services/install-events";
import { installManifestFor, readGrantedIcon } from "@/server/services/install-manifest";
import { recordInstallTap } from "@/server/services/install-taps";
import { publishRelease } from "@/server/services/releases";
import { createShareLink, redeemShareLink, revokeShareLink } from "@/server/services/share-links";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import type { BlobStore } from "@/server/storage/types";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const PUBLIC_URL = "https://ship.example.com";

describe.each(STORE_KINDS)("install requests: $kind", ({ open }) => {
  const t = storePerTest(open);
  let dir: string;
  let blobs: BlobStore;
  let recorder: InstallEventRecorder;
  let app: App;
  let ipa: Artifact;
  let apk: Artifact;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "shipyard-install-"));
    blobs = createLocalBlobStore(dir);
    recorder = createInstallEventRecorder(t.store, { flushIntervalMs: 60_000 });
    const icon = await blobs.put(Readable.from([PNG]), { maxBytes: 1024 });
    app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", bundleIds: { ios: "com.example.settings" } });
    const published = await publishRelease(t.store, SYSTEM_ACTOR, app.id, {
      version: "2.0.0",
      build: "20",
      channel: "beta",
      artifacts: [
        {
          platform: "ios",
          filename: "Hello World.ipa",
          sizeBytes: 100,
          sha256: "a".repeat(64),
          validationStatus: "valid",
          metadata: { kind: "ipa", bundleId: "com.example.hello", shortVersion: "2.0", displayName: "Hello!", icon: { sha256: icon.sha256 } },
        },
        { platform: "android_apk", filename: "hello.apk", sizeBytes: 100, sha256: "b".repeat(64), validationStatus: "valid", metadata: { kind: "apk", packageName: "com.example.hello" } },
      ],
    });
    [ipa, apk] = published.artifacts as [Artifact, Artifact];
  });
  afterEach(async () => {
    await recorder.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ({ store: t.store, publicUrl: PUBLIC_URL, recordInstallEvent: recorder.record.bind(recorder) });
  const grantOf = (artifact: Artifact, shareLinkId: string | null = null) => ({ id: `grant-${artifact.id}-${shareLinkId}`, artifactId: artifact.id, shareLinkId });
  const events = async () => {
    await recorder.flush();
    return (await t.store.installEvents.listByApp(app.id, { limit: 100 })).items.map((e) => ({ kind: e.kind, artifactId: e.artifactId, channel: e.channel, shareLinkId: e.shareLinkId }));
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, message: error.message } : error),
    );

  it("writes the IPA's manifest with links that carry the grant, and counts the fetch", async () => {
    const manifest = await installManifestFor(deps(), grantOf(ipa), "G.s");
    const plist = new XMLParser({ parseTagValue: false }).parse(manifest).plist.dict.array.dict;
    expect(plist.array.dict.map((d: { string: string[] }) => d.string)).toEqual([
      ["software-package", `${PUBLIC_URL}/g/G.s/Hello%20World.ipa`],
      ["display-image", `${PUBLIC_URL}/i/G.s/icon.png`],
      ["full-size-image", `${PUBLIC_URL}/i/G.s/icon.png`],
    ]);
    expect(plist.dict.string).toEqual(["com.example.hello", "2.0", "software", "Hello!", "2.0.0 (20)"]);
    expect(await events()).toEqual([{ kind: "manifest_fetch", artifactId: ipa.id, channel: "beta", shareLinkId: null }]);
  });

  it("has no manifest for other builds, and nothing for a grant whose file is gone", async () => {
    expect(await refusal(installManifestFor(deps(), grantOf(apk), "G.s"))).toEqual({ code: "NOT_FOUND", message: "only iOS builds have an install manifest" });
    expect(await refusal(installManifestFor(deps(), { id: "g", artifactId: "missing", shareLinkId: null }, "G.s"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await events()).toEqual([]);
  });

  it("counts a manifest fetch through a capped share link against its cap", async () => {
    const { link } = await createShareLink(t.store, SYSTEM_ACTOR, app.id, { name: "testers", maxInstalls: 1 });
    await installManifestFor(deps(), grantOf(ipa, link.id), "G.s");
    expect(await refusal(installManifestFor(deps(), grantOf(ipa, link.id), "G.s"))).toEqual({ code: "FORBIDDEN", message: "this share link has reached its limit of 1 installs" });
    expect((await events()).map((e) => e.shareLinkId)).toEqual([link.id]);
  });

  it("counts nothing against a capped link when asked for the manifest of a build that has none", async () => {
    const { link } = await createShareLink(t.store, SYSTEM_ACTOR, app.id, { name: "testers", maxInstalls: 1 });
    expect(await refusal(installManifestFor(deps(), grantOf(apk, link.id), "G.s"))).toEqual({ code: "NOT_FOUND", message: "only iOS builds have an install manifest" });
    // The one install the link allows is still there for the IPA.
    await installManifestFor(deps(), grantOf(ipa, link.id), "G.s");
    expect((await events()).map((e) => e.kind)).toEqual(["manifest_fetch"]);
  });

  it("reads a build's icon from the blob store by its digest, and refuses a build without one", async () => {
    const icon = await readGrantedIcon({ store: t.store, blobs }, grantOf(ipa));
    expect(icon.png.equals(PNG)).toBe(true);
    expect(icon.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await refusal(readGrantedIcon({ store: t.store, blobs }, grantOf(apk)))).toEqual({ code: "NOT_FOUND", message: "this build has no icon" });
  });

  it("redeems an open share link to its app, counting the open, and names why a closed one does not open", async () => {
    const { link, raw } = await createShareLink(t.store, SYSTEM_ACTOR, app.id, { name: "friends" });
    const opened = await redeemShareLink(deps(), raw);
    expect(opened.ok && [opened.app.slug, opened.link.id]).toEqual(["hello", link.id]);
    expect(await redeemShareLink(deps(), `${raw.slice(0, -2)}xx`)).toEqual({ ok: false, reason: "unknown" });
    expect(await redeemShareLink(deps(), "not-a-secret")).toEqual({ ok: false, reason: "unknown" });
    await revokeShareLink(t.store, SYSTEM_ACTOR, app.id, link.id);
    expect(await redeemShareLink(deps(), raw)).toEqual({ ok: false, reason: "revoked" });
    const later = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000);
    const { raw: second } = await createShareLink(t.store, SYSTEM_ACTOR, app.id, { name: "short", expiresInDays: 1 });
    expect(await redeemShareLink(deps(), second, later)).toEqual({ ok: false, reason: "expired" });
    expect(await events()).toEqual([{ kind: "share_open", artifactId: null, channel: null, shareLinkId: link.id }]);
  });

  it("counts an install tap on a file that exists, with the page's channel, and reports a gone one", async () => {
    expect(await recordInstallTap(deps(), { artifactId: apk.id, shareLinkId: null, channel: "beta" })).toBe(true);
    expect(await recordInstallTap(deps(), { artifactId: "missing", shareLinkId: null, channel: null })).toBe(false);
    expect(await events()).toEqual([{ kind: "install_tap", artifactId: apk.id, channel: "beta", shareLinkId: null }]);
  });
});
