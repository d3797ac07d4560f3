// Methods Shipyard does not serve, over a raw socket on a real server: pages, API routes and byte
// paths answer 405 with an Allow header, never a 500 or a dropped connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExchange } from "../helpers/raw-http";
import { type RunningServer, startServer } from "../helpers/server";

let server: RunningServer;

const PATHS = ["/", "/some-app", "/admin", "/login", "/api/health", "/api/v1/apps", "/api/trpc/apps.list", "/d/00000000-0000-7000-8000-000000000000/a.apk", "/g/x.y/a.apk", "/api/uploads/abc"];
// TRACK and FOO are not even methods Node's parser knows; CONNECT is its own kind of request.
const METHODS = ["TRACE", "TRACK", "PROPFIND", "MKCOL", "PURGE", "FOO"];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => server?.stop());

describe("unsupported methods", () => {
  it.each(METHODS)("%s answers 405 with Allow on pages, API routes and byte paths", async (method) => {
    for (const target of PATHS) {
      const res = await rawExchange(server.url, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`);
      expect(res.status, `${method} ${target}`).toBe(405);
      expect(res.headers.allow, `${method} ${target}`).toMatch(/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)(, (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS))*$/);
      expect(res.headers.allow, `${method} ${target}`).not.toContain(method);
    }
  });

  it("CONNECT answers 405 with Allow", async () => {
    for (const target of ["127.0.0.1:22", "example.com:443", "/api/health"]) {
      const res = await rawExchange(server.url, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(res.status, target).toBe(405);
      expect(res.headers.allow, target).toContain("GET");
    }
  });

  it("still serves the methods it supports", async () => {
    expect((await rawExchange(server.url, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status).toBe(200);
    expect((await rawExchange(server.url, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status).toBe(200);
  });
});
