// Every mutation writes exactly one audit event, with the actor who did it, in its transaction.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, actorRef, SYSTEM_ACTOR } from "@/domain/actor";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { createApp, updateApp } from "@/server/services/apps";
import { createChannel, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishFromUploads } from "@/server/services/publish-uploads";
import { publishRelease } from "@/server/services/releases";
import { createToken, revokeToken } from "@/server/services/tokens";
import { createUploadSession, expireUploadSessions, receiveUploadBytes, type UploadDeps, uploadAuditId } from "@/server/services/uploads";
import { createUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";

let admin: Actor = { kind: "user", id: "set in the users test" };
const ci: Actor = { kind: "token", id: "t-ci" };
const policy = { defaultTtlDays: 90, maxTtlDays: 365 };
let t: TestStore;
let dir: string;
let deps: UploadDeps;
let appId = "";
const releases: string[] = [];

async function expectOneEvent<T>(actor: Actor, action: string, mutation: () => Promise<T>): Promise<T> {
  const before = (await t.store.audit.list({}, { limit: 100 })).items.map((e) => e.id);
  const result = await mutation();
  const after = (await t.store.audit.list({}, { limit: 100 })).items.filter((e) => !before.includes(e.id));
  expect(after.map((e) => [e.action, e.actor])).toEqual([[action, actorRef(actor)]]);
  return result;
}

const artifact = (build: string) => ({ platform: "android_apk" as const, filename: `a-${build}.apk`, sizeBytes: 10, sha256: build.padStart(64, "0"), validationStatus: "valid" as const });

beforeAll(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-audit-"));
  deps = { store: t.store, blobs: createLocalBlobStore(dir), maxUploadBytes: 1 << 20, sessionTtlMs: 60_000 };
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("audit trail", () => {
  it("users", async () => {
    const user = await expectOneEvent(SYSTEM_ACTOR, "user.create", () => createUser(t.store, SYSTEM_ACTOR, { email: "a@example.com", password: "long enough password", role: "admin" }));
    admin = { kind: "user", id: user.id };
  });

  it("apps and channels", async () => {
    appId = (await expectOneEvent(admin, "app.create", () => createApp(t.store, admin, { slug: "audited", displayName: "Audited" }))).id;
    await expectOneEvent(admin, "app.update", () => updateApp(t.store, admin, appId, { visibility: "public" }));
    await expectOneEvent(admin, "channel.create", () => createChannel(t.store, admin, appId, { name: "qa" }));
    await expectOneEvent(admin, "channel.update", () => updateChannel(t.store, admin, appId, "qa", { rolloutPercent: 50 }));
  });

  it("releases and promotions", async () => {
    for (const build of ["1", "2"]) {
      const result = await expectOneEvent(ci, "release.publish", () => publishRelease(t.store, ci, appId, { version: "1.0.0", build, channel: "beta", artifacts: [artifact(build)] }));
      releases.push(result.release.id);
    }
    await expectOneEvent(ci, "channel.promote", () => promoteChannel(t.store, ci, appId, { channel: "stable", releaseId: releases[0] ?? "" }));
    await expectOneEvent(admin, "channel.promote", () => promoteChannel(t.store, admin, appId, { channel: "stable", releaseId: releases[1] ?? "" }));
    await expectOneEvent(admin, "channel.rollback", () => rollbackChannel(t.store, admin, appId, "stable"));
  });

  it("tokens", async () => {
    const created = await expectOneEvent(admin, "token.create", () => createToken(t.store, admin, { kind: "admin" }, { name: "x", scopes: ["apps:read"] }, policy));
    await expectOneEvent(admin, "token.revoke", () => revokeToken(t.store, admin, created.token.id));
  });

  it("uploads, from session to release", async () => {
    const bytes = randomBytes(2048);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const session = await expectOneEvent(ci, "upload.create", () => createUploadSession(deps, ci, { app: "audited", filename: "u.apk", size: bytes.length, sha256 }));
    await expectOneEvent(ci, "upload.complete", () => receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" }));
    const inspector = { inspect: async () => ({ kind: "apk", status: "valid" as const, reasons: [], warnings: [], metadata: {} }) };
    await expectOneEvent(ci, "release.publish", () => publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: "3", channel: "beta", uploads: [session.id] }));

    const bad = await createUploadSession(deps, ci, { app: "audited", filename: "v.apk", size: bytes.length, sha256: "f".repeat(64) });
    await expectOneEvent(ci, "upload.fail", () => receiveUploadBytes(deps, bad.id, Readable.from([bytes]), { offset: "restart" }).catch(() => undefined));
    await createUploadSession(deps, ci, { app: "audited", filename: "w.apk", size: 10, sha256 });
    await expectOneEvent(SYSTEM_ACTOR, "upload.expire", () => expireUploadSessions(deps, new Date(Date.now() + 120_000)));

    // A session id is the capability in its upload URL: the log (readable with audit:read) never holds one.
    const logged = JSON.stringify((await t.store.audit.list({ targetType: "upload" }, { limit: 100 })).items);
    for (const id of [session.id, bad.id]) expect(logged).not.toContain(id);
    expect((await t.store.audit.list({ targetType: "upload", targetId: uploadAuditId(session.id) }, { limit: 10 })).items.map((e) => e.action)).toEqual(["upload.complete", "upload.create"]);
  });

  it("writes nothing when a mutation fails", async () => {
    const before = (await t.store.audit.list({}, { limit: 100 })).items.length;
    await expect(createApp(t.store, admin, { slug: "audited", displayName: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(promoteChannel(t.store, admin, appId, { channel: "stable", releaseId: releases[0] ?? "" })).rejects.toMatchObject({ code: "GATE_FAILED" });
    expect((await t.store.audit.list({}, { limit: 100 })).items.length).toBe(before);
  });
});
