// A private app's install page as a tester in a group sees it, on real SQLite with the real
// decision (installScopeOf): their channels only, the app page on the first of them, no version
// history of the whole app, and a page kept for their channels' audience alone. An outside tester's
// personal share link opens what their group gives, no more (shareLinkScopeOf); an ordinary link
// the whole app.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createGrantCodec } from "@/server/crypto/grants";
import { loadInstallView } from "@/server/http/install-view";
import { createApp } from "@/server/services/apps";
import { createTesterLinkSecrets } from "@/server/crypto/tester-link";
import { shareCookieName } from "@/server/http/share-cookie";
import { installScopeOf } from "@/server/services/page-audience";
import { createShareLink } from "@/server/services/share-links";
import { publishRelease } from "@/server/services/releases";
import { addTesterGroupMember, createTesterGroup, removeTesterGroupMember, setTesterGroupChannels } from "@/server/services/tester-groups";
import { createUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";

const LINKS = { publicUrl: "https://apps.example.com", grants: createGrantCodec("tester-install-view-secret-0123456789") };
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let db: TestStore;
let tessId = "";
let adminId = "";
let appId = "";
const qaGroup = { id: "", vendorMemberId: "" };
const linkSecret = createTesterLinkSecrets("tester-install-view-server-secret");
const releases: Record<string, string> = {};

beforeEach(async () => {
  db = await sqliteStore();
  const { store } = db;
  const app = await createApp(store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret", visibility: "private" });
  tessId = (await createUser(store, SYSTEM_ACTOR, { email: "tess@example.com", password: "correct horse battery", role: "member" })).id;
  adminId = (await createUser(store, SYSTEM_ACTOR, { email: "ada@example.com", password: "correct horse battery", role: "admin" })).id;
  appId = app.id;
  const qa = await createTesterGroup(store, SYSTEM_ACTOR, app.id, { name: "QA", channels: ["beta", "internal"] });
  const testers = { publicUrl: LINKS.publicUrl, mail: { smtpUrl: null }, linkSecret };
  await addTesterGroupMember(store, testers, SYSTEM_ACTOR, app.id, qa.id, "tess@example.com");
  qaGroup.id = qa.id;
  qaGroup.vendorMemberId = (await addTesterGroupMember(store, testers, SYSTEM_ACTOR, app.id, qa.id, "vendor@example.org")).member.id;
  let build = 0;
  for (const channel of ["stable", "beta", "stable"]) {
    build++;
    const file = { platform: "android_apk" as const, filename: `s-${build}.apk`, sizeBytes: 10, sha256: String(build).padStart(64, "0"), validationStatus: "valid" as const };
    const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, { version: `1.0.${build}`, build: String(build), channel, artifacts: [file], promote: true });
    releases[`${channel}-${build}`] = release.id;
  }
});
afterEach(async () => db.close());

function view(userId: string, target: { channel: string | null; releaseId: string | null }) {
  const { store } = db;
  return loadInstallView(
    store,
    {
      slug: "secret",
      ...target,
      headers: new Headers({ "user-agent": ANDROID }),
      cookies: { get: () => undefined },
      search: {},
      installer: (app, page) => installScopeOf({ store, sessionClaim: async () => ({ userId, version: 0, sessionId: null }) }, app, page),
    },
    LINKS,
  );
}

/** The page as a visitor without a session but with `secret` in the app's share cookie sees it. */
function viewWithLink(secret: string, target: { channel: string | null; releaseId: string | null }) {
  return loadInstallView(
    db.store,
    {
      slug: "secret",
      ...target,
      headers: new Headers({ "user-agent": ANDROID }),
      cookies: { get: (name) => (name === shareCookieName("secret") ? { value: secret } : undefined) },
      search: {},
      installer: async () => null,
    },
    LINKS,
  );
}

describe("a tester's install page", () => {
  it("shows the app page on their channel, lists only their channels and leaves the app's history out", async () => {
    const result = await view(tessId, { channel: null, releaseId: null });
    if (result.kind !== "ok") throw new Error("expected the page");
    expect(result.view.selectedChannel).toBe("beta");
    expect(result.view.release?.version).toBe("1.0.2");
    expect(result.view.channels.map((c) => c.name)).toEqual(["beta", "internal"]);
    expect(result.view.history).toEqual([]);
    expect(result.view.pageUrl).toBe("https://apps.example.com/secret");
    expect(result.view.audience).toBe("channels:beta,internal");
    // A private app: the file is handed out through a signed grant.
    expect(result.view.primary[0]?.links?.downloadUrl).toMatch(/^https:\/\/apps\.example\.com\/g\//);
  });

  it("opens their channel and the releases that reached it, and nothing else", async () => {
    expect((await view(tessId, { channel: "beta", releaseId: null })).kind).toBe("ok");
    expect((await view(tessId, { channel: null, releaseId: releases["beta-2"] ?? "" })).kind).toBe("ok");
    expect((await view(tessId, { channel: "stable", releaseId: null })).kind).toBe("not_found");
    expect((await view(tessId, { channel: null, releaseId: releases["stable-3"] ?? "" })).kind).toBe("not_found");
    expect((await view(tessId, { channel: null, releaseId: releases["stable-1"] ?? "" })).kind).toBe("not_found");
  });

  it("leaves an admin's page whole, under the members' audience", async () => {
    const result = await view(adminId, { channel: null, releaseId: null });
    if (result.kind !== "ok") throw new Error("expected the page");
    expect(result.view.selectedChannel).toBe("stable");
    expect(result.view.channels.map((c) => c.name)).toEqual(["stable", "beta", "internal"]);
    expect(result.view.history.length).toBe(3);
    expect(result.view.audience).toBe("member");
  });
});

describe("an outside tester's personal link", () => {
  const personal = () => linkSecret(qaGroup.vendorMemberId);

  it("shows what their group gives, as a signed-in tester of the group sees it, under the link's audience", async () => {
    const result = await viewWithLink(personal(), { channel: null, releaseId: null });
    if (result.kind !== "ok") throw new Error("expected the page");
    expect(result.view.selectedChannel).toBe("beta");
    expect(result.view.release?.version).toBe("1.0.2");
    expect(result.view.channels.map((c) => c.name)).toEqual(["beta", "internal"]);
    expect(result.view.history).toEqual([]);
    expect(result.view.audience).toMatch(/^share:[^:]+:open$/);
    // The grants the page mints carry the link (counted against it, closed with it).
    expect(result.view.primary[0]?.links?.downloadUrl).toMatch(/^https:\/\/apps\.example\.com\/g\//);
  });

  it("opens their channels and the releases that reached them, and no other channel or release", async () => {
    expect((await viewWithLink(personal(), { channel: "beta", releaseId: null })).kind).toBe("ok");
    expect((await viewWithLink(personal(), { channel: null, releaseId: releases["beta-2"] ?? "" })).kind).toBe("ok");
    expect((await viewWithLink(personal(), { channel: "stable", releaseId: null })).kind).toBe("not_found");
    expect((await viewWithLink(personal(), { channel: null, releaseId: releases["stable-3"] ?? "" })).kind).toBe("not_found");
    expect((await viewWithLink(personal(), { channel: null, releaseId: releases["stable-1"] ?? "" })).kind).toBe("not_found");
  });

  it("follows the group: given stable it opens stable, and once removed from the group it opens nothing", async () => {
    await setTesterGroupChannels(db.store, SYSTEM_ACTOR, appId, qaGroup.id, ["stable"]);
    const stable = await viewWithLink(personal(), { channel: null, releaseId: null });
    if (stable.kind !== "ok") throw new Error("expected the page");
    expect([stable.view.selectedChannel, stable.view.channels.map((c) => c.name)]).toEqual(["stable", ["stable"]]);
    expect((await viewWithLink(personal(), { channel: "beta", releaseId: null })).kind).toBe("not_found");

    await removeTesterGroupMember(db.store, SYSTEM_ACTOR, appId, qaGroup.id, qaGroup.vendorMemberId);
    expect((await viewWithLink(personal(), { channel: "stable", releaseId: null })).kind).toBe("not_found");
    expect((await viewWithLink(personal(), { channel: null, releaseId: null })).kind).toBe("not_found");
  });

  it("leaves a link an admin made opening the whole app", async () => {
    const { raw } = await createShareLink(db.store, SYSTEM_ACTOR, appId, { name: "Agency", expiresInDays: 7 });
    const result = await viewWithLink(raw, { channel: null, releaseId: null });
    if (result.kind !== "ok") throw new Error("expected the page");
    expect(result.view.channels.map((c) => c.name)).toEqual(["stable", "beta", "internal"]);
    expect(result.view.history.length).toBe(3);
    expect((await viewWithLink(raw, { channel: "stable", releaseId: null })).kind).toBe("ok");
  });
});
