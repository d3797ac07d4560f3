// The console's apps list (listAppSummaries) on both stores: channels' current releases, the icon of
// the newest served build that has one, storage, search and cursor pages, in a fixed number of reads.
// Then apps.summaries and the form errors of apps.create through tRPC's real fetch handler.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { appRouter, createCaller } from "@/server/api/root";
import { listAppSummaries } from "@/server/services/app-overview";
import { createApp } from "@/server/services/apps";
import { updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { createUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { sqliteStore, STORE_KINDS, storePerTest } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

const iconUrl = (artifactId: string) => `/icon/${artifactId}`;
const digest = (n: number) => n.toString(16).padStart(64, "0");

/** Counts repository calls (inside transactions too), to prove the reads do not grow with the page. */
function countingStore(inner: Store, calls: string[]): Store {
  const wrapped = Object.fromEntries(
    Object.entries(inner).map(([name, repo]) => {
      if (name === "transaction") return [name, (fn: (tx: Store) => Promise<unknown>) => inner.transaction((tx) => fn(countingStore(tx, calls)))];
      const methods = Object.entries(repo as Record<string, (...args: unknown[]) => unknown>).map(([method, call]) => [
        method,
        (...args: unknown[]) => {
          calls.push(`${name}.${method}`);
          return call(...args);
        },
      ]);
      return [name, Object.fromEntries(methods)];
    }),
  );
  return wrapped as unknown as Store;
}

let seq = 0;
async function publish(store: Store, appId: string, channel: string, version: string, build: string, files: { icon?: boolean; valid?: boolean; size?: number }[]) {
  const { release } = await publishRelease(store, SYSTEM_ACTOR, appId, {
    version,
    build,
    channel,
    promote: true,
    artifacts: files.map((f, i) => ({
      platform: "android_apk" as const,
      filename: `app-${build}-${i}.apk`,
      sizeBytes: f.size ?? 1000,
      sha256: digest(++seq),
      validationStatus: f.valid === false ? ("invalid" as const) : ("valid" as const),
      metadata: f.icon ? { icon: { sha256: digest(++seq) } } : {},
    })),
  });
  return release;
}

describe.each(STORE_KINDS)("listAppSummaries on the $kind store", ({ open }) => {
  const t = storePerTest(open);

  it("shows each channel's current release, rollout, storage, and the icon of the newest served build", async () => {
    const store = t.store;
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public" });
    const empty = await createApp(store, SYSTEM_ACTOR, { slug: "empty", displayName: "Empty" });
    const stable = await publish(store, app.id, "stable", "1.0.0", "1", [{ icon: true, size: 3000 }]);
    const beta = await publish(store, app.id, "beta", "1.1.0", "2", [{ icon: true, size: 5000 }, { size: 100 }]);
    await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 40 });

    const page = await listAppSummaries(store, { limit: 10 }, { iconUrl });
    expect(page.items.map((a) => a.slug)).toEqual(["empty", "hello"]);
    const [none, hello] = page.items;
    expect(none).toMatchObject({ id: empty.id, displayName: "Empty", visibility: "private", iconUrl: null, storage: { bytes: 0, artifacts: 0 } });
    expect(none?.channels.map((c) => [c.name, c.release])).toEqual([
      ["beta", null],
      ["internal", null],
      ["stable", null],
    ]);

    const betaIcon = (await store.artifacts.listByRelease(beta.id)).find((a) => "icon" in a.metadata);
    expect(hello).toMatchObject({ visibility: "public", iconUrl: `/icon/${betaIcon?.id}`, storage: { bytes: 8100, artifacts: 3 } });
    expect(hello?.channels).toEqual([
      { name: "beta", release: { id: beta.id, version: "1.1.0", build: "2" }, rolloutPercent: 100 },
      { name: "internal", release: null, rolloutPercent: 100 },
      { name: "stable", release: { id: stable.id, version: "1.0.0", build: "1" }, rolloutPercent: 40 },
    ]);
  });

  it("skips builds without an icon and icons of files that failed validation", async () => {
    const store = t.store;
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    const old = await publish(store, app.id, "stable", "1.0.0", "1", [{ icon: true }]);
    // Newer, served, with an icon on a file later found invalid (the icon route would refuse it).
    const flagged = await publish(store, app.id, "beta", "1.1.0", "2", [{ icon: true }]);
    for (const artifact of await store.artifacts.listByRelease(flagged.id)) await store.artifacts.update(artifact.id, { validationStatus: "invalid" });
    // Newest of all, served, without an icon.
    await publish(store, app.id, "internal", "1.2.0", "3", [{}]);
    const oldIcon = (await store.artifacts.listByRelease(old.id))[0];
    const [summary] = (await listAppSummaries(store, { limit: 10 }, { iconUrl })).items;
    expect(summary?.iconUrl).toBe(`/icon/${oldIcon?.id}`);

    // Nothing served has a usable icon: none, rather than an unserved release's.
    await createApp(store, SYSTEM_ACTOR, { slug: "bare", displayName: "Bare" });
    const bare = (await listAppSummaries(store, { limit: 10, search: "bare" }, { iconUrl })).items;
    expect(bare.map((a) => a.iconUrl)).toEqual([null]);
  });

  it("searches the name and slug, and pages with a cursor", async () => {
    const store = t.store;
    for (const [slug, name] of [
      ["alpha", "Alpha Tools"],
      ["beta-app", "Second"],
      ["gamma", "Gamma tools"],
      ["delta", "Delta"],
    ]) {
      await createApp(store, SYSTEM_ACTOR, { slug: slug as string, displayName: name as string });
    }
    const list = (query: Parameters<typeof listAppSummaries>[1]) => listAppSummaries(store, query, { iconUrl });
    expect((await list({ limit: 10, search: "TOOLS" })).items.map((a) => a.slug)).toEqual(["gamma", "alpha"]);
    expect((await list({ limit: 10, search: "beta-a" })).items.map((a) => a.slug)).toEqual(["beta-app"]);
    expect((await list({ limit: 10, search: "  nothing like it  " })).items).toEqual([]);
    expect((await list({ limit: 10, search: "   " })).items).toHaveLength(4);

    const first = await list({ limit: 3 });
    expect(first.items.map((a) => a.slug)).toEqual(["delta", "gamma", "beta-app"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [expect.objectContaining({ slug: "alpha" })], nextCursor: null });
    await expect(list({ limit: 1000 })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("reads the same number of times for one app as for six", async () => {
    const store = t.store;
    const reads = async () => {
      const calls: string[] = [];
      await listAppSummaries(countingStore(store, calls), { limit: 50 }, { iconUrl });
      return calls;
    };
    const first = await createApp(store, SYSTEM_ACTOR, { slug: "app-0", displayName: "App 0" });
    await publish(store, first.id, "stable", "1.0.0", "1", [{ icon: true }]);
    const one = await reads();
    for (let i = 1; i < 6; i++) {
      const app = await createApp(store, SYSTEM_ACTOR, { slug: `app-${i}`, displayName: `App ${i}` });
      await publish(store, app.id, "stable", "1.0.0", "1", [{ icon: true }]);
      await publish(store, app.id, "beta", "1.1.0", "2", [{}]);
    }
    const six = await reads();
    expect(six).toEqual(one);
    expect([...six].sort()).toEqual(["apps.list", "artifacts.listByReleases", "artifacts.storageByApps", "channels.listByApps", "releases.getByIds"]);
  });
});

describe("apps through tRPC", () => {
  const t = storePerTest(sqliteStore);
  let caller: ReturnType<typeof createCaller>;
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeEach(async () => {
    user = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
    caller = createCaller(trpcContext(t.store, user));
  });

  /** A mutation through the fetch adapter, as the console's client sends it: the formatted error shape. */
  async function mutate(path: string, input: unknown) {
    const req = new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: async () => trpcContext(t.store, user) });
    return { status: res.status, body: (await res.json()) as { error?: { json: { data: { domain?: { code: string; issues?: { path: string; message: string }[] } } } } } };
  }

  it("lists summaries with a search, and keeps apps.list working without one", async () => {
    await caller.apps.create({ slug: "hello", displayName: "Hello" });
    await caller.apps.create({ slug: "other", displayName: "Other" });
    expect((await caller.apps.summaries({ search: "hell" })).items.map((a) => a.slug)).toEqual(["hello"]);
    expect((await caller.apps.summaries()).items).toHaveLength(2);
    expect((await caller.apps.list({ limit: 10 })).items).toHaveLength(2);
  });

  it("names the field of a refused create: input validation and a taken slug alike", async () => {
    const reserved = await mutate("apps.create", { slug: "admin", displayName: " ", bundleIds: { ios: "not a bundle id" } });
    expect(reserved.status).toBe(400);
    const issues = reserved.body.error?.json.data.domain?.issues ?? [];
    expect(reserved.body.error?.json.data.domain?.code).toBe("INVALID");
    expect(issues.map((i) => i.path).sort()).toEqual(["bundleIds.ios", "displayName", "slug"]);
    expect(issues.find((i) => i.path === "slug")?.message).toBe('slug "admin" is reserved');

    expect((await mutate("apps.create", { slug: "hello", displayName: "Hello" })).status).toBe(200);
    const taken = await mutate("apps.create", { slug: "hello", displayName: "Again" });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.json.data.domain).toEqual({ code: "CONFLICT", issues: [{ path: "slug", message: 'an app with slug "hello" already exists' }] });
  });
});
