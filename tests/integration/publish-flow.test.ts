// The publish and promotion use cases, on both stores: atomic writes, gates, rollback, audit.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { DomainError } from "@/domain/errors";
import type { PublishReleaseInput } from "@/domain/release";
import { createApp, updateApp } from "@/server/services/apps";
import { listAuditEvents } from "@/server/services/audit";
import { listChannelHistory, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import type { Store } from "@/server/store/types";
import { failOnCall } from "../helpers/failing-store";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const admin: Actor = { kind: "token", id: "ci-token" };

function releaseInput(build: string, overrides: Partial<PublishReleaseInput> = {}): PublishReleaseInput {
  return {
    version: `1.0.${build}`,
    build,
    channel: "beta",
    notes: "Fixes",
    artifacts: [
      { platform: "ios", filename: "Hello.ipa", sizeBytes: 43544, sha256: "1".repeat(64), validationStatus: "valid" },
      { platform: "android_apk", filename: "hello.apk", sizeBytes: 16876, sha256: "2".repeat(64), validationStatus: "valid" },
      { platform: "linux", filename: "hello.deb", sizeBytes: 12828, sha256: "3".repeat(64), validationStatus: "valid" },
    ],
    ...overrides,
  };
}

async function rowCounts(store: Store, appId: string) {
  const releases = (await store.releases.listByApp(appId, { limit: 100 })).items;
  const artifacts = (await Promise.all(releases.map((r) => store.artifacts.listByRelease(r.id)))).flat();
  const audit = (await store.audit.list({}, { limit: 100 })).items;
  return { releases: releases.length, artifacts: artifacts.length, audit: audit.length };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error("expected a rejection");
}

describe.each(STORE_KINDS)("publish flow: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  beforeEach(async () => {
    app = await createApp(t.store, admin, { slug: "hello", displayName: "Hello", bundleIds: { ios: "com.example.hello" } });
  });

  it("creates an app with its default channels, audited", async () => {
    expect((await t.store.channels.listByApp(app.id)).map((c) => c.name)).toEqual(["beta", "internal", "stable"]);
    const actions = (await listAuditEvents(t.store, {}, {})).items.map((e) => e.action).sort();
    expect(actions).toEqual(["app.create"]);
    await expect(createApp(t.store, admin, { slug: "hello", displayName: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("audits app updates with what changed", async () => {
    await updateApp(t.store, admin, app.id, { visibility: "public" });
    const [event] = (await listAuditEvents(t.store, { action: "app.update" }, {})).items;
    expect(event).toMatchObject({ actor: "token:ci-token", targetId: app.id, metadata: { changed: { visibility: { from: "private", to: "public" } } } });
  });

  it("publishes a release with all its artifacts and audit events", async () => {
    const before = await rowCounts(t.store, app.id);
    const result = await publishRelease(t.store, admin, app.id, releaseInput("42"));
    expect(result.release).toMatchObject({ version: "1.0.42", build: "42", channel: "beta", createdBy: "token:ci-token" });
    expect(result.release.publishedAt).toBeInstanceOf(Date);
    expect(result.artifacts.map((a) => [a.platform, a.contentType, a.storageKey])).toEqual([
      ["ios", "application/octet-stream", `sha256/11/${"1".repeat(62)}`],
      ["android_apk", "application/vnd.android.package-archive", `sha256/22/${"2".repeat(62)}`],
      ["linux", "application/vnd.debian.binary-package", `sha256/33/${"3".repeat(62)}`],
    ]);
    expect(result.promoted).toBe(false);
    expect(await rowCounts(t.store, app.id)).toEqual({ releases: 1, artifacts: 3, audit: before.audit + 1 });
    const [event] = (await listAuditEvents(t.store, { action: "release.publish" }, {})).items;
    expect(event?.metadata.artifacts).toHaveLength(3);
  });

  it("leaves nothing behind when the last artifact fails (atomic publish)", async () => {
    const before = await rowCounts(t.store, app.id);
    const failing = failOnCall(t.store, "artifacts", "create", 3);
    await expect(publishRelease(failing, admin, app.id, releaseInput("42"))).rejects.toThrow("injected failure in artifacts.create (call 3)");
    expect(await rowCounts(t.store, app.id)).toEqual(before);
    // The same release then publishes cleanly: no half-written row blocks it.
    await expect(publishRelease(t.store, admin, app.id, releaseInput("42"))).resolves.toBeTruthy();
  });

  it("rejects invalid input before writing anything", async () => {
    const before = await rowCounts(t.store, app.id);
    const error = await rejection(publishRelease(t.store, admin, app.id, releaseInput("42", { version: "v1" })));
    expect(error).toMatchObject({ code: "INVALID" });
    expect(error.message).toContain("version");
    await expect(publishRelease(t.store, admin, app.id, releaseInput("43", { channel: "nightly" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(publishRelease(t.store, admin, "no-such-app", releaseInput("44"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await rowCounts(t.store, app.id)).toEqual(before);
  });

  it("refuses a duplicate release without touching the first", async () => {
    await publishRelease(t.store, admin, app.id, releaseInput("42"));
    const before = await rowCounts(t.store, app.id);
    await expect(publishRelease(t.store, admin, app.id, releaseInput("42"))).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version 1.0.42 (42) already exists in app hello",
    });
    expect(await rowCounts(t.store, app.id)).toEqual(before);
  });

  it("promotes through the gates and records history", async () => {
    const { release } = await publishRelease(t.store, admin, app.id, releaseInput("42"));
    const channel = await promoteChannel(t.store, admin, app.id, { channel: "stable", releaseId: release.id, rolloutPercent: 20 });
    expect(channel).toMatchObject({ currentReleaseId: release.id, previousReleaseId: null, rolloutPercent: 20 });
    const [event] = (await listAuditEvents(t.store, { action: "channel.promote" }, {})).items;
    expect(event).toMatchObject({ targetId: channel.id, metadata: { toReleaseId: release.id, rolloutPercent: 20 } });
    const history = await listChannelHistory(t.store, app.id, "stable");
    expect(history.items).toMatchObject([{ releaseId: release.id, fromReleaseId: null, kind: "promote" }]);
  });

  it("publishes and promotes in one step", async () => {
    const result = await publishRelease(t.store, admin, app.id, releaseInput("42", { promote: true }));
    expect(result.promoted).toBe(true);
    expect(result.channel).toMatchObject({ name: "beta", currentReleaseId: result.release.id });
  });

  it("rolls the whole publish back when the promotion gate fails", async () => {
    const input = releaseInput("42", { promote: true });
    input.artifacts[0] = { ...input.artifacts[0]!, validationStatus: "pending" };
    const before = await rowCounts(t.store, app.id);
    const error = await rejection(publishRelease(t.store, admin, app.id, input));
    expect(error).toMatchObject({ code: "GATE_FAILED", details: { gate: "artifacts-valid" } });
    expect(await rowCounts(t.store, app.id)).toEqual(before);
  });

  it("rolls back a promotion whose gate fails, naming the gate", async () => {
    const r42 = (await publishRelease(t.store, admin, app.id, releaseInput("42", { promote: true }))).release;
    const r41 = (await publishRelease(t.store, admin, app.id, releaseInput("41"))).release;
    const channelBefore = await t.store.channels.getByName(app.id, "beta");
    const auditBefore = (await t.store.audit.list({}, { limit: 100 })).items.length;

    const error = await rejection(promoteChannel(t.store, admin, app.id, { channel: "beta", releaseId: r41.id }));
    expect(error).toMatchObject({ code: "GATE_FAILED", details: { gate: "build-increases" } });
    expect(error.message).toContain("[build-increases] build 41 is not greater than the current build 42 on beta");

    expect(await t.store.channels.getByName(app.id, "beta")).toEqual(channelBefore);
    expect((await t.store.audit.list({}, { limit: 100 })).items.length).toBe(auditBefore);
    expect((await listChannelHistory(t.store, app.id, "beta")).items.map((h) => h.releaseId)).toEqual([r42.id]);
  });

  it("undoes the pointer move when a write after it fails", async () => {
    const { release } = await publishRelease(t.store, admin, app.id, releaseInput("42"));
    const channelBefore = await t.store.channels.getByName(app.id, "stable");
    // Fail the audit write, which happens after the channel row was updated in the transaction.
    const failing = failOnCall(t.store, "audit", "append", 1);
    await expect(promoteChannel(failing, admin, app.id, { channel: "stable", releaseId: release.id })).rejects.toThrow("injected failure");
    expect(await t.store.channels.getByName(app.id, "stable")).toEqual(channelBefore);
    expect((await listChannelHistory(t.store, app.id, "stable")).items).toEqual([]);
  });

  it("refuses releases of another app", async () => {
    const other = await createApp(t.store, admin, { slug: "other", displayName: "Other" });
    const { release } = await publishRelease(t.store, admin, other.id, releaseInput("42"));
    await expect(promoteChannel(t.store, admin, app.id, { channel: "beta", releaseId: release.id })).rejects.toMatchObject({
      code: "GATE_FAILED",
      details: { gate: "same-app" },
    });
  });

  it("enforces the channel policy's required platforms", async () => {
    await updateChannel(t.store, admin, app.id, "stable", { policy: { requiredPlatforms: ["ios", "windows"] } });
    const { release } = await publishRelease(t.store, admin, app.id, releaseInput("42"));
    const error = await rejection(promoteChannel(t.store, admin, app.id, { channel: "stable", releaseId: release.id }));
    expect(error.details.gate).toBe("required-platforms");
    expect(error.message).toContain("missing required platforms: windows");
  });

  it("changes only the policy fields a change names", async () => {
    await updateChannel(t.store, admin, app.id, "stable", { policy: { requiredPlatforms: ["ios"], versionMismatch: "reject" } });
    const changed = await updateChannel(t.store, admin, app.id, "stable", { policy: { retention: { maxAgeDays: 365, maxReleases: null }, requireValidArtifacts: false } });
    expect(changed.policy).toEqual({
      requireValidArtifacts: false,
      requiredPlatforms: ["ios"],
      minimumSupportedBuild: null,
      versionMismatch: "reject",
      retention: { maxAgeDays: 365, maxReleases: null },
    });
    await expect(updateChannel(t.store, admin, app.id, "stable", { policy: { bogus: true } as never })).rejects.toMatchObject({ code: "INVALID" });
    await expect(updateChannel(t.store, admin, app.id, "stable", { policy: { retention: { maxAgeDays: 0, maxReleases: null } } })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("rolls back one step at a time, then refuses when there is nothing left", async () => {
    const ids: string[] = [];
    for (const build of ["1", "2", "3"]) {
      ids.push((await publishRelease(t.store, admin, app.id, releaseInput(build, { promote: true }))).release.id);
    }
    expect(await rollbackChannel(t.store, admin, app.id, "beta")).toMatchObject({ currentReleaseId: ids[1], previousReleaseId: ids[0] });
    expect(await rollbackChannel(t.store, admin, app.id, "beta")).toMatchObject({ currentReleaseId: ids[0], previousReleaseId: null });
    await expect(rollbackChannel(t.store, admin, app.id, "beta")).rejects.toMatchObject({ code: "GATE_FAILED", details: { gate: "has-previous" } });
    const kinds = (await listChannelHistory(t.store, app.id, "beta")).items.map((h) => h.kind);
    expect(kinds).toEqual(["rollback", "rollback", "promote", "promote", "promote"]);
    expect((await listAuditEvents(t.store, { action: "channel.rollback" }, {})).items).toHaveLength(2);
  });

  it("allows an explicit rollback to any older release", async () => {
    const r1 = (await publishRelease(t.store, admin, app.id, releaseInput("1", { promote: true }))).release;
    await publishRelease(t.store, admin, app.id, releaseInput("2", { promote: true }));
    await publishRelease(t.store, admin, app.id, releaseInput("3", { promote: true }));
    const channel = await promoteChannel(t.store, admin, app.id, { channel: "beta", releaseId: r1.id, rollback: true });
    expect(channel).toMatchObject({ currentReleaseId: r1.id, rolloutPercent: 100 });
  });

  it("validates rollout changes and audits them", async () => {
    await expect(updateChannel(t.store, admin, app.id, "beta", { rolloutPercent: 150 })).rejects.toMatchObject({ code: "INVALID" });
    await updateChannel(t.store, admin, app.id, "beta", { rolloutPercent: 10 });
    const [event] = (await listAuditEvents(t.store, { action: "channel.update" }, {})).items;
    expect(event?.metadata).toEqual({ appId: app.id, name: "beta", rolloutPercent: { from: 100, to: 10 } });
  });
});
