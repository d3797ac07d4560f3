// Who a kept install page may be handed to: the audience a page names when rendered, and the
// server's per-request decision that a visitor belongs to one.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { MEMBER_SCOPE } from "@/domain/install-scope";
import { SESSION_MAX_AGE_SECONDS } from "@/domain/session";
import { promoteChannel } from "@/server/services/channels";
import { audienceOfPage, installScopeOf, shareAudience, shareAudienceOf, signedInUser } from "@/server/services/page-audience";
import { publishRelease } from "@/server/services/releases";
import { endSession } from "@/server/services/session-ends";
import { addTesterGroupMember, createTesterGroup, removeTesterGroupMember, setTesterGroupChannels } from "@/server/services/tester-groups";
import { createShareLink, revokeShareLink } from "@/server/services/share-links";
import { createUser } from "@/server/services/users";
import { createMemoryStore } from "@/server/store/memory";

describe("the audience a page is rendered for", () => {
  it("is the share link when the visitor came through one, whatever the app's visibility", () => {
    for (const visibility of ["public", "unlisted", "private"] as const) {
      expect(audienceOfPage({ visibility }, { link: { id: "L1" }, exhausted: false })).toBe("share:L1:open");
      expect(audienceOfPage({ visibility }, { link: { id: "L1" }, exhausted: true })).toBe("share:L1:exhausted");
    }
  });

  it("is every signed-in user for a private app, and anyone otherwise", () => {
    expect(audienceOfPage({ visibility: "private" }, { link: null, exhausted: false })).toBe("member");
    expect(audienceOfPage({ visibility: "private" }, { link: null, exhausted: false }, { kind: "channels", channels: ["beta", "internal"] })).toBe("channels:beta,internal");
    expect(audienceOfPage({ visibility: "public" }, { link: null, exhausted: false })).toBe("anyone");
    expect(audienceOfPage({ visibility: "unlisted" }, { link: null, exhausted: false })).toBe("anyone");
  });
});

describe("a visitor's audience, decided per request", () => {
  it("follows the share link: open, out of installs, revoked, unknown or malformed", async () => {
    const store = createMemoryStore();
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "tester-app", displayName: "App", visibility: "private" });
    const open = await createShareLink(store, SYSTEM_ACTOR, app.id, { name: "open", expiresInDays: 1, maxInstalls: null });
    expect(await shareAudienceOf(store, open.raw)).toBe(shareAudience(open.link.id, false));
    const capped = await createShareLink(store, SYSTEM_ACTOR, app.id, { name: "capped", expiresInDays: 1, maxInstalls: 1 });
    expect(await store.shareLinks.claimInstall(capped.link.id, new Date())).toBe(true);
    expect(await shareAudienceOf(store, capped.raw)).toBe(shareAudience(capped.link.id, true));
    await revokeShareLink(store, SYSTEM_ACTOR, app.id, open.link.id);
    expect(await shareAudienceOf(store, open.raw)).toBeNull();
    for (const hostile of ["", "shl_", `shl_${"A".repeat(43)}`, "../../etc/passwd", `${open.raw}x`, "x".repeat(10_000)]) {
      expect(await shareAudienceOf(store, hostile)).toBeNull();
    }
  });

  it("is a member only with a session whose user exists, is enabled, still honours the session's version and was not signed out", async () => {
    const store = createMemoryStore();
    const user = await createUser(store, SYSTEM_ACTOR, { email: "ada@example.com", password: "correct horse battery", role: "admin" });
    const claim =
      (userId: string, version = 0, sessionId: string | null = null) =>
      async () => ({ userId, version, sessionId });
    expect((await signedInUser({ store, sessionClaim: claim(user.id) }))?.id).toBe(user.id);
    expect(await signedInUser({ store, sessionClaim: claim("00000000-0000-7000-8000-000000000000") })).toBeNull();
    expect(await signedInUser({ store, sessionClaim: async () => null })).toBeNull();
    expect(await signedInUser({ store, sessionClaim: claim(user.id, 1) })).toBeNull();
    await store.users.update(user.id, { sessionVersion: 1 });
    expect(await signedInUser({ store, sessionClaim: claim(user.id, 0) })).toBeNull();
    expect((await signedInUser({ store, sessionClaim: claim(user.id, 1) }))?.id).toBe(user.id);
    // Signing out ends that one session, wherever its cookie was copied, and no other.
    expect((await signedInUser({ store, sessionClaim: claim(user.id, 1, "session-a") }))?.id).toBe(user.id);
    await endSession(store, await claim(user.id, 1, "session-a")(), new Date(), SESSION_MAX_AGE_SECONDS);
    expect(await signedInUser({ store, sessionClaim: claim(user.id, 1, "session-a") })).toBeNull();
    expect((await signedInUser({ store, sessionClaim: claim(user.id, 1, "session-b") }))?.id).toBe(user.id);
    await store.users.update(user.id, { disabledAt: new Date() });
    expect(await signedInUser({ store, sessionClaim: claim(user.id, 1) })).toBeNull();
  });

  it("installs a private app only with a role on it: admins every app, members the apps they hold a role on", async () => {
    const store = createMemoryStore();
    const admin = await createUser(store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
    const member = await createUser(store, SYSTEM_ACTOR, { email: "member@example.com", password: "correct horse battery", role: "member" });
    const mine = await createApp(store, SYSTEM_ACTOR, { slug: "mine", displayName: "Mine", visibility: "private" });
    const other = await createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other", visibility: "private" });
    await store.members.set(mine.id, member.id, "tester");
    const as = (id: string) => ({ store, sessionClaim: async () => ({ userId: id, version: 0, sessionId: null }) });
    const appPage = { channel: null, releaseId: null };
    expect(await installScopeOf(as(admin.id), other, appPage)).toEqual(MEMBER_SCOPE);
    expect(await installScopeOf(as(member.id), mine, appPage)).toEqual(MEMBER_SCOPE);
    expect(await installScopeOf(as(member.id), other, appPage)).toBeNull();
    await store.members.remove(mine.id, member.id);
    expect(await installScopeOf(as(member.id), mine, appPage)).toBeNull();
  });

  it("opens to a tester in a group only the group's channels, the releases that reached them and the app page", async () => {
    const store = createMemoryStore();
    const tess = await createUser(store, SYSTEM_ACTOR, { email: "tess@example.com", password: "correct horse battery", role: "member" });
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "grouped", displayName: "Grouped", visibility: "private" });
    const other = await createApp(store, SYSTEM_ACTOR, { slug: "elsewhere", displayName: "Elsewhere", visibility: "private" });
    const deps = { publicUrl: "https://ship.example.com", mail: { smtpUrl: null }, linkSecret: () => "unused" };
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, app.id, { name: "QA", channels: ["beta", "internal"] });
    const { member } = await addTesterGroupMember(store, deps, SYSTEM_ACTOR, app.id, qa.id, "tess@example.com");
    // A group of another app that gives stable: nothing of this app.
    const theirs = await createTesterGroup(store, SYSTEM_ACTOR, other.id, { name: "Clients", channels: ["stable"] });
    await addTesterGroupMember(store, deps, SYSTEM_ACTOR, other.id, theirs.id, "tess@example.com");
    const file = { platform: "android_apk" as const, filename: "a.apk", sizeBytes: 10, sha256: "b".repeat(64), validationStatus: "valid" as const };
    const onBeta = await publishRelease(store, SYSTEM_ACTOR, app.id, { version: "1.0.0", build: "1", channel: "beta", artifacts: [file], promote: true });
    const onStable = await publishRelease(store, SYSTEM_ACTOR, app.id, { version: "0.9.0", build: "3", channel: "stable", artifacts: [file], promote: true });
    const unpromoted = await publishRelease(store, SYSTEM_ACTOR, app.id, { version: "1.1.0", build: "2", channel: "beta", artifacts: [file], promote: false });
    const theirRelease = await publishRelease(store, SYSTEM_ACTOR, other.id, { version: "1.0.0", build: "1", channel: "stable", artifacts: [file], promote: true });

    const as = { store, sessionClaim: async () => ({ userId: tess.id, version: 0, sessionId: null }) };
    const scope = { kind: "channels", channels: ["beta", "internal"] };
    expect(await installScopeOf(as, app, { channel: "beta", releaseId: null })).toEqual(scope);
    expect(await installScopeOf(as, app, { channel: "internal", releaseId: null })).toEqual(scope);
    expect(await installScopeOf(as, app, { channel: null, releaseId: null })).toEqual(scope);
    expect(await installScopeOf(as, app, { channel: "stable", releaseId: null })).toBeNull();
    expect(await installScopeOf(as, app, { channel: "nightly", releaseId: null })).toBeNull();
    expect(await installScopeOf(as, app, { channel: null, releaseId: onBeta.release.id })).toEqual(scope);
    expect(await installScopeOf(as, app, { channel: null, releaseId: onStable.release.id })).toBeNull();
    expect(await installScopeOf(as, app, { channel: null, releaseId: unpromoted.release.id })).toBeNull();
    expect(await installScopeOf(as, app, { channel: null, releaseId: theirRelease.release.id })).toBeNull();
    expect(await installScopeOf(as, other, { channel: "beta", releaseId: null })).toBeNull();

    // Promoted later: it opens now, and the release it replaced on beta stays open to beta's testers.
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "beta", releaseId: unpromoted.release.id });
    expect(await installScopeOf(as, app, { channel: null, releaseId: unpromoted.release.id })).toEqual(scope);
    expect(await installScopeOf(as, app, { channel: null, releaseId: onBeta.release.id })).toEqual(scope);

    await setTesterGroupChannels(store, SYSTEM_ACTOR, app.id, qa.id, ["internal"]);
    expect(await installScopeOf(as, app, { channel: "beta", releaseId: null })).toBeNull();
    await removeTesterGroupMember(store, SYSTEM_ACTOR, app.id, qa.id, member.id);
    expect(await installScopeOf(as, app, { channel: "internal", releaseId: null })).toBeNull();
    expect(await installScopeOf(as, app, { channel: null, releaseId: null })).toBeNull();
  });
});
