// The device id cookie the Node server gives install page visitors before Next renders the page
// (once Next middleware's job): which paths get one, and what the request and response carry.
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE_MAX_AGE, deviceIdOf, ensureDeviceId, needsDeviceId } from "@/server/http/device-cookie";

function exchange(cookie?: string) {
  const req = new IncomingMessage(new Socket());
  if (cookie !== undefined) req.headers.cookie = cookie;
  const res = new ServerResponse(req);
  return { req, res };
}

const setCookies = (res: ServerResponse) => [res.getHeader("set-cookie") ?? []].flat().map(String);

describe("needsDeviceId", () => {
  it.each(["/hello", "/hello/", "/hello/beta", "/hello/releases/0190a0b0-0000-7000-8000-000000000000", "/hello/feeds/stable/latest.yml", "/no/such/page", "/administrator", "/helpful", "/loginx"])(
    "%s: an install page (or its 404)",
    (path) => expect(needsDeviceId(path)).toBe(true),
  );

  it.each([
    "/",
    "/admin",
    "/admin/apps",
    "/api/v1/apps",
    "/api/trpc/apps.list",
    "/api/auth/session",
    "/_next/static/x.js",
    "/login",
    "/help",
    "/d/a/b",
    "/g/x/y",
    "/i/x/y",
    "/s/secret",
    "/favicon.ico",
    "/icon.svg",
    "/robots.txt",
  ])("%s: no device id", (path) => expect(needsDeviceId(path)).toBe(false));
});

describe("ensureDeviceId", () => {
  it("gives a first visitor an id that the request already carries and the response sets", () => {
    const { req, res } = exchange("sy_share_hello=abc");
    ensureDeviceId(req, res, false, Date.UTC(2026, 0, 1));
    const id = deviceIdOf(req.headers.cookie);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers.cookie).toBe(`sy_share_hello=abc; sy_device=${id}`);
    expect(setCookies(res)).toEqual([`sy_device=${id}; Path=/; Expires=Sat, 01 Jan 2028 00:00:00 GMT; Max-Age=${DEVICE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax`]);
  });

  it("marks the cookie Secure behind an https PUBLIC_URL and keeps other cookies being set", () => {
    const { req, res } = exchange();
    res.setHeader("set-cookie", "other=1");
    ensureDeviceId(req, res, true);
    expect(req.headers.cookie).toMatch(/^sy_device=[0-9a-f-]{36}$/);
    const cookies = setCookies(res);
    expect(cookies[0]).toBe("other=1");
    expect(cookies[1]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("leaves a returning visitor's id alone, and replaces an empty one", () => {
    const returning = exchange("a=1; sy_device=device-7");
    ensureDeviceId(returning.req, returning.res, false);
    expect(returning.req.headers.cookie).toBe("a=1; sy_device=device-7");
    expect(returning.res.getHeader("set-cookie")).toBeUndefined();

    const empty = exchange("sy_device=; a=1");
    ensureDeviceId(empty.req, empty.res, false);
    expect(deviceIdOf(empty.req.headers.cookie)).toMatch(/^[0-9a-f-]{36}$/);
    expect(setCookies(empty.res)).toHaveLength(1);
  });

  it("gives every first visitor an id of their own", () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => {
        const { req, res } = exchange();
        ensureDeviceId(req, res, false);
        return deviceIdOf(req.headers.cookie);
      }),
    );
    expect(ids.size).toBe(50);
  });
});
