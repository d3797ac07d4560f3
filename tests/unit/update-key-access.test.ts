import { describe, expect, it } from "vitest";
import { canSeeUpdateKey, withUpdateKeyFor } from "@/domain/update-key-access";
import type { TokenScope } from "@/domain/token";

const grant = (scopes: TokenScope[], appId: string | null = null, channel: string | null = null) => ({ scopes, appId, channel });

describe("canSeeUpdateKey", () => {
  it("shows the key to admin tokens, restricted or not", () => {
    expect(canSeeUpdateKey(grant(["admin"]), "a")).toBe(true);
    expect(canSeeUpdateKey(grant(["admin"], "a"), "a")).toBe(true);
  });

  it("shows it to the app's managers: a token restricted to the app with a write scope on it", () => {
    for (const scope of ["apps:write", "releases:upload", "releases:publish", "channels:promote"] as const) {
      expect(canSeeUpdateKey(grant(["apps:read", scope], "a"), "a"), scope).toBe(true);
      expect(canSeeUpdateKey(grant(["apps:read", scope], "a", "beta"), "a"), `${scope} on one channel`).toBe(true);
      expect(canSeeUpdateKey(grant(["apps:read", scope], "b"), "a"), `${scope} on another app`).toBe(false);
    }
  });

  it("hides it from read-only tokens and from write tokens that reach every app", () => {
    for (const scopes of [["apps:read"], ["apps:read", "releases:read", "audit:read", "tokens:manage"]] as TokenScope[][]) {
      expect(canSeeUpdateKey(grant(scopes), "a")).toBe(false);
      expect(canSeeUpdateKey(grant(scopes, "a"), "a")).toBe(false);
    }
    expect(canSeeUpdateKey(grant(["apps:read", "releases:publish", "channels:promote"]), "a")).toBe(false);
    expect(canSeeUpdateKey(grant(["apps:read", "apps:write"]), "a")).toBe(false);
  });
});

describe("withUpdateKeyFor", () => {
  const app = { id: "a", slug: "hello", updateKey: "spk_secret" };

  it("drops the key for those who may not see it, leaving the rest and the input alone", () => {
    expect(withUpdateKeyFor(grant(["apps:read"]), app)).toEqual({ id: "a", slug: "hello" });
    expect(withUpdateKeyFor(grant(["admin"]), app)).toEqual(app);
    expect(app.updateKey).toBe("spk_secret");
  });
});
