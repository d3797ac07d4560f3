// The install pages' session check: the user id of a session cookie as next-auth writes it (its own
// encode, with the cookie's name as salt), and nothing for a cookie it would not accept either.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { type SessionCookieKeys, sessionClaim } from "@/server/auth/session-user";

const SECRET = "session-user-test-secret-0123456789abcdef";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

const session = (sub: string | undefined, options: { salt?: string; secret?: string; maxAge?: number } = {}) =>
  encode({ token: sub === undefined ? { name: "x" } : { sub, name: "Ada" }, secret: options.secret ?? SECRET, salt: options.salt ?? PLAIN, maxAge: options.maxAge ?? 3600 });
const headers = (values: Record<string, string>) => new Headers(values);
const plain = { secret: SECRET, secureCookie: false };
const sessionUserId = async (h: Headers, keys: SessionCookieKeys, now?: number) => (await sessionClaim(h, keys, now))?.userId ?? null;

describe("sessionClaim", () => {
  it("carries the session version the token was issued under and its id (0 and none for a token from before them)", async () => {
    const versioned = await encode({ token: { sub: "user-9", sv: 3, sid: "session-9" }, secret: SECRET, salt: PLAIN, maxAge: 3600 });
    expect(await sessionClaim(headers({ cookie: `${PLAIN}=${versioned}` }), plain)).toEqual({ userId: "user-9", version: 3, sessionId: "session-9" });
    expect(await sessionClaim(headers({ cookie: `${PLAIN}=${await session("user-8")}` }), plain)).toEqual({ userId: "user-8", version: 0, sessionId: null });
  });

  it("reads the user id of a session cookie next-auth made", async () => {
    expect(await sessionUserId(headers({ cookie: `a=1; ${PLAIN}=${await session("user-1")}; b=2` }), plain)).toBe("user-1");
  });

  it("reads the __Secure- cookie behind https, and only that one", async () => {
    const secureToken = await session("user-2", { salt: SECURE });
    expect(await sessionUserId(headers({ cookie: `${SECURE}=${secureToken}` }), { secret: SECRET, secureCookie: true })).toBe("user-2");
    expect(await sessionUserId(headers({ cookie: `${PLAIN}=${await session("user-2")}` }), { secret: SECRET, secureCookie: true })).toBeNull();
  });

  it("refuses a cookie from another secret, a tampered one, an expired one and one without a user", async () => {
    const token = await session("user-3");
    const tampered = `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    for (const value of [await session("user-3", { secret: "another-secret-0123456789abcdefghij" }), tampered, await session("user-3", { maxAge: -60 }), await session(undefined), "garbage"]) {
      expect(await sessionUserId(headers({ cookie: `${PLAIN}=${value}` }), plain)).toBeNull();
    }
  });

  it("stops reading a remembered session once it expires, whatever else the Cookie header carries", async () => {
    const token = await session("user-5", { maxAge: 60 });
    const at = Date.now();
    expect(await sessionUserId(headers({ cookie: `sy_device=a; ${PLAIN}=${token}` }), plain, at)).toBe("user-5");
    expect(await sessionUserId(headers({ cookie: `${PLAIN}=${token}; sy_device=b` }), plain, at + 30_000)).toBe("user-5");
    expect(await sessionUserId(headers({ cookie: `${PLAIN}=${token}; sy_device=c` }), plain, at + 61_000)).toBeNull();
  });

  it("reads a token next-auth split over several cookies", async () => {
    const token = await session("user-6");
    const half = Math.ceil(token.length / 2);
    const cookie = `a=1; ${PLAIN}.0=${token.slice(0, half)}; b=2; ${PLAIN}.1=${token.slice(half)}`;
    expect(await sessionUserId(headers({ cookie }), plain)).toBe("user-6");
  });

  it("takes no token from an Authorization header, and nothing from no cookie", async () => {
    const token = await session("user-4");
    expect(await sessionUserId(headers({ authorization: `Bearer ${token}` }), plain)).toBeNull();
    expect(await sessionUserId(headers({}), plain)).toBeNull();
  });
});
