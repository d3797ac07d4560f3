// Tester group services on SQLite: channels checked against the app, addresses with an account
// linked to the user, outside addresses given a personal share link (mailed when mail is on, shown
// when not) that closes when they leave, and every change audited.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createTesterLinkSecrets } from "@/server/crypto/tester-link";
import { createApp } from "@/server/services/apps";
import { resolveShareLink } from "@/server/services/share-links";
import {
  addTesterGroupMember,
  createTesterGroup,
  deleteTesterGroup,
  listTesterGroups,
  removeTesterGroupMember,
  renameTesterGroup,
  setTesterGroupChannels,
  type TesterDeps,
} from "@/server/services/tester-groups";
import type { Store } from "@/server/store/types";
import { sqliteStore, type TestStore } from "../helpers/stores";

const BASE = "https://ship.example.com";
const mailOn: TesterDeps = { publicUrl: BASE, mail: { smtpUrl: "smtp://127.0.0.1:1" }, linkSecret: createTesterLinkSecrets("secret-one") };
const mailOff: TesterDeps = { ...mailOn, mail: { smtpUrl: null } };

const secretOf = (url: string) => decodeURIComponent(url.slice(`${BASE}/s/`.length));

describe("tester groups", () => {
  let t: TestStore;
  let store: Store;
  let appId: string;
  beforeEach(async () => {
    t = await sqliteStore();
    store = t.store;
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "groups", displayName: "Groups", visibility: "private" })).id;
  });
  afterEach(() => t.close());

  it("gives a group only channels the app has", async () => {
    await expect(createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: ["beta", "nightly"] })).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("nightly") });
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: ["internal", "beta"] });
    expect(qa.channels).toEqual(["beta", "internal"]);
    await expect(setTesterGroupChannels(store, SYSTEM_ACTOR, appId, qa.id, ["../stable"])).rejects.toMatchObject({ code: "INVALID" });
    expect((await setTesterGroupChannels(store, SYSTEM_ACTOR, appId, qa.id, ["stable"])).channels).toEqual(["stable"]);
    expect((await renameTesterGroup(store, SYSTEM_ACTOR, appId, qa.id, " Quality ")).name).toBe("Quality");
    await expect(renameTesterGroup(store, SYSTEM_ACTOR, appId, qa.id, "Q\u202EA")).rejects.toMatchObject({ code: "INVALID" });
    const other = await createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other", visibility: "private" });
    // Another app's id with this group: as unknown as a missing one.
    await expect(renameTesterGroup(store, SYSTEM_ACTOR, other.id, qa.id, "Stolen")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await store.audit.list({}, { limit: 50 })).items.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("tester_group."))).toEqual(["tester_group.update", "tester_group.update", "tester_group.create"]);
  });

  it("links an address with an account to the user, without a share link", async () => {
    const user = await store.users.create({ email: "tess@example.com", name: "Tess", role: "member", passwordHash: null });
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: ["beta"] });
    const added = await addTesterGroupMember(store, mailOn, SYSTEM_ACTOR, appId, qa.id, " Tess@Example.com ");
    expect(added).toMatchObject({ member: { userId: user.id, email: "tess@example.com", shareLinkId: null }, shareUrl: null, mailed: false });
    await expect(addTesterGroupMember(store, mailOn, SYSTEM_ACTOR, appId, qa.id, "tess@example.com")).rejects.toMatchObject({ code: "CONFLICT" });
    const [view] = await listTesterGroups(store, appId);
    expect(view?.members).toMatchObject([{ email: "tess@example.com", name: "Tess" }]);
    expect((await store.mail.list({ limit: 10 })).items).toEqual([]);
  });

  it("mails an outside address its personal share link, which closes when it leaves the group", async () => {
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: ["beta"] });
    const added = await addTesterGroupMember(store, mailOn, SYSTEM_ACTOR, appId, qa.id, "vendor@example.org");
    expect(added).toMatchObject({ member: { userId: null, email: "vendor@example.org" }, shareUrl: null, mailed: true });
    const [mail] = (await store.mail.list({ limit: 10 })).items;
    expect(mail).toMatchObject({ kind: "invitation", toAddress: "vendor@example.org", subject: "Test builds of Groups" });
    const url = mail?.text.match(/https:\/\/ship\.example\.com\/s\/\S+/)?.[0] ?? "";
    const opened = await resolveShareLink(store, secretOf(url));
    expect(opened).toMatchObject({ ok: true, link: { id: added.member.shareLinkId, appId } });

    await removeTesterGroupMember(store, SYSTEM_ACTOR, appId, qa.id, added.member.id);
    expect(await resolveShareLink(store, secretOf(url))).toEqual({ ok: false, reason: "revoked" });
    expect(await store.testerGroups.getMember(added.member.id)).toBeNull();
  });

  it("shows the personal link to the maintainer when mail is off, and deleting the group closes it", async () => {
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "Clients", channels: ["stable"] });
    const added = await addTesterGroupMember(store, mailOff, SYSTEM_ACTOR, appId, qa.id, "client@example.org");
    expect(added.mailed).toBe(false);
    expect(added.shareUrl).toMatch(/^https:\/\/ship\.example\.com\/s\/shs_/);
    expect((await store.mail.list({ limit: 10 })).items).toEqual([]);
    // The same secret every time it is derived: release notices repeat it.
    expect(`${BASE}/s/${encodeURIComponent(mailOff.linkSecret(added.member.id))}`).toBe(added.shareUrl);
    await deleteTesterGroup(store, SYSTEM_ACTOR, appId, qa.id);
    expect(await resolveShareLink(store, secretOf(added.shareUrl ?? ""))).toEqual({ ok: false, reason: "revoked" });
    expect(await listTesterGroups(store, appId)).toEqual([]);
  });

  it("refuses what is not an address", async () => {
    const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: [] });
    for (const bad of ["nobody", "a@b\r\nBcc: x@y.z", ""]) await expect(addTesterGroupMember(store, mailOn, SYSTEM_ACTOR, appId, qa.id, bad)).rejects.toMatchObject({ code: "INVALID" });
  });
});
