// The role matrix: every tRPC procedure × every role × the caller's own app and another app. Exactly
// the allowed combinations get past authorization; every other one is refused (FORBIDDEN, or
// UNAUTHORIZED without a session). A procedure added without a row here fails the test, so no
// procedure can ship without its rule. "Allowed" means authorization let the call through: the call
// itself then runs for real and mostly succeeds (a few answer a domain error, e.g. a rollback with
// nothing to roll back, which is not a refusal).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { AppRole } from "@/domain/roles";
import { appRouter, createCaller } from "@/server/api/root";
import { createApp } from "@/server/services/apps";
import { publishRelease } from "@/server/services/releases";
import { createShareLink } from "@/server/services/share-links";
import { createToken } from "@/server/services/tokens";
import { hashPassword } from "@/server/crypto/password";
import type { PublicUser } from "@/server/services/users";
import { createMemoryStore } from "@/server/store/memory";
import type { Store } from "@/server/store/types";
import { trpcContext } from "../helpers/trpc-context";

type Who = "admin" | AppRole | "outsider" | "anonymous";
const WHO: Who[] = ["admin", "maintainer", "viewer", "tester", "outsider", "anonymous"];

/** What a procedure needs: a role on the app it names, admin, any session, or a role on some app (lists across apps). */
type Rule = { app: "maintainer" | "viewer" } | { admin: true } | { signedIn: true } | { someApp: "maintainer" | "viewer" };

interface AppFixture {
  id: string;
  slug: string;
  releaseId: string;
  uploadId: string;
  tokenId: string;
  shareLinkId: string;
  auditId: string;
}

interface World {
  store: Store;
  users: Record<Exclude<Who, "anonymous">, PublicUser>;
  own: AppFixture;
  other: AppFixture;
}

const SHA = "a".repeat(64);

async function appFixture(store: Store, slug: string): Promise<AppFixture> {
  const app = await createApp(store, SYSTEM_ACTOR, { slug, displayName: slug, visibility: "private" });
  const artifact = { platform: "android_apk" as const, filename: `${slug}.apk`, sizeBytes: 10, sha256: SHA, validationStatus: "valid" as const };
  const published = await publishRelease(store, SYSTEM_ACTOR, app.id, { version: "1.0.0", build: "1", channel: "beta", artifacts: [artifact], promote: true });
  const uploadId = `upload-${slug}`;
  await store.uploads.create(uploadId, {
    appId: app.id,
    filename: `${slug}.apk`,
    platform: "android_apk",
    sizeBytes: 10,
    sha256: SHA,
    state: "complete",
    receivedBytes: 10,
    inspection: null,
    releaseId: null,
    createdBy: "system",
    expiresAt: new Date(Date.now() + 3_600_000),
    completedAt: new Date(),
    failureReason: null,
  });
  const token = await createToken(store, SYSTEM_ACTOR, { kind: "admin" }, { name: `ci-${slug}`, scopes: ["releases:upload"], app: slug }, { defaultTtlDays: 30, maxTtlDays: 365 });
  const link = await createShareLink(store, SYSTEM_ACTOR, app.id, { name: "QA" });
  const audit = await store.audit.list({ appId: app.id }, { limit: 1 });
  return { id: app.id, slug, releaseId: published.release.id, uploadId, tokenId: token.token.id, shareLinkId: link.link.id, auditId: audit.items[0]?.id ?? "" };
}

// Hashed once: scrypt per user per world would be most of this test's time.
const PASSWORD = "correct horse battery";
const passwordHash = hashPassword(PASSWORD);

async function world(): Promise<World> {
  const store = createMemoryStore();
  const user = async (email: string, role: "admin" | "member"): Promise<PublicUser> => {
    const { passwordHash: _omit, ...created } = await store.users.create({ email, name: null, role, passwordHash: await passwordHash });
    return created;
  };
  const users = {
    admin: await user("admin@example.com", "admin"),
    maintainer: await user("maintainer@example.com", "member"),
    viewer: await user("viewer@example.com", "member"),
    tester: await user("tester@example.com", "member"),
    outsider: await user("outsider@example.com", "member"),
  };
  const own = await appFixture(store, "own");
  const other = await appFixture(store, "other");
  for (const role of ["maintainer", "viewer", "tester"] as const) await store.members.set(own.id, users[role].id, role);
  return { store, users, own, other };
}

/** Each procedure: its rule and an input aimed at `app` (the caller's own, or another). */
const MATRIX: Record<string, { rule: Rule; input: (app: AppFixture, w: World) => unknown }> = {
  "apps.list": { rule: { someApp: "viewer" }, input: () => ({ limit: 10 }) },
  "apps.summaries": { rule: { someApp: "viewer" }, input: () => ({ limit: 10 }) },
  "apps.get": { rule: { app: "viewer" }, input: (a) => ({ slug: a.slug }) },
  "apps.create": { rule: { admin: true }, input: () => ({ slug: "brand-new", displayName: "New" }) },
  "apps.update": { rule: { admin: true }, input: (a) => ({ id: a.id, patch: { displayName: "Renamed" } }) },
  "apps.delete": { rule: { admin: true }, input: (a) => ({ id: a.id }) },
  "apps.rotateUpdateKey": { rule: { admin: true }, input: (a) => ({ id: a.id }) },
  "audit.list": { rule: { app: "viewer" }, input: (a) => ({ filter: { appId: a.id } }) },
  "audit.get": { rule: { app: "viewer" }, input: (a) => ({ id: a.auditId }) },
  "channels.list": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id }) },
  "channels.get": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id, channel: "beta" }) },
  "channels.history": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id, channel: "beta" }) },
  "channels.create": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, channel: { name: "nightly" } }) },
  "channels.update": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, channel: "beta", patch: { rolloutPercent: 50 } }) },
  "channels.promote": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, channel: "stable", releaseId: a.releaseId }) },
  "channels.rollback": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, channel: "beta" }) },
  "releases.list": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id }) },
  "releases.get": { rule: { app: "viewer" }, input: (a) => ({ id: a.releaseId }) },
  "releases.detail": { rule: { app: "viewer" }, input: (a) => ({ id: a.releaseId }) },
  "releases.publish": {
    rule: { app: "maintainer" },
    input: (a) => ({ appId: a.id, release: { version: "2.0.0", build: "2", channel: "beta", artifacts: [{ platform: "android_apk", filename: "two.apk", sizeBytes: 10, sha256: SHA }] } }),
  },
  "releases.updateNotes": { rule: { app: "maintainer" }, input: (a) => ({ id: a.releaseId, notes: "Fixed" }) },
  "releases.delete": { rule: { app: "maintainer" }, input: (a) => ({ id: a.releaseId }) },
  "retention.preview": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id }) },
  "retention.run": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id }) },
  "settings.health": { rule: { admin: true }, input: () => undefined },
  "shareLinks.list": { rule: { app: "viewer" }, input: (a) => ({ appId: a.id }) },
  "shareLinks.create": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, link: { name: "Client" } }) },
  "shareLinks.revoke": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, id: a.shareLinkId }) },
  "tokens.options": { rule: { someApp: "maintainer" }, input: () => undefined },
  "tokens.list": { rule: { someApp: "maintainer" }, input: () => ({ limit: 10 }) },
  "tokens.create": { rule: { app: "maintainer" }, input: (a) => ({ name: "ci", scopes: ["releases:upload"], app: a.slug }) },
  "tokens.revoke": { rule: { app: "maintainer" }, input: (a) => ({ id: a.tokenId }) },
  "uploads.create": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, filename: "new.apk", size: 10, sha256: SHA, platform: "android_apk" }) },
  "uploads.get": { rule: { app: "maintainer" }, input: (a) => ({ id: a.uploadId }) },
  "uploads.inspections": { rule: { app: "maintainer" }, input: (a) => ({ ids: [a.uploadId] }) },
  "uploads.publish": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, release: { version: "3.0.0", build: "3", channel: "beta", uploads: [a.uploadId] } }) },
  "users.list": { rule: { admin: true }, input: () => ({ limit: 10 }) },
  "users.invitations": { rule: { admin: true }, input: () => ({ limit: 10 }) },
  "users.invite": { rule: { admin: true }, input: (a) => ({ email: "new@example.com", appRoles: [{ appId: a.id, role: "viewer" }] }) },
  "users.revokeInvitation": { rule: { admin: true }, input: () => ({ id: "no-such-invitation" }) },
  "users.setRole": { rule: { admin: true }, input: (_a, w) => ({ id: w.users.outsider.id, role: "admin" }) },
  "users.setAppRole": { rule: { admin: true }, input: (a, w) => ({ id: w.users.outsider.id, appId: a.id, role: "viewer" }) },
  "users.disable": { rule: { admin: true }, input: (_a, w) => ({ id: w.users.outsider.id }) },
  "users.enable": { rule: { admin: true }, input: (_a, w) => ({ id: w.users.outsider.id }) },
  "users.delete": { rule: { admin: true }, input: (_a, w) => ({ id: w.users.outsider.id }) },
  "users.resetLink": { rule: { admin: true }, input: (_a, w) => ({ id: w.users.outsider.id }) },
  "account.me": { rule: { signedIn: true }, input: () => undefined },
  "account.changePassword": { rule: { signedIn: true }, input: () => ({ current: PASSWORD, next: "another long password" }) },
  "account.setReleaseMail": { rule: { signedIn: true }, input: () => ({ notify: false }) },
  "webhooks.list": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id }) },
  "webhooks.create": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, webhook: { url: "https://hooks.example.com/shipyard", events: ["release.published"], format: "json" } }) },
  "webhooks.update": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, id: "no-such-webhook", patch: { enabled: false } }) },
  "webhooks.delete": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, id: "no-such-webhook" }) },
  "webhooks.deliveries": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, id: "no-such-webhook" }) },
  "webhooks.redeliver": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, deliveryId: "no-such-delivery" }) },
  "testerGroups.list": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id }) },
  "testerGroups.create": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, name: "QA", channels: ["beta"] }) },
  "testerGroups.rename": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, groupId: "no-such-group", name: "Clients" }) },
  "testerGroups.setChannels": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, groupId: "no-such-group", channels: ["stable"] }) },
  "testerGroups.delete": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, groupId: "no-such-group" }) },
  "testerGroups.addMember": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, groupId: "no-such-group", email: "vendor@example.org" }) },
  "testerGroups.removeMember": { rule: { app: "maintainer" }, input: (a) => ({ appId: a.id, groupId: "no-such-group", memberId: "no-such-member" }) },
};

const RANK: Record<AppRole | "admin", number> = { tester: 1, viewer: 2, maintainer: 3, admin: 4 };

/** Whether `who`, calling with an input aimed at their own app (or another), should get through. */
function expectedAllowed(rule: Rule, who: Who, target: "own" | "other"): boolean {
  if (who === "anonymous") return false;
  if (who === "admin") return true;
  if ("signedIn" in rule) return true;
  if ("admin" in rule) return false;
  if (who === "outsider") return false;
  const need = "app" in rule ? rule.app : rule.someApp;
  // A list across apps is the member's own apps whatever the input: "other" changes nothing.
  if ("someApp" in rule) return RANK[who] >= RANK[need];
  return target === "own" && RANK[who] >= RANK[need];
}

async function outcome(promise: Promise<unknown>): Promise<"allowed" | "FORBIDDEN" | "UNAUTHORIZED"> {
  try {
    await promise;
    return "allowed";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED") return error.code;
    // A domain answer after authorization (NOT_FOUND of a made-up id, CONFLICT, …) is not a refusal.
    return "allowed";
  }
}

async function call(w: World, who: Who, path: string, input: unknown): Promise<unknown> {
  const user = who === "anonymous" ? null : w.users[who];
  const caller = createCaller(trpcContext(w.store, user)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split(".") as [string, string];
  const fn = caller[router]?.[procedure];
  if (!fn) throw new Error(`no procedure ${path}`);
  return fn(input);
}

describe("the role matrix", () => {
  it("has a row for every procedure of the router", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(procedures);
  });

  for (const [path, { rule, input }] of Object.entries(MATRIX)) {
    it(`${path}: exactly the allowed roles get through, on their own app and not on another`, async () => {
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const who of WHO) {
        for (const target of ["own", "other"] as const) {
          // A fresh world per call: mutations run for real and must not change what the next call meets.
          const w = await world();
          const got = await outcome(call(w, who, path, input(w[target], w)));
          const allowed = expectedAllowed(rule, who, target);
          seen.push(`${who}/${target}: ${got}`);
          wanted.push(`${who}/${target}: ${allowed ? "allowed" : who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN"}`);
        }
      }
      expect(seen).toEqual(wanted);
    });
  }
});

describe("lists across apps", () => {
  it("show a member only the apps and tokens of their apps", async () => {
    const w = await world();
    const as = (who: Exclude<Who, "anonymous">) => createCaller(trpcContext(w.store, w.users[who]));
    expect((await as("viewer").apps.list({ limit: 10 })).items.map((a) => a.slug)).toEqual(["own"]);
    expect((await as("maintainer").apps.summaries({ limit: 10 })).items.map((a) => a.slug)).toEqual(["own"]);
    expect((await as("admin").apps.list({ limit: 10 })).items.map((a) => a.slug).sort()).toEqual(["other", "own"]);
    expect((await as("maintainer").tokens.list({ limit: 10 })).items.map((t) => t.name)).toEqual(["ci-own"]);
    const options = await as("maintainer").tokens.options();
    expect(options.apps.map((a) => a.slug)).toEqual(["own"]);
    expect(options.scopes.map((s) => s.name)).not.toContain("admin");
  });

  it("refuse a maintainer a token with the admin scope, or one for every app", async () => {
    const w = await world();
    const maintainer = createCaller(trpcContext(w.store, w.users.maintainer));
    expect(await outcome(maintainer.tokens.create({ name: "root", scopes: ["admin"], app: "own" }))).toBe("FORBIDDEN");
    expect(await outcome(maintainer.tokens.create({ name: "all", scopes: ["releases:upload"] }))).toBe("FORBIDDEN");
  });

  it("show a member the audit log of their app only, never the whole log", async () => {
    const w = await world();
    const viewer = createCaller(trpcContext(w.store, w.users.viewer));
    expect(await outcome(viewer.audit.list({}))).toBe("FORBIDDEN");
    const events = await viewer.audit.list({ filter: { appId: w.own.id } });
    expect(events.items.length).toBeGreaterThan(0);
    expect(events.items.every((e) => e.appId === w.own.id)).toBe(true);
  });

  it("takes a role away on the next call", async () => {
    const w = await world();
    const viewer = createCaller(trpcContext(w.store, w.users.viewer));
    expect(await outcome(viewer.releases.list({ appId: w.own.id }))).toBe("allowed");
    await w.store.members.remove(w.own.id, w.users.viewer.id);
    expect(await outcome(viewer.releases.list({ appId: w.own.id }))).toBe("FORBIDDEN");
  });
});
