// The admin tRPC API through createCaller on a real SQLite file: auth narrowing, error mapping,
// and the routers calling the services.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createCaller } from "@/server/api/root";
import { createUser, type PublicUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
let store: Store;
let admin: PublicUser;

beforeEach(async () => {
  t = await sqliteStore();
  store = t.store;
  admin = await createUser(store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
});
afterEach(() => t.close());

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return (error as TRPCError).code;
  }
  throw new Error("expected an error");
}

describe("admin tRPC procedures", () => {
  it("refuses anonymous callers and non-admins", async () => {
    expect(await trpcCode(createCaller(trpcContext(store, null)).apps.list({}))).toBe("UNAUTHORIZED");
    const member = await createUser(store, SYSTEM_ACTOR, { email: "m@example.com", password: "correct horse battery", role: "member" });
    expect(await trpcCode(createCaller(trpcContext(store, member)).apps.list({}))).toBe("FORBIDDEN");
  });

  it("creates, lists and updates apps as the signed-in admin, audited under their id", async () => {
    const caller = createCaller(trpcContext(store, admin));
    const app = await caller.apps.create({ slug: "hello", displayName: "Hello", bundleIds: { ios: "com.example.hello" } });
    expect(app.ownerId).toBe(admin.id);
    expect((await caller.apps.list({ limit: 10 })).items.map((a) => a.slug)).toEqual(["hello"]);
    expect(await caller.apps.get({ slug: "hello" })).toEqual(app);
    await caller.apps.update({ id: app.id, patch: { visibility: "unlisted" } });
    const events = await caller.audit.list({ filter: { actor: `user:${admin.id}`, action: "app.update" } });
    expect(events.items).toHaveLength(1);
  });

  it("deletes an app with its channels, audited with what it held, and the log filtered by app keeps it", async () => {
    const caller = createCaller(trpcContext(store, admin));
    const app = await caller.apps.create({ slug: "gone", displayName: "Gone" });
    const kept = await caller.apps.create({ slug: "kept", displayName: "Kept" });
    expect((await caller.apps.delete({ id: app.id })).slug).toBe("gone");
    expect(await trpcCode(caller.apps.get({ slug: "gone" }))).toBe("NOT_FOUND");
    expect(await store.channels.listByApp(app.id)).toEqual([]);
    expect(await trpcCode(caller.apps.delete({ id: app.id }))).toBe("NOT_FOUND");
    const events = await caller.audit.list({ filter: { appId: app.id } });
    expect(events.items.map((e) => e.action)).toEqual(["app.delete", "app.create"]);
    expect(events.items[0]?.metadata).toMatchObject({ slug: "gone", artifacts: 0, bytes: 0 });
    expect((await caller.apps.list({ limit: 10 })).items.map((a) => a.id)).toEqual([kept.id]);
  });

  it("maps domain errors to tRPC codes in one place", async () => {
    const caller = createCaller(trpcContext(store, admin));
    expect(await trpcCode(caller.apps.get({ id: "missing" }))).toBe("NOT_FOUND");
    await caller.apps.create({ slug: "hello", displayName: "Hello" });
    expect(await trpcCode(caller.apps.create({ slug: "hello", displayName: "Again" }))).toBe("CONFLICT");
    expect(await trpcCode(caller.apps.create({ slug: "api", displayName: "Reserved" }))).toBe("BAD_REQUEST");
  });

  it("publishes, promotes, rejects a gate with PRECONDITION_FAILED and rolls back", async () => {
    const caller = createCaller(trpcContext(store, admin));
    const app = await caller.apps.create({ slug: "hello", displayName: "Hello" });
    const artifact = (build: string, validationStatus: "valid" | "pending" = "valid") => ({
      platform: "android_apk" as const,
      filename: `hello-${build}.apk`,
      sizeBytes: 16876,
      sha256: build.padStart(64, "0"),
      validationStatus,
    });
    const r1 = await caller.releases.publish({ appId: app.id, release: { version: "1.0.0", build: "1", channel: "beta", artifacts: [artifact("1")] } });
    const r2 = await caller.releases.publish({ appId: app.id, release: { version: "1.0.1", build: "2", channel: "beta", artifacts: [artifact("2")] } });
    const pending = await caller.releases.publish({ appId: app.id, release: { version: "1.0.2", build: "3", channel: "beta", artifacts: [artifact("3", "pending")] } });
    // A duplicate is refused in words, not database columns.
    await expect(caller.releases.publish({ appId: app.id, release: { version: "1.0.1", build: "2", channel: "beta", artifacts: [artifact("2")] } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version 1.0.1 (2) already exists in app hello",
    });

    await caller.channels.promote({ appId: app.id, channel: "stable", releaseId: r1.release.id });
    await caller.channels.promote({ appId: app.id, channel: "stable", releaseId: r2.release.id, rolloutPercent: 10 });
    expect(await trpcCode(caller.channels.promote({ appId: app.id, channel: "stable", releaseId: pending.release.id }))).toBe("PRECONDITION_FAILED");

    const rolledBack = await caller.channels.rollback({ appId: app.id, channel: "stable" });
    expect(rolledBack.currentReleaseId).toBe(r1.release.id);
    const history = await caller.channels.history({ appId: app.id, channel: "stable" });
    expect(history.items.map((h) => h.kind)).toEqual(["rollback", "promote", "promote"]);
    const release = await caller.releases.get({ id: r2.release.id });
    expect(release.artifacts[0]?.contentType).toBe("application/vnd.android.package-archive");
  });

  it("sets a channel's retention, previews what it deletes and applies it, audited under the admin", async () => {
    const caller = createCaller(trpcContext(store, admin));
    const app = await caller.apps.create({ slug: "hello", displayName: "Hello" });
    const publish = (build: string) =>
      caller.releases.publish({
        appId: app.id,
        release: {
          version: `1.0.${build}`,
          build,
          channel: "internal",
          artifacts: [{ platform: "linux", filename: `h-${build}.deb`, sizeBytes: 10, sha256: build.padStart(64, "0"), validationStatus: "valid" }],
        },
      });
    const first = await publish("1");
    await publish("2");
    expect(await caller.retention.preview({ appId: app.id })).toEqual([]);
    const channel = await caller.channels.update({ appId: app.id, channel: "internal", patch: { policy: { retention: { maxAgeDays: null, maxReleases: 1 } } } });
    expect(channel.policy).toMatchObject({ retention: { maxAgeDays: null, maxReleases: 1 }, requireValidArtifacts: true });
    expect((await caller.retention.preview({ appId: app.id })).map((c) => c.releaseId)).toEqual([first.release.id]);
    expect(await trpcCode(caller.channels.update({ appId: app.id, channel: "internal", patch: { policy: { retention: { maxAgeDays: 0, maxReleases: null } } } }))).toBe("BAD_REQUEST");
    expect((await caller.retention.run({ appId: app.id })).map((c) => c.build)).toEqual(["1"]);
    const events = await caller.audit.list({ filter: { actor: `user:${admin.id}`, action: "release.delete" } });
    expect(events.items.map((e) => e.targetId)).toEqual([first.release.id]);
    expect((await caller.channels.update({ appId: app.id, channel: "internal", patch: { policy: { retention: null } } })).policy.retention).toBeNull();
  });

  it("manages tokens: options for the form, create with the secret once, list with last use, revoke", async () => {
    const caller = createCaller(trpcContext(store, admin));
    await caller.apps.create({ slug: "hello", displayName: "Hello" });
    const options = await caller.tokens.options();
    expect(options.scopes.map((s) => s.name)).toContain("releases:upload");
    expect(options.apps).toMatchObject([{ slug: "hello", channels: ["beta", "internal", "stable"] }]);
    const created = await caller.tokens.create({ name: "ci", scopes: ["releases:upload"], app: "hello", channel: "beta", expiresInDays: "never" });
    expect(created.secret).toMatch(/^shp_/);
    expect(created.token).not.toHaveProperty("tokenHash");
    const listed = await caller.tokens.list({});
    expect(listed.items).toMatchObject([{ id: created.token.id, lastUsedAt: null, expiresAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(listed.items[0]).not.toHaveProperty("tokenHash");
    const revoked = await caller.tokens.revoke({ id: created.token.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await trpcCode(createCaller(trpcContext(store, null)).tokens.list({}))).toBe("UNAUTHORIZED");
  });
});
