// Who a kept install page may be handed to: the audience a page names when rendered, and the
// server's per-request decision that a visitor belongs to one.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { audienceOfPage, shareAudience, shareAudienceOf, signedInUserId } from "@/server/services/page-audience";
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

  it("is a member only with a session whose user exists", async () => {
    const store = createMemoryStore();
    const user = await createUser(store, SYSTEM_ACTOR, { email: "ada@example.com", password: "correct horse battery", role: "admin" });
    expect(await signedInUserId({ store, sessionUserId: async () => user.id })).toBe(user.id);
    expect(await signedInUserId({ store, sessionUserId: async () => "00000000-0000-7000-8000-000000000000" })).toBeNull();
    expect(await signedInUserId({ store, sessionUserId: async () => null })).toBeNull();
  });
});
