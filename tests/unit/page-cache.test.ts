import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { type CachedPage, PageCache } from "@/server/http/page-cache";
import { createApp } from "@/server/services/apps";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import { createMemoryStore } from "@/server/store/memory";

const page = (body: string): CachedPage => ({ status: 200, headers: [["content-type", "text/html"]], body: Buffer.from(body) });

function cacheAt(options: Partial<ConstructorParameters<typeof PageCache>[0]> = {}) {
  let now = 1_000_000;
  const cache = new PageCache<string>({ ttlMs: 5_000, staleMs: 10_000, maxEntries: 100, maxBytes: 1024 * 1024, now: () => now, ...options });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe("PageCache", () => {
  it("serves a page fresh within its TTL, then stale for the grace period, then not at all", () => {
    const { cache, advance } = cacheAt();
    cache.set("/app", null, false, 1, page("a"), "meta");
    expect(cache.get("/app", null, 1)).toMatchObject({ meta: "meta", stale: false });
    expect(cache.get("/app", null, 1)?.page.body.toString()).toBe("a");
    advance(5_000);
    expect(cache.get("/app", null, 1)).toMatchObject({ stale: true });
    advance(9_999);
    expect(cache.get("/app", null, 1)).toMatchObject({ stale: true });
    advance(1);
    expect(cache.get("/app", null, 1)).toBeNull();
  });

  it("never serves a page rendered before a data change, not even as stale", () => {
    const { cache } = cacheAt();
    cache.set("/app", null, false, 1, page("old"), "m");
    expect(cache.get("/app", null, 2)).toBeNull();
    // A render that started before the change cannot store over it either: it is stored under its old generation.
    cache.set("/app", null, false, 1, page("old again"), "m");
    expect(cache.get("/app", null, 2)).toBeNull();
    cache.set("/app", null, false, 2, page("new"), "m");
    expect(cache.get("/app", null, 2)?.page.body.toString()).toBe("new");
  });

  it("keeps one copy per device id for pages that depend on it, and none for visitors without one", () => {
    const { cache } = cacheAt();
    cache.set("/app", "device-a", true, 1, page("for a"), "m");
    cache.set("/app", "device-b", true, 1, page("for b"), "m");
    expect(cache.get("/app", "device-a", 1)?.page.body.toString()).toBe("for a");
    expect(cache.get("/app", "device-b", 1)?.page.body.toString()).toBe("for b");
    expect(cache.get("/app", "device-c", 1)).toBeNull();
    expect(cache.get("/app", null, 1)).toBeNull();
    cache.set("/app", null, true, 1, page("nobody"), "m");
    expect(cache.get("/app", null, 1)).toBeNull();
  });

  it("switches between per-device and shared copies when the page says so", () => {
    const { cache } = cacheAt();
    cache.set("/app", "device-a", false, 1, page("shared"), "m");
    expect(cache.get("/app", "device-z", 1)?.page.body.toString()).toBe("shared");
    // A rollout started: the page now depends on the device id; the shared copy must not answer.
    cache.set("/app", "device-a", true, 1, page("for a"), "m");
    expect(cache.get("/app", "device-z", 1)).toBeNull();
    expect(cache.get("/app", "device-a", 1)?.page.body.toString()).toBe("for a");
  });

  it("evicts the least recently used pages beyond its entry and byte limits, and skips huge ones", () => {
    const { cache } = cacheAt({ maxEntries: 2, maxBytes: 64 * 1024 });
    cache.set("/a", null, false, 1, page("a"), "m");
    cache.set("/b", null, false, 1, page("b"), "m");
    cache.get("/a", null, 1);
    cache.set("/c", null, false, 1, page("c"), "m");
    expect(cache.get("/b", null, 1)).toBeNull();
    expect(cache.get("/a", null, 1)).not.toBeNull();
    expect(cache.get("/c", null, 1)).not.toBeNull();
    cache.set("/huge", null, false, 1, page("x".repeat(16 * 1024)), "m");
    expect(cache.get("/huge", null, 1)).toBeNull();
    expect(cache.size.entries).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(64 * 1024);
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
