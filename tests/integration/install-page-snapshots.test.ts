// Install page snapshots kept between requests, counted on both stores: a page read once is served
// again without a store read until an audited change (or the age limit); what decides who may see
// the page and what they may install is still read per request, so the cache never lets a private
// app's page or a spent share link through.
import { beforeEach, describe, expect, it } from "vitest";
import { MEMBER_SCOPE } from "@/domain/install-scope";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { ArtifactInput } from "@/domain/artifact";
import { rolloutBucket } from "@/domain/rollout";
import { createGrantCodec } from "@/server/crypto/grants";
import { loadInstallView } from "@/server/http/install-view";
import { createApp, updateApp } from "@/server/services/apps";
import { createChangeSignal } from "@/server/services/change-signal";
import { promoteChannel } from "@/server/services/channels";
import type { InstallSnapshotSource } from "@/server/services/install-page";
import { createInstallSnapshots, INSTALL_SNAPSHOT_MAX_AGE_MS } from "@/server/services/install-page-snapshots";
import { publishRelease } from "@/server/services/releases";
import { createShareLink } from "@/server/services/share-links";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import type { Store } from "@/server/store/types";
import { countingStore, type StoreCounts } from "../helpers/counting-store";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const LINKS = { publicUrl: "https://apps.example.com", grants: createGrantCodec("install-snapshots-test-secret-0123456789") };
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

const apk = (build: number): ArtifactInput => ({
  platform: "android_apk",
  filename: `hello-${build}.apk`,
  sizeBytes: 1000,
  sha256: `${build}`.padStart(64, "a"),
  validationStatus: "valid",
  metadata: { packageName: "com.example.hello", signer: { sha256: "AA" } },
});

/**
 * Download grants are minted per request and carry their expiry in seconds: two visits either side
 * of a second's turn differ there and nowhere else.
 */
const withoutGrants = (view: unknown): unknown => JSON.parse(JSON.stringify(view, (key, value: unknown) => (key === "grant" ? "<minted per request>" : value)));

interface Visit {
  channel?: string | null;
  releaseId?: string | null;
  share?: string;
  deviceId?: string;
  user?: string | null;
}

describe.each(STORE_KINDS)("install page snapshots: $kind", ({ open }) => {
  const db = storePerTest(open);
  /** The store as the composition root wires it: audited changes move `events`. */
  let store: Store;
  let counted: { store: Store; counts: StoreCounts; reset(): void };
  let snapshots: InstallSnapshotSource;
  let clock = 0;
  let appId = "";
  const releases: string[] = [];

  beforeEach(async () => {
    const events = createChangeSignal();
    store = signalAuditedChanges(db.store, events.changed);
    // The page reads through a counting view of the same signalled store.
    counted = countingStore(store);
    clock = 1_000_000;
    snapshots = createInstallSnapshots({ store: counted.store, generation: events.generation, now: () => clock });
    releases.length = 0;
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    for (const build of [1, 2]) {
      const { release } = await publishRelease(store, SYSTEM_ACTOR, appId, { version: `1.${build}.0`, build: `${build}`, channel: "stable", promote: true, artifacts: [apk(build)] });
      releases.push(release.id);
    }
  });

  /** One page request; returns what it showed and how many store calls it made. */
  async function visit(v: Visit = {}) {
    counted.reset();
    const result = await loadInstallView(
      counted.store,
      {
        slug: "hello",
        channel: v.releaseId ? null : (v.channel ?? "stable"),
        releaseId: v.releaseId ?? null,
        headers: new Headers({ "user-agent": ANDROID }),
        cookies: {
          get: (name) => {
            if (name === "sy_share_hello" && v.share) return { value: v.share };
            if (name === "sy_device" && v.deviceId) return { value: v.deviceId };
            return undefined;
          },
        },
        search: {},
        installer: async () => (v.user ? MEMBER_SCOPE : null),
      },
      LINKS,
      snapshots,
    );
    const view = result.kind === "ok" ? result.view : null;
    return { view, version: view?.release?.version ?? null, calls: counted.counts.calls, log: [...counted.counts.log] };
  }

  it("reads a page once and serves it again without the store until an audited change", async () => {
    const first = await visit();
    expect(first.version).toBe("1.2.0");
    expect(first.calls).toBeGreaterThan(0);
    const again = await visit();
    expect(again.calls).toBe(0);
    expect(withoutGrants(again.view)).toEqual(withoutGrants(first.view));
    // Another URL of the app is a snapshot of its own.
    expect((await visit({ releaseId: releases[0] })).calls).toBeGreaterThan(0);
    expect((await visit({ releaseId: releases[0] })).calls).toBe(0);

    await publishRelease(store, SYSTEM_ACTOR, appId, { version: "1.3.0", build: "3", channel: "stable", promote: true, artifacts: [apk(3)] });
    const changed = await visit();
    expect(changed.calls).toBeGreaterThan(0);
    expect(changed.version).toBe("1.3.0");
    expect(changed.view?.history.map((h) => h.release.version)).toEqual(["1.3.0", "1.2.0", "1.1.0"]);
    expect((await visit()).calls).toBe(0);
  });

  it("sees a change made without an audit event once the snapshot is older than its limit", async () => {
    await visit();
    // Straight to the repository: no audit event, so no signal (as another process's write would be).
    await db.store.releases.update(releases[1] ?? "", { notes: "Quietly edited" });
    clock += INSTALL_SNAPSHOT_MAX_AGE_MS - 1;
    expect((await visit()).view?.notesHtml).not.toContain("Quietly edited");
    clock += 2;
    const later = await visit();
    expect(later.calls).toBeGreaterThan(0);
    expect(later.view?.notesHtml).toContain("Quietly edited");
  });

  it("places each device in a staged rollout from the one snapshot", async () => {
    await promoteChannel(store, SYSTEM_ACTOR, appId, { channel: "stable", releaseId: releases[0] ?? "", rollback: true });
    const channel = await store.channels.getByName(appId, "stable");
    await promoteChannel(store, SYSTEM_ACTOR, appId, { channel: "stable", releaseId: releases[1] ?? "", rolloutPercent: 50 });
    await visit({ deviceId: "warm-up" });
    const devices = Array.from({ length: 40 }, (_, i) => `device-${i}`);
    for (const deviceId of devices) {
      const seen = await visit({ deviceId });
      expect(seen.calls).toBe(0);
      const inRollout = rolloutBucket(channel?.id ?? "", deviceId) < 50;
      expect(seen.version, deviceId).toBe(inRollout ? "1.2.0" : "1.1.0");
      expect(seen.view?.heldBack).toBe(!inRollout);
    }
    // A visitor without a device id keeps the release everyone had.
    expect((await visit()).version).toBe("1.1.0");
  });

  it("never shows a private app's kept page to a visitor without access, and reads the share link on every request", async () => {
    await updateApp(store, SYSTEM_ACTOR, appId, { visibility: "private" });
    const { raw, link } = await createShareLink(store, SYSTEM_ACTOR, appId, { name: "QA", expiresInDays: 7, maxInstalls: 1 });
    const member = await visit({ user: "user-1" });
    expect(member.view?.app.displayName).toBe("Hello");
    expect((await visit({ user: "user-1" })).calls).toBe(0);
    // Kept, and still a 404 for a stranger and for a made-up share secret.
    const stranger = await visit();
    expect(stranger.calls).toBe(0);
    expect(stranger.view).toBeNull();
    expect((await visit({ share: "shs_not-a-real-link" })).view).toBeNull();

    const shared = await visit({ share: raw });
    expect(shared.view?.shareLink?.id).toBe(link.id);
    expect(shared.view?.primary[0]?.links).not.toBeNull();
    // The link, and whether it is an outside tester's personal one (limited to their group's channels).
    expect((await visit({ share: raw })).log).toEqual(["shareLinks.getByHash", "testerGroups.groupOfShareLink"]);

    // Installs are counted without an audit event: the next request knows the link is spent.
    expect(await db.store.shareLinks.claimInstall(link.id, new Date())).toBe(true);
    const spent = await visit({ share: raw });
    expect(spent.log).toEqual(["shareLinks.getByHash", "testerGroups.groupOfShareLink"]);
    expect(spent.view?.installsExhausted).toBe(true);
    expect(spent.view?.primary[0]?.links).toBeNull();

    // Revoked behind the cache's back (no audit event either): the very next request is refused.
    await db.store.shareLinks.update(link.id, { revokedAt: new Date() });
    const revoked = await visit({ share: raw });
    expect(revoked.log).toEqual(["shareLinks.getByHash"]);
    expect(revoked.view).toBeNull();
  });

  it("keeps pages that do not exist too, and forgets them when the app appears", async () => {
    const missing = async () => {
      counted.reset();
      const result = await loadInstallView(
        counted.store,
        { slug: "later", channel: null, releaseId: null, headers: new Headers(), cookies: { get: () => undefined }, search: {}, installer: async () => null },
        LINKS,
        snapshots,
      );
      return { kind: result.kind, calls: counted.counts.calls };
    };
    expect(await missing()).toEqual({ kind: "not_found", calls: 1 });
    expect(await missing()).toEqual({ kind: "not_found", calls: 0 });
    await createApp(store, SYSTEM_ACTOR, { slug: "later", displayName: "Later", visibility: "public", bundleIds: {} });
    expect((await missing()).kind).toBe("ok");
  });
});
