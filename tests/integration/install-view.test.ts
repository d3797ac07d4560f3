// The install page's view model on real SQLite: the APK signer warning, per device and release.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MEMBER_SCOPE } from "@/domain/install-scope";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { loadInstallView } from "@/server/http/install-view";
import { createApp, updateApp } from "@/server/services/apps";
import { publishRelease } from "@/server/services/releases";
import { createShareLink } from "@/server/services/share-links";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { createGrantCodec } from "@/server/crypto/grants";

/** Links as a page mints them, with a grant codec of the test's own. */
const TEST_LINKS = { publicUrl: "https://apps.example.com", grants: createGrantCodec("install-view-test-secret-0123456789") };

const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const SIGNER_A = `${"AA:".repeat(31)}AA`;
const SIGNER_B = `${"BB:".repeat(31)}BB`;

let db: TestStore;
let appId = "";

beforeEach(async () => {
  db = await sqliteStore();
  appId = (await createApp(db.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
});
afterEach(async () => db.close());

async function publishApk(version: string, build: string, signer: string) {
  const { release } = await publishRelease(db.store, SYSTEM_ACTOR, appId, {
    version,
    build,
    channel: "stable",
    artifacts: [
      {
        platform: "android_apk",
        filename: `hello-${build}.apk`,
        sizeBytes: 1000,
        sha256: build.padStart(64, "0"),
        validationStatus: "valid",
        metadata: { packageName: "com.example.hello", signer: { sha256: signer } },
      },
    ],
  });
  return release;
}

function view(releaseId: string | null = null) {
  return loadInstallView(
    db.store,
    {
      slug: "hello",
      channel: releaseId ? null : "stable",
      releaseId,
      headers: new Headers({ "user-agent": ANDROID }),
      cookies: { get: () => undefined },
      search: {},
      installer: async () => null,
    },
    TEST_LINKS,
  );
}

describe("APK signer warning", () => {
  it("warns when the signer differs from the previous release's, and not when it is the same", async () => {
    await publishApk("1.0.0", "1", SIGNER_A);
    const same = await publishApk("1.1.0", "2", SIGNER_A);
    const sameView = await view(same.id);
    expect(sameView.kind).toBe("ok");
    if (sameView.kind !== "ok") return;
    expect(sameView.view.primary[0]?.signerChanged).toBeNull();

    const changed = await publishApk("1.2.0", "3", SIGNER_B);
    const result = await view(changed.id);
    if (result.kind !== "ok") throw new Error("no view");
    expect(result.view.primary[0]?.signerChanged).toEqual({ previous: SIGNER_A, current: SIGNER_B });

    // The first release has nothing to compare with.
    const first = await db.store.releases.listByApp(appId, { limit: 10 });
    const oldest = first.items.find((r) => r.build === "1");
    const firstView = await view(oldest?.id ?? "");
    if (firstView.kind !== "ok") throw new Error("no view");
    expect(firstView.view.primary[0]?.signerChanged).toBeNull();
  });
});

describe("a share-link visitor", () => {
  it("gets the share link's own URL, to open in a browser that has no share cookie", async () => {
    const { raw } = await createShareLink(db.store, SYSTEM_ACTOR, appId, { name: "QA", expiresInDays: 7, maxInstalls: null });
    const load = (cookie: string | undefined) =>
      loadInstallView(
        db.store,
        {
          slug: "hello",
          channel: null,
          releaseId: null,
          headers: new Headers({ "user-agent": ANDROID }),
          cookies: { get: (name) => (cookie !== undefined && name === "sy_share_hello" ? { value: cookie } : undefined) },
          search: {},
          installer: async () => null,
        },
        TEST_LINKS,
      );
    const shared = await load(raw);
    if (shared.kind !== "ok") throw new Error("no view");
    expect(shared.view.shareUrl).toMatch(new RegExp(`^https?://[^/]+/s/${raw}$`));
    for (const cookie of [undefined, "shs_not-a-real-link"]) {
      const plain = await load(cookie);
      if (plain.kind !== "ok") throw new Error("no view");
      expect(plain.view.shareUrl).toBeNull();
    }
  });
});

describe("a private app", () => {
  it("is shown to a signed-in user and a share-link visitor, and the session is decoded only when it decides", async () => {
    await publishApk("1.0.0", "1", SIGNER_A);
    await updateApp(db.store, SYSTEM_ACTOR, appId, { visibility: "private" });
    const { raw } = await createShareLink(db.store, SYSTEM_ACTOR, appId, { name: "QA", expiresInDays: 7, maxInstalls: null });
    let sessionReads = 0;
    const load = (user: string | null, cookie?: string) =>
      loadInstallView(
        db.store,
        {
          slug: "hello",
          channel: "stable",
          releaseId: null,
          headers: new Headers({ "user-agent": ANDROID }),
          cookies: { get: (name) => (cookie !== undefined && name === "sy_share_hello" ? { value: cookie } : undefined) },
          search: {},
          installer: async () => {
            sessionReads++;
            return user ? MEMBER_SCOPE : null;
          },
        },
        TEST_LINKS,
      );
    expect((await load(null)).kind).toBe("not_found");
    expect((await load("someone")).kind).toBe("ok");
    expect(sessionReads).toBe(2);
    expect((await load(null, raw)).kind).toBe("ok");
    expect(sessionReads).toBe(2);
    await updateApp(db.store, SYSTEM_ACTOR, appId, { visibility: "public" });
    expect((await load(null)).kind).toBe("ok");
    expect(sessionReads).toBe(2);
  });
});
