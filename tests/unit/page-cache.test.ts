import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { type CachedPage, PageCache } from "@/server/http/page-cache";
import { createApp } from "@/server/services/apps";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import { createMemoryStore } from "@/server/store/memory";

const page = (body: string): CachedPage => ({ status: 200, headers: [["content-type", "text/html"]], body: Buffer.from(body) });

// The rule these tests vary copies by: the visitor's device id itself.
const get = (cache: PageCache<string, "device">, key: string, deviceId: string | null, generation: number) => cache.get(key, () => deviceId, generation);
const set = (cache: PageCache<string, "device">, key: string, deviceId: string | null, byDeviceId: boolean, generation: number, body: CachedPage, meta: string) =>
  cache.set(key, byDeviceId ? "device" : null, byDeviceId ? deviceId : null, generation, body, meta);

function cacheAt(options: Partial<ConstructorParameters<typeof PageCache>[0]> = {}) {
  let now = 1_000_000;
  const cache = new PageCache<string, "device">({ ttlMs: 5_000, staleMs: 10_000, maxEntries: 100, maxBytes: 1024 * 1024, now: () => now, ...options });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe("PageCache", () => {
  it("serves a page fresh within its TTL, then stale for the grace period, then not at all", () => {
    const { cache, advance } = cacheAt();
    set(cache, "/app", null, false, 1, page("a"), "meta");
    expect(get(cache, "/app", null, 1)).toMatchObject({ meta: "meta", stale: false });
    expect(get(cache, "/app", null, 1)?.page.body.toString()).toBe("a");
    advance(5_000);
    expect(get(cache, "/app", null, 1)).toMatchObject({ stale: true });
    advance(9_999);
    expect(get(cache, "/app", null, 1)).toMatchObject({ stale: true });
    advance(1);
    expect(get(cache, "/app", null, 1)).toBeNull();
  });

  it("never serves a page rendered before a data change, not even as stale", () => {
    const { cache } = cacheAt();
    set(cache, "/app", null, false, 1, page("old"), "m");
    expect(get(cache, "/app", null, 2)).toBeNull();
    // A render that started before the change cannot store over it either: it is stored under its old generation.
    set(cache, "/app", null, false, 1, page("old again"), "m");
    expect(get(cache, "/app", null, 2)).toBeNull();
    set(cache, "/app", null, false, 2, page("new"), "m");
    expect(get(cache, "/app", null, 2)?.page.body.toString()).toBe("new");
  });

  it("keeps one copy per device id for pages that depend on it, and none for visitors without one", () => {
    const { cache } = cacheAt();
    set(cache, "/app", "device-a", true, 1, page("for a"), "m");
    set(cache, "/app", "device-b", true, 1, page("for b"), "m");
    expect(get(cache, "/app", "device-a", 1)?.page.body.toString()).toBe("for a");
    expect(get(cache, "/app", "device-b", 1)?.page.body.toString()).toBe("for b");
    expect(get(cache, "/app", "device-c", 1)).toBeNull();
    expect(get(cache, "/app", null, 1)).toBeNull();
    set(cache, "/app", null, true, 1, page("nobody"), "m");
    expect(get(cache, "/app", null, 1)).toBeNull();
  });

  it("switches between per-device and shared copies when the page says so", () => {
    const { cache } = cacheAt();
    set(cache, "/app", "device-a", false, 1, page("shared"), "m");
    expect(get(cache, "/app", "device-z", 1)?.page.body.toString()).toBe("shared");
    // A rollout started: the page now depends on the device id; the shared copy must not answer.
    set(cache, "/app", "device-a", true, 1, page("for a"), "m");
    expect(get(cache, "/app", "device-z", 1)).toBeNull();
    expect(get(cache, "/app", "device-a", 1)?.page.body.toString()).toBe("for a");
  });

  it("evicts the least recently used pages beyond its entry and byte limits, and skips huge ones", () => {
    const { cache } = cacheAt({ maxEntries: 2, maxBytes: 64 * 1024 });
    set(cache, "/a", null, false, 1, page("a"), "m");
    set(cache, "/b", null, false, 1, page("b"), "m");
    get(cache, "/a", null, 1);
    set(cache, "/c", null, false, 1, page("c"), "m");
    expect(get(cache, "/b", null, 1)).toBeNull();
    expect(get(cache, "/a", null, 1)).not.toBeNull();
    expect(get(cache, "/c", null, 1)).not.toBeNull();
    set(cache, "/huge", null, false, 1, page("x".repeat(16 * 1024)), "m");
    expect(get(cache, "/huge", null, 1)).toBeNull();
    expect(cache.size.entries).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("shares one copy among the visitors of one variant of a rule, and drops them all when the rule changes", () => {
    const cache = new PageCache<string, { percent: number }>({ ttlMs: 5_000, staleMs: 10_000, maxEntries: 100, maxBytes: 1024 * 1024 });
    const sideAt = (bucket: number) => (rule: { percent: number }) => (bucket < rule.percent ? "in" : "out");
    cache.set("/app", { percent: 30 }, "in", 1, page("new release"), "m");
    expect(cache.get("/app", sideAt(5), 1)?.page.body.toString()).toBe("new release");
    expect(cache.get("/app", sideAt(29), 1)?.page.body.toString()).toBe("new release");
    expect(cache.get("/app", sideAt(30), 1)).toBeNull();
    expect(cache.get("/app", () => null, 1)).toBeNull();
    cache.set("/app", { percent: 30 }, "out", 1, page("old release"), "m");
    expect(cache.get("/app", sideAt(80), 1)?.page.body.toString()).toBe("old release");
    // Raised to 60 % within the same generation (a store moved by another process): the 30 % copies are gone.
    cache.set("/app", { percent: 60 }, "in", 1, page("new release at 60"), "m");
    expect(cache.get("/app", sideAt(80), 1)).toBeNull();
    expect(cache.get("/app", sideAt(45), 1)?.page.body.toString()).toBe("new release at 60");
  });
});

describe("signalAuditedChanges", () => {
  it("signals after a committed audited change, not for reads or a rolled-back transaction", async () => {
    let signals = 0;
    const store = signalAuditedChanges(createMemoryStore(), () => signals++);
    await store.apps.list({ limit: 10 });
    await store.transaction(async (tx) => tx.apps.list({ limit: 10 }));
    expect(signals).toBe(0);

    await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    expect(signals).toBe(1);

    await expect(
      store.transaction(async (tx) => {
        await tx.transaction(async (inner) => inner.audit.append({ actor: "system", action: "app.update", targetType: "app", targetId: "x", appId: null, metadata: {} }));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(signals).toBe(1);

    // Nested transactions join the outer one and are seen by it.
    await store.transaction(async (tx) => tx.transaction(async (inner) => inner.audit.append({ actor: "system", action: "app.update", targetType: "app", targetId: "x", appId: null, metadata: {} })));
    expect(signals).toBe(2);
  });
});
