// The policy editor's procedure: a patch replaces only the fields it names (the retention rule,
// edited elsewhere, stays), and a bad minimum build is refused naming that field.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createCaller } from "@/server/api/root";
import { createApp } from "@/server/services/apps";
import { updateChannel } from "@/server/services/channels";
import { createUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
let caller: ReturnType<typeof createCaller>;
let appId = "";

beforeEach(async () => {
  t = await sqliteStore();
  const admin = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
  caller = createCaller(trpcContext(t.store, admin));
  appId = (await createApp(t.store, SYSTEM_ACTOR, { slug: "pol", displayName: "Pol" })).id;
  await updateChannel(t.store, SYSTEM_ACTOR, appId, "stable", { policy: { retention: { maxAgeDays: null, maxReleases: 5 } } });
});
afterEach(() => t.close());

describe("channels.update with a policy patch", () => {
  it("replaces the named fields only, keeps retention, and audits the before and after", async () => {
    const saved = await caller.channels.update({ appId, channel: "stable", patch: { policy: { requiredPlatforms: ["ios", "android_apk"], minimumSupportedBuild: "40" } } });
    expect(saved.policy).toEqual({
      requireValidArtifacts: true,
      requiredPlatforms: ["ios", "android_apk"],
      minimumSupportedBuild: "40",
      versionMismatch: "warn",
      retention: { maxAgeDays: null, maxReleases: 5 },
    });
    const cleared = await caller.channels.update({ appId, channel: "stable", patch: { policy: { minimumSupportedBuild: null, requireValidArtifacts: false } } });
    expect(cleared.policy).toMatchObject({ minimumSupportedBuild: null, requireValidArtifacts: false, requiredPlatforms: ["ios", "android_apk"], retention: { maxReleases: 5 } });
    const events = await caller.audit.list({ filter: { action: "channel.update", targetId: saved.id } });
    expect(events.items[0]?.metadata).toMatchObject({ policy: { from: { minimumSupportedBuild: "40" }, to: { minimumSupportedBuild: null } } });
  });

  it("refuses a minimum build that is not a build, naming the field, and changes nothing", async () => {
    const error = await caller.channels.update({ appId, channel: "stable", patch: { policy: { minimumSupportedBuild: "1.0-beta" } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toContain("minimumSupportedBuild");
    expect((error as TRPCError).message).toContain("must be a positive integer or dot-separated numbers");
    expect((await caller.channels.get({ appId, channel: "stable" })).policy.minimumSupportedBuild).toBeNull();
  });
});
