// What the create-token form offers to restrict a token to: every app with its channels, beyond one page of apps.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { MAX_PAGE_SIZE } from "@/domain/pagination";
import { createCaller } from "@/server/api/root";
import { createApp } from "@/server/services/apps";
import { createChannel } from "@/server/services/channels";
import { createUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
beforeEach(async () => {
  t = await sqliteStore();
});
afterEach(() => t.close());

/** Counts channel reads, to hold the options to one read for all apps' channels. */
function countingChannels(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const channels = new Proxy(store.channels, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function" || !String(key).startsWith("list")) return value;
      return (...args: unknown[]) => {
        reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: { ...store, channels } as Store, reads: () => reads };
}

describe("tokens.options", () => {
  it("offers every app past the first page, by name, with its channels, in one channel read", async () => {
    const count = MAX_PAGE_SIZE + 5;
    for (let i = 0; i < count; i++) {
      await createApp(t.store, SYSTEM_ACTOR, { slug: `app-${String(i).padStart(3, "0")}`, displayName: `App ${String(count - i).padStart(3, "0")}` });
    }
    const zeta = await createApp(t.store, SYSTEM_ACTOR, { slug: "zeta", displayName: "Zeta" });
    await createChannel(t.store, SYSTEM_ACTOR, zeta.id, { name: "nightly" });
    const admin = await createUser(t.store, SYSTEM_ACTOR, { email: "ops@example.com", password: "correct horse battery", role: "admin" });

    const counted = countingChannels(t.store);
    const options = await createCaller(trpcContext(counted.store, admin)).tokens.options();
    expect(options.apps).toHaveLength(count + 1);
    expect(options.apps[0]).toMatchObject({ displayName: "App 001", slug: `app-${String(count - 1).padStart(3, "0")}` });
    expect(options.apps.at(-1)).toMatchObject({ slug: "zeta", channels: ["beta", "internal", "nightly", "stable"] });
    expect(options.apps.every((a) => a.channels.includes("beta"))).toBe(true);
    expect(counted.reads()).toBe(1);
    expect(options.scopes.map((s) => s.name)).toContain("apps:write");
    expect(options.scopes.every((s) => s.description.length > 0)).toBe(true);
  });
});
