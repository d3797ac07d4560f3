// Release notices through a real SMTP server, on SQLite: a promotion onto a channel mails the
// members of the groups given that channel (not the others, not who opted out or is disabled),
// outside addresses with their personal link, the notes as plain text; a rolled-back transaction
// and a publish without promotion send nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createTesterLinkSecrets } from "@/server/crypto/tester-link";
import { createApp } from "@/server/services/apps";
import { promoteChannel } from "@/server/services/channels";
import { smtpOutbox } from "@/server/services/mail";
import { withOutboxes } from "@/server/services/outbox-store";
import { drainOutboxes } from "@/server/services/outbox-worker";
import { publishRelease } from "@/server/services/releases";
import { resolveShareLink } from "@/server/services/share-links";
import { addTesterGroupMember, createTesterGroup, type TesterDeps } from "@/server/services/tester-groups";
import type { Store } from "@/server/store/types";
import { type MailCatcher, startMailCatcher } from "../helpers/smtp";
import { sqliteStore, type TestStore } from "../helpers/stores";

const BASE = "https://ship.example.com";
const NOTES = "## Fixes\n- <script>alert(1)</script> no longer runs\n- **bold** & [a link](https://evil.example/x)\r\n\u0007done";

let t: TestStore;
let store: Store;
let smtp: MailCatcher;
let appId = "";
const file = (n: number) => ({ platform: "android_apk" as const, filename: `a-${n}.apk`, sizeBytes: 10, sha256: String(n).padStart(64, "0"), validationStatus: "valid" as const });

async function drain(): Promise<void> {
  await drainOutboxes([smtpOutbox(store, { smtpUrl: smtp.url, mailFrom: "Shipyard <ship@example.com>" })], { clock: () => new Date(), random: () => 0 });
}

beforeEach(async () => {
  smtp = await startMailCatcher();
  t = await sqliteStore();
  const deps: TesterDeps = { publicUrl: BASE, mail: { smtpUrl: smtp.url }, linkSecret: createTesterLinkSecrets("notice-test-secret") };
  store = withOutboxes(t.store, { publicUrl: BASE, onQueued: () => {}, notices: deps });
  appId = (await createApp(store, SYSTEM_ACTOR, { slug: "acme", displayName: "Acme", visibility: "private" })).id;
  const user = (email: string, patch: { notifyReleases?: boolean; disabledAt?: Date } = {}) =>
    store.users.create({ email, name: null, role: "member", passwordHash: null }).then((u) => store.users.update(u.id, patch));
  await user("tess@example.com");
  await user("olga@example.com", { notifyReleases: false });
  await user("dora@example.com", { disabledAt: new Date() });
  await user("carl@example.com");
  const qa = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "QA", channels: ["beta", "internal"] });
  const clients = await createTesterGroup(store, SYSTEM_ACTOR, appId, { name: "Clients", channels: ["stable"] });
  for (const email of ["tess@example.com", "olga@example.com", "dora@example.com", "vendor@example.org"]) await addTesterGroupMember(store, deps, SYSTEM_ACTOR, appId, qa.id, email);
  await addTesterGroupMember(store, deps, SYSTEM_ACTOR, appId, clients.id, "carl@example.com");
  // The outside address's invitation, with its personal link.
  await drain();
  expect(smtp.received.map((m) => m.to)).toEqual([["vendor@example.org"]]);
  smtp.received.length = 0;
});

afterEach(async () => {
  await smtp.close();
  await t.close();
});

describe("release notices", () => {
  it("a publish to beta mails the QA group's members who want it, the notes as plain text, and not the Clients group", async () => {
    await publishRelease(store, SYSTEM_ACTOR, appId, { version: "1.2.0", build: "12", channel: "beta", notes: NOTES, artifacts: [file(1)], promote: true });
    await drain();
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["tess@example.com", "vendor@example.org"]);
    const tess = smtp.received.find((m) => m.to[0] === "tess@example.com");
    expect(tess?.subject).toBe("Acme 1.2.0 (12) is out on beta");
    expect(tess?.raw).toMatch(/^Content-Type: text\/plain/m);
    expect(tess?.raw).not.toMatch(/text\/html/i);
    expect(tess?.text).toContain(`Install it:\n${BASE}/acme/beta`);
    expect(tess?.text).toContain("## Fixes\n- <script>alert(1)</script> no longer runs\n- **bold** & [a link](https://evil.example/x)\ndone");
    expect(tess?.text).toContain(`Turn these emails off: ${BASE}/`);
    expect(tess?.text).not.toContain("/s/");

    const vendor = smtp.received.find((m) => m.to[0] === "vendor@example.org");
    const personal = /https:\/\/ship\.example\.com\/s\/(\S+)/.exec(vendor?.text ?? "")?.[1] ?? "";
    expect(await resolveShareLink(store, decodeURIComponent(personal))).toMatchObject({ ok: true, link: { appId } });
    expect(vendor?.text).toContain(`${BASE}/acme/beta`);
  });

  it("a promotion to stable mails the Clients group only", async () => {
    const { release } = await publishRelease(store, SYSTEM_ACTOR, appId, { version: "1.2.0", build: "12", channel: "beta", artifacts: [file(1)], promote: false });
    await drain();
    expect(smtp.received).toEqual([]);
    await promoteChannel(store, SYSTEM_ACTOR, appId, { channel: "stable", releaseId: release.id });
    await drain();
    expect(smtp.received.map((m) => m.to)).toEqual([["carl@example.com"]]);
  });

  it("a rolled-back transaction queues and sends nothing", async () => {
    const { release } = await publishRelease(store, SYSTEM_ACTOR, appId, { version: "1.2.0", build: "12", channel: "beta", artifacts: [file(1)], promote: false });
    await expect(
      store.transaction(async (tx) => {
        await promoteChannel(tx, SYSTEM_ACTOR, appId, { channel: "beta", releaseId: release.id });
        expect((await tx.mail.list({ limit: 10 })).items.filter((m) => m.kind === "release_notice")).toHaveLength(2);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await drain();
    expect(smtp.received).toEqual([]);
    expect((await store.mail.list({ limit: 10 })).items.filter((m) => m.kind === "release_notice")).toEqual([]);
  });
});
