// Tester groups and their members, held to one contract on memory and on SQLite: names unique per
// app, members unique per group, and groups go with their app, members with their group and user.
import { describe, expect, it } from "vitest";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

describe.each(STORE_KINDS)("tester group repository: $kind", ({ open }) => {
  const t = storePerTest(open);

  const newApp = (slug: string) => t.store.apps.create({ slug, displayName: slug, bundleIds: {}, ownerId: null, visibility: "private" });
  const newUser = (email: string) => t.store.users.create({ email, name: null, role: "member", passwordHash: null });

  it("creates, lists by name, renames, sets channels and deletes groups", async () => {
    const app = await newApp("groups");
    const other = await newApp("other");
    const qa = await t.store.testerGroups.create({ appId: app.id, name: "QA", channels: ["beta", "internal"] });
    const clients = await t.store.testerGroups.create({ appId: app.id, name: "Clients", channels: ["stable"] });
    await t.store.testerGroups.create({ appId: other.id, name: "QA", channels: [] });
    expect(qa).toMatchObject({ appId: app.id, name: "QA", channels: ["beta", "internal"] });
    expect(await t.store.testerGroups.getById(qa.id)).toEqual(qa);
    expect((await t.store.testerGroups.listByApp(app.id)).map((g) => g.name)).toEqual(["Clients", "QA"]);
    await expect(t.store.testerGroups.create({ appId: app.id, name: "QA", channels: [] })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.store.testerGroups.update(clients.id, { name: "QA" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.store.testerGroups.update(clients.id, { name: "Customers", channels: ["beta", "stable"] })).toMatchObject({ name: "Customers", channels: ["beta", "stable"] });
    await t.store.testerGroups.delete(qa.id);
    expect(await t.store.testerGroups.getById(qa.id)).toBeNull();
    await expect(t.store.testerGroups.delete(qa.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(t.store.testerGroups.update(qa.id, { name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("members: unique address per group, listed oldest first, share link set, removed", async () => {
    const app = await newApp("members");
    const qa = await t.store.testerGroups.create({ appId: app.id, name: "QA", channels: ["beta"] });
    const clients = await t.store.testerGroups.create({ appId: app.id, name: "Clients", channels: ["stable"] });
    const user = await newUser("tess@example.com");
    const tess = await t.store.testerGroups.addMember({ groupId: qa.id, userId: user.id, email: user.email, shareLinkId: null });
    const outside = await t.store.testerGroups.addMember({ groupId: qa.id, userId: null, email: "vendor@example.org", shareLinkId: null });
    await t.store.testerGroups.addMember({ groupId: clients.id, userId: user.id, email: user.email, shareLinkId: null });
    await expect(t.store.testerGroups.addMember({ groupId: qa.id, userId: null, email: "vendor@example.org", shareLinkId: null })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(t.store.testerGroups.addMember({ groupId: "missing", userId: null, email: "x@example.org", shareLinkId: null })).rejects.toMatchObject({ code: "INTEGRITY" });
    expect((await t.store.testerGroups.listMembers([qa.id])).map((m) => m.email)).toEqual(["tess@example.com", "vendor@example.org"]);
    expect(await t.store.testerGroups.listMembers([])).toEqual([]);
    expect(await t.store.testerGroups.setMemberShareLink(outside.id, "link-1")).toMatchObject({ id: outside.id, shareLinkId: "link-1" });
    expect(await t.store.testerGroups.getMember(outside.id)).toMatchObject({ shareLinkId: "link-1", userId: null });
    expect(await t.store.testerGroups.groupOfShareLink(app.id, "link-1")).toEqual(qa);
    expect(await t.store.testerGroups.groupOfShareLink(app.id, "link-2")).toBeNull();
    expect(await t.store.testerGroups.groupOfShareLink("another-app", "link-1")).toBeNull();
    expect((await t.store.testerGroups.groupsOfUser(user.id)).map((g) => g.name)).toEqual(["Clients", "QA"]);
    expect((await t.store.testerGroups.groupsOfUser(user.id, app.id)).map((g) => g.name)).toEqual(["Clients", "QA"]);
    expect(await t.store.testerGroups.groupsOfUser(user.id, "another-app")).toEqual([]);
    await t.store.testerGroups.removeMember(tess.id);
    expect((await t.store.testerGroups.groupsOfUser(user.id)).map((g) => g.name)).toEqual(["Clients"]);
    await expect(t.store.testerGroups.removeMember(tess.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a deleted user leaves every group; a deleted group or app takes its members along", async () => {
    const app = await newApp("cascade");
    const qa = await t.store.testerGroups.create({ appId: app.id, name: "QA", channels: ["beta"] });
    const user = await newUser("gone@example.com");
    const member = await t.store.testerGroups.addMember({ groupId: qa.id, userId: user.id, email: user.email, shareLinkId: null });
    const outside = await t.store.testerGroups.addMember({ groupId: qa.id, userId: null, email: "vendor@example.org", shareLinkId: null });
    await t.store.users.delete(user.id);
    expect(await t.store.testerGroups.getMember(member.id)).toBeNull();
    expect(await t.store.testerGroups.getMember(outside.id)).not.toBeNull();
    await t.store.testerGroups.delete(qa.id);
    expect(await t.store.testerGroups.getMember(outside.id)).toBeNull();

    const again = await t.store.testerGroups.create({ appId: app.id, name: "Again", channels: [] });
    const kept = await t.store.testerGroups.addMember({ groupId: again.id, userId: null, email: "a@example.org", shareLinkId: null });
    await t.store.apps.delete(app.id);
    expect(await t.store.testerGroups.getById(again.id)).toBeNull();
    expect(await t.store.testerGroups.getMember(kept.id)).toBeNull();
  });

  it("a rolled-back transaction leaves no group behind", async () => {
    const app = await newApp("rollback");
    await expect(
      t.store.transaction(async (tx) => {
        await tx.testerGroups.create({ appId: app.id, name: "QA", channels: [] });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await t.store.testerGroups.listByApp(app.id)).toEqual([]);
  });
});
