// Behind a reverse proxy (issue 10, defect 6): Shipyard listens on 0.0.0.0 while browsers know it
// as PUBLIC_URL, here https://apps.example.test:PORT. Every URL the sign-in flow answers with
// (the admin page's redirect to login, the redirect after sign-in, after a failed sign-in, after
// sign-out, next-auth's own sign-in URL) must be PUBLIC_URL's, whatever Host the proxy forwards.
// Requests go to 127.0.0.1 directly, as a proxy's would. An https PUBLIC_URL also turns on HSTS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, postForm } from "../helpers/http-client";
import { freePort, type RunningServer, startServer } from "../helpers/server";

let server: RunningServer;
let PUBLIC = "";
let admin: { email: string; password: string };

beforeAll(async () => {
  const port = await freePort();
  PUBLIC = `https://apps.example.test:${port}`;
  server = await startServer({ port, env: { HOST: "0.0.0.0", PUBLIC_URL: PUBLIC } });
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  admin = { email: printed[1], password: printed[2] };
});

afterAll(async () => server?.stop());

const PROXY_HOSTS = [undefined, "shipyard.internal:8080"];
const get = (route: string, headers: Record<string, string> = {}) => httpRequest(`${server.url}${route}`, { headers });

describe("auth URLs behind a reverse proxy", () => {
  it("sends anonymous admin visitors to PUBLIC_URL's login page", async () => {
    for (const host of PROXY_HOSTS) {
      const res = await get("/admin/apps/hello", host ? { host } : {});
      expect(res.status).toBe(307);
      expect(res.headers.location).toBe(`${PUBLIC}/login?callbackUrl=%2Fadmin%2Fapps%2Fhello`);
    }
  });

  it("builds next-auth's own sign-in URL on PUBLIC_URL", async () => {
    for (const host of PROXY_HOSTS) {
      const res = await get("/api/auth/signin", host ? { host } : {});
      expect(res.status).toBe(302);
      // next-auth answers with the login page's path (relative, so resolved against PUBLIC_URL by the
      // browser) and a callback URL it built itself: that one must be PUBLIC_URL too.
      const location = new URL(String(res.headers.location), PUBLIC);
      expect(`${location.origin}${location.pathname}`).toBe(`${PUBLIC}/login`);
      expect(location.searchParams.get("callbackUrl")).toBe(PUBLIC);
    }
  });

  it("redirects after a failed and a successful sign-in, and after sign-out, to PUBLIC_URL", async () => {
    const failed = await postForm(`${server.url}/api/auth/sign-in`, { email: admin.email, password: "wrong password", callbackUrl: "/admin" }, { headers: { host: "shipyard.internal:8080" } });
    expect(failed.status).toBe(303);
    expect(failed.headers.location).toBe(`${PUBLIC}/login?error=invalid&callbackUrl=%2Fadmin`);

    const signedIn = await postForm(`${server.url}/api/auth/sign-in`, { ...admin, callbackUrl: "/admin/apps/hello" }, { headers: { host: "shipyard.internal:8080" } });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(`${PUBLIC}/admin/apps/hello`);
    // An https PUBLIC_URL means https cookies, even though this hop is plain http.
    const session = signedIn.cookies.find((c) => c.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    expect((await get("/admin", { cookie: session ?? "" })).status).toBe(200);

    const csrf = await get("/api/auth/csrf", { cookie: session ?? "" });
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const cookie = [session, ...csrf.cookies].join("; ");
    const signedOut = await postForm(`${server.url}/api/auth/signout`, { csrfToken, callbackUrl: "/login" }, { headers: { cookie, host: "shipyard.internal:8080" } });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.location).toBe(`${PUBLIC}/login`);
    expect(signedOut.cookies).toContain("__Secure-authjs.session-token=");
  });

  it("tells browsers to use https only (HSTS) when PUBLIC_URL is https", async () => {
    for (const route of ["/login", "/api/health", "/admin"]) {
      expect((await get(route)).headers["strict-transport-security"], route).toBe("max-age=31536000");
    }
  });
});
