import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_ROUTES, matchApiRoute, routeRequirement } from "@/domain/api-routes";
import { parseLifetime, TOKEN_SCOPES } from "@/domain/token";
import { crc32, formatToken, isWellFormedToken, TOKEN_RANDOM_BYTES, tokenDisplayPrefix } from "@/domain/token-format";
import { checkGrant, describeDenial, type TokenGrant } from "@/domain/token-grant";

describe("token format", () => {
  it("matches the known CRC-32 check value", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
  });

  it("makes prefixed, checksummed tokens with at least 160 random bits", () => {
    const token = formatToken(randomBytes(TOKEN_RANDOM_BYTES));
    expect(token).toMatch(/^shp_[0-9A-Za-z]{38}$/);
    expect(isWellFormedToken(token)).toBe(true);
    // 32 uniform base62 characters carry 32 × log2(62) ≈ 190.5 bits.
    expect(32 * Math.log2(62)).toBeGreaterThan(160);
    expect(tokenDisplayPrefix(token)).toBe(token.slice(0, 10));
  });

  it("never repeats", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => formatToken(randomBytes(TOKEN_RANDOM_BYTES))));
    expect(tokens.size).toBe(1000);
  });

  it("tells real tokens from noise offline", () => {
    const token = formatToken(randomBytes(TOKEN_RANDOM_BYTES));
    const flipped = token.slice(0, 10) + (token[10] === "a" ? "b" : "a") + token.slice(11);
    expect(isWellFormedToken(flipped)).toBe(false);
    expect(isWellFormedToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`ghp_${token.slice(4)}`)).toBe(false);
    expect(isWellFormedToken(`${token} `)).toBe(false);
    expect(isWellFormedToken("")).toBe(false);
  });

  it("refuses to build a token from too few random bytes", () => {
    expect(() => formatToken(new Uint8Array(31))).toThrow("not enough random bytes");
  });

  it.each([
    ["90d", 90],
    ["30", 30],
    ["never", "never"],
    ["1y", null],
    ["-5d", null],
  ])("parses lifetime %j", (text, expected) => expect(parseLifetime(text)).toBe(expected));
});

describe("grants", () => {
  const grant = (scopes: TokenGrant["scopes"], appId: string | null = null, channel: string | null = null): TokenGrant => ({ scopes, appId, channel });

  it("needs the exact scope unless the token is admin", () => {
    expect(checkGrant(grant(["releases:upload"]), { scope: "releases:upload" })).toEqual({ allowed: true });
    expect(checkGrant(grant(["releases:upload"]), { scope: "releases:publish" })).toEqual({ allowed: false, reason: "missing_scope", scope: "releases:publish" });
    for (const scope of TOKEN_SCOPES) expect(checkGrant(grant(["admin"]), { scope }).allowed).toBe(true);
  });

  it("keeps an app/channel-restricted token to its app and channel", () => {
    const ci = grant(["releases:publish"], "app-a", "beta");
    expect(checkGrant(ci, { scope: "releases:publish", appId: "app-a", channel: "beta" }).allowed).toBe(true);
    expect(checkGrant(ci, { scope: "releases:publish", appId: "app-a", channel: "stable" })).toMatchObject({ reason: "wrong_channel" });
    expect(checkGrant(ci, { scope: "releases:publish", appId: "app-b", channel: "beta" })).toMatchObject({ reason: "wrong_app" });
    expect(checkGrant(ci, { scope: "releases:publish", appId: "app-a" }).allowed).toBe(true);
    expect(checkGrant(ci, { scope: "releases:publish", global: true })).toMatchObject({ reason: "restricted_token" });
  });

  it("keeps a channel-restricted token off the routes that change or delete its whole app", () => {
    const betaOnly = grant(["apps:write", "apps:read", "releases:upload"], "app-a", "beta");
    const need = (method: string, path: string, target: { appId?: string; channel?: string } = { appId: "app-a" }) => {
      const match = matchApiRoute(method, path);
      if (match.kind !== "route") throw new Error(`no route ${method} ${path}`);
      return checkGrant(betaOnly, routeRequirement(match.route, target));
    };
    expect(need("PATCH", "/api/v1/apps/a")).toEqual({ allowed: false, reason: "channel_token" });
    expect(need("DELETE", "/api/v1/apps/a")).toEqual({ allowed: false, reason: "channel_token" });
    expect(describeDenial({ allowed: false, reason: "channel_token" })).toBe("this token is restricted to one channel and cannot change the whole app");
    // Reading the app and uploading to it stay open: the channel is checked where a route names one.
    expect(need("GET", "/api/v1/apps/a").allowed).toBe(true);
    expect(need("POST", "/api/v1/apps/a/uploads").allowed).toBe(true);
    // The deprecated publish route takes the channel from the body, which authorization never reads.
    const betaPublisher = grant(["releases:publish"], "app-a", "beta");
    const publish = (path: string, target: { appId?: string; channel?: string }) => {
      const match = matchApiRoute("POST", path);
      if (match.kind !== "route") throw new Error(`no route POST ${path}`);
      return checkGrant(betaPublisher, routeRequirement(match.route, target));
    };
    expect(publish("/api/v1/apps/a/releases", { appId: "app-a" })).toEqual({ allowed: false, reason: "channel_token" });
    expect(publish("/api/v1/apps/a/channels/beta/releases", { appId: "app-a", channel: "beta" })).toEqual({ allowed: true });
    expect(publish("/api/v1/apps/a/channels/stable/releases", { appId: "app-a", channel: "stable" })).toEqual({ allowed: false, reason: "wrong_channel" });
    // The same scopes without the channel restriction manage the app.
    expect(checkGrant(grant(["apps:write"], "app-a"), { scope: "apps:write", appId: "app-a", wholeApp: true }).allowed).toBe(true);
  });

  it("checks the scope before the restriction, so a denial names the missing scope", () => {
    expect(checkGrant(grant(["apps:read"], "app-a"), { scope: "tokens:manage", global: true })).toMatchObject({ reason: "missing_scope" });
  });
});

describe("API route table", () => {
  it("matches every route by method and path, with parameters", () => {
    for (const route of API_ROUTES) {
      const path = route.path.replace("{app}", "hello").replace("{channel}", "beta").replace("{id}", "abc");
      const match = matchApiRoute(route.method, path);
      expect(match.kind === "route" && match.route).toBe(route);
    }
    expect(matchApiRoute("GET", "/api/v1/apps/hello%2Dx/releases")).toMatchObject({ kind: "route", params: { app: "hello-x" } });
  });

  it("says not found or method not allowed", () => {
    expect(matchApiRoute("GET", "/api/v1/nope")).toEqual({ kind: "not_found" });
    expect(matchApiRoute("DELETE", "/api/v1/apps")).toEqual({ kind: "method_not_allowed", allowed: ["GET", "POST"] });
    expect(matchApiRoute("PUT", "/api/v1/apps/hello")).toEqual({ kind: "method_not_allowed", allowed: ["GET", "PATCH", "DELETE"] });
    expect(matchApiRoute("GET", "/api/v1/apps/%E0%A4%A/releases")).toEqual({ kind: "not_found" });
  });

  it("lets HEAD use the GET rule", () => {
    expect(matchApiRoute("HEAD", "/api/v1/whoami").kind).toBe("route");
  });
});
