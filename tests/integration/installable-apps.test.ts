// The home page's list of what a signed-in user may install, on SQLite: every channel of the apps
// they hold a role on, the channels their groups give of the others, nothing of other apps.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { installableApps } from "@/server/services/installable-apps";
import { addTesterGroupMember, createTesterGroup, removeTesterGroupMember } from "@/server/services/tester-groups";
import { sqliteStore, type TestStore } from "../helpers/stores";

let t: TestStore;
beforeEach(async () => {
  t = await sqliteStore();
});
afterEach(() => t.close());

describe("installable apps", () => {
  it("lists role apps whole, group apps by their channels, and nothing else", async () => {
    const { store } = t;
    const deps = { publicUrl: "https://ship.example.com", mail: { smtpUrl: null }, linkSecret: () => "unused" };
    const tess = await store.users.create({ email: "tess@example.com", name: null, role: "member", passwordHash: null });
    const admin = await store.users.create({ email: "ada@example.com", name: null, role: "admin", passwordHash: null });
    const beta = await createApp(store, SYSTEM_ACTOR, { slug: "beta-app", displayName: "Beta App", visibility: "private" });
    const owned = await createApp(store, SYSTEM_ACTOR, { slug: "owned", displayName: "Owned", visibility: "private" });
    await createApp(store, SYSTEM_ACTOR, { slug: "unrelated", displayName: "Unrelated", visibility: "private" });
    await store.members.set(owned.id, tess.id, "viewer");
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, beta.id, { name: "QA", channels: ["internal", "beta"] });
    const { member } = await addTesterGroupMember(store, deps, SYSTEM_ACTOR, beta.id, qa.id, tess.email);
    await createTesterGroup(store, SYSTEM_ACTOR, beta.id, { name: "Empty", channels: [] });

    expect(await installableApps(store, tess)).toEqual([
      { app: expect.objectContaining({ slug: "beta-app" }), channels: ["beta", "internal"], member: false },
      { app: expect.objectContaining({ slug: "owned" }), channels: ["stable", "beta", "internal"], member: true },
    ]);
    expect((await installableApps(store, admin)).map((a) => a.app.slug)).toEqual(["beta-app", "owned", "unrelated"]);
    await removeTesterGroupMember(store, SYSTEM_ACTOR, beta.id, qa.id, member.id);
    await store.members.remove(owned.id, tess.id);
    expect(await installableApps(store, tess)).toEqual([]);
  });
});
