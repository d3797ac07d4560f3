// An uncached install page reads the store a small, constant number of times in one read
// transaction, however long the history: counted, never timed. (Before: 30 calls, each its own
// transaction, for a channel page over 25 releases with an APK 4 releases back.)
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { ArtifactInput } from "@/domain/artifact";
import { loadInstallView } from "@/server/http/install-view";
import { createApp, updateApp } from "@/server/services/apps";
import { HISTORY_PAGE_SIZE } from "@/server/services/install-page";
import { publishRelease } from "@/server/services/releases";
import { createShareLink } from "@/server/services/share-links";
import { countingStore } from "../helpers/counting-store";
import { STORE_KINDS, storePerTest } from "../helpers/stores";
import { createGrantCodec } from "@/server/crypto/grants";

/** Links as a page mints them, with a grant codec of the test's own. */
const TEST_LINKS = { publicUrl: "https://apps.example.com", grants: createGrantCodec("install-view-test-secret-0123456789") };

const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
/** app, channels, the channel's moves, history page, shown releases (off the first page), files, previous APK, share link. */
const MOST_CALLS = 8;

const apk = (build: number, signer: string): ArtifactInput => ({
  platform: "android_apk",
  filename: `hello-${build}.apk`,
  sizeBytes: 1000,
  sha256: `${build}`.padStart(64, "a"),
  validationStatus: "valid",
  metadata: { packageName: "com.example.hello", signer: { sha256: signer } },
});
const ipa = (build: number): ArtifactInput => ({
  platform: "ios",
  filename: `Hello-${build}.ipa`,
  sizeBytes: 1000,
  sha256: `${build}`.padStart(64, "b"),
  validationStatus: "valid",
  metadata: {},
});

describe.each(STORE_KINDS)("install page reads: $kind", ({ open }) => {
  const db = storePerTest(open);
  let appId = "";
  const releaseIds: string[] = [];

  beforeEach(async () => {
    releaseIds.length = 0;
    appId = (await createApp(db.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
  });

  /** Releases up to n on stable: an APK signed AA in the first, one signed `signer` in the newest, iOS only between. */
  async function publish(n: number, signer = "BB") {
    for (let build = releaseIds.length + 1; build <= n; build++) {
      const artifacts = build === 1 ? [apk(build, "AA")] : build === n ? [ipa(build), apk(build, signer)] : [ipa(build)];
      const { release } = await publishRelease(db.store, SYSTEM_ACTOR, appId, { version: `1.${build}.0`, build: `${build}`, channel: "stable", promote: true, artifacts });
      releaseIds.push(release.id);
    }
  }

  async function render(target: { channel?: string | null; releaseId?: string | null; cookie?: string } = {}) {
    const counted = countingStore(db.store);
    const result = await loadInstallView(
      counted.store,
      {
        slug: "hello",
        channel: target.releaseId ? null : (target.channel ?? "stable"),
        releaseId: target.releaseId ?? null,
        headers: new Headers({ "user-agent": ANDROID }),
        cookies: { get: (name) => (target.cookie && name === "sy_share_hello" ? { value: target.cookie } : undefined) },
        search: {},
        installer: async () => null,
      },
      TEST_LINKS,
    );
    if (result.kind !== "ok") throw new Error("no view");
    return { view: result.view, counts: counted.counts };
  }

  it("makes the same few calls in one transaction for 3 releases and for more than a history page", async () => {
    await publish(3);
    const small = await render();
    expect(small.view.primary[0]?.signerChanged).toEqual({ previous: "AA", current: "BB" });
    expect(small.view.history).toHaveLength(3);

    await publish(HISTORY_PAGE_SIZE + 10, "CC");
    const large = await render();
    // The previous APK is 27 releases back; the page still warns, from one query.
    expect(large.view.primary[0]?.signerChanged).toEqual({ previous: "BB", current: "CC" });
    expect(large.view.history).toHaveLength(HISTORY_PAGE_SIZE);
    expect(large.view.history.every((h) => h.artifacts.length > 0)).toBe(true);
    expect(large.view.historyNext).not.toBeNull();

    for (const { counts } of [small, large]) {
      expect(counts.transactions).toBe(1);
      expect(counts.calls).toBeLessThanOrEqual(MOST_CALLS);
      // No call per release: every operation at most once.
      expect(new Set(counts.log).size).toBe(counts.log.length);
    }
    // The history page settles the small case; the large one asks the store once.
    expect(small.counts.log).not.toContain("artifacts.latestOfPlatformBefore");
    expect(large.counts.log).toContain("artifacts.latestOfPlatformBefore");
  });

  it("stays within the bound for a share-link visitor of a private app and for an old release's page", async () => {
    await publish(HISTORY_PAGE_SIZE + 5);
    await updateApp(db.store, SYSTEM_ACTOR, appId, { visibility: "private" });
    const { raw } = await createShareLink(db.store, SYSTEM_ACTOR, appId, { name: "QA", expiresInDays: 7, maxInstalls: null });
    const shared = await render({ cookie: raw });
    expect(shared.view.shareLink).not.toBeNull();
    expect(shared.counts.log).toContain("shareLinks.getByHash");

    // The first release is off the first history page: read by id, and nothing before it to compare.
    const oldest = await render({ releaseId: releaseIds[0] ?? "", cookie: raw });
    expect(oldest.view.release?.build).toBe("1");
    expect(oldest.view.primary[0]?.signerChanged).toBeNull();
    expect(oldest.counts.log).toContain("releases.getByIds");

    for (const { counts } of [shared, oldest]) {
      expect(counts.transactions).toBe(1);
      // A private app's share link is also looked up as an outside tester's personal link (one read).
      expect(counts.calls).toBeLessThanOrEqual(MOST_CALLS + 1);
      expect(new Set(counts.log).size).toBe(counts.log.length);
    }
  });
});
