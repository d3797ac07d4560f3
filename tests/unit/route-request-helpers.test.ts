// What the thin routes' http helpers read from a request and answer: the feed request's parts, the
// install beacon's body, the sign-in form and its answers, and the closed share-link page.
import { describe, expect, it } from "vitest";
import { createGrantCodec } from "@/server/crypto/grants";
import { closedLinkPage } from "@/server/http/closed-link-page";
import { readFeedRequest } from "@/server/http/feed-request";
import { readInstallTap } from "@/server/http/install-tap-body";
import { readSignInForm, signInAnswer } from "@/server/http/sign-in-form";

const PUBLIC = "https://apps.example.test";

describe("readFeedRequest", () => {
  const read = (headers: Record<string, string>, query = "") => readFeedRequest(new Request(`${PUBLIC}/desk/feeds/latest.yml${query}`, { headers }), "desk", ["latest.yml"]);

  it("takes the bearer token and the device id from Shipyard's header, electron-updater's, then the query", () => {
    expect(read({ authorization: "Bearer shp_abc", "x-shipyard-device-id": " dev-1 ", "x-user-staging-id": "staging" })).toEqual({
      slug: "desk",
      path: ["latest.yml"],
      bearer: "shp_abc",
      deviceId: "dev-1",
    });
    expect(read({ "x-user-staging-id": "staging" }, "?deviceId=query").deviceId).toBe("staging");
    expect(read({}, "?deviceId=query").deviceId).toBe("query");
  });

  it("reads a malformed token or device id as none", () => {
    expect(read({ authorization: "Basic abc", "x-shipyard-device-id": "   " })).toMatchObject({ bearer: null, deviceId: null });
    expect(read({ authorization: "Bearer a b", "x-shipyard-device-id": "x".repeat(500) })).toMatchObject({ bearer: null, deviceId: null });
  });
});

describe("readInstallTap", () => {
  const codec = createGrantCodec("s".repeat(40));
  const post = (body: string) => new Request(`${PUBLIC}/api/install-tap`, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("reads the tapped file and share link from the grant, and the page's channel", async () => {
    const grant = codec.createDownloadGrant("artifact-1", 60, { shareLinkId: "link-1" });
    expect(await readInstallTap(post(JSON.stringify({ grant, channel: "beta" })), codec.readDownloadGrant)).toEqual({ artifactId: "artifact-1", shareLinkId: "link-1", channel: "beta" });
    expect(await readInstallTap(post(JSON.stringify({ grant: codec.createDownloadGrant("a", 60) })), codec.readDownloadGrant)).toEqual({ artifactId: "a", shareLinkId: null, channel: null });
  });

  it("drops forged, icon-only and malformed beacons", async () => {
    const other = createGrantCodec("o".repeat(40));
    for (const body of [
      JSON.stringify({ grant: other.createDownloadGrant("a", 60) }),
      JSON.stringify({ grant: codec.createIconGrant("a", 60) }),
      JSON.stringify({ grant: codec.createDownloadGrant("a", 60), channel: "Not A Channel!" }),
      JSON.stringify({ grant: "" }),
      "not json",
    ]) {
      expect(await readInstallTap(post(body), codec.readDownloadGrant), body).toBeNull();
    }
  });
});

describe("the sign-in form", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Request(`${PUBLIC}/api/auth/sign-in`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

  it("reads email, password, a same-site callback path and whether JSON is wanted", async () => {
    const read = await readSignInForm(post("email=a%40b.c&password=pw&callbackUrl=%2Fadmin%2Fapps", { accept: "application/json" }), PUBLIC);
    expect(read).toEqual({ ok: true, form: { email: "a@b.c", password: "pw", callbackPath: "/admin/apps", json: true } });
    const offsite = await readSignInForm(post("email=a&callbackUrl=https%3A%2F%2Fevil.example"), PUBLIC);
    expect(offsite.ok && offsite.form).toEqual({ email: "a", password: "", callbackPath: "/admin", json: false });
  });

  it("refuses cross-site posts, next-auth's redirect header and bodies that are not a small form", async () => {
    const status = async (req: Request) => {
      const read = await readSignInForm(req, PUBLIC);
      return read.ok ? 200 : read.response.status;
    };
    expect(await status(post("email=a", { origin: "https://evil.example" }))).toBe(403);
    expect(await status(post("email=a", { "x-auth-return-redirect": "1" }))).toBe(400);
    expect(await status(post(`password=${"x".repeat(9000)}`))).toBe(400);
  });

  it("answers JSON callers in JSON and form posts with redirects, always on PUBLIC_URL", async () => {
    const json = { callbackPath: "/admin/x", json: true };
    const form = { callbackPath: "/admin/x", json: false };
    expect(await signInAnswer({ ok: true }, json, PUBLIC).json()).toEqual({ url: `${PUBLIC}/admin/x` });
    expect(signInAnswer({ ok: true }, form, PUBLIC).headers.get("location")).toBe(`${PUBLIC}/admin/x`);
    expect(signInAnswer({ ok: false, retryAfterSeconds: null }, json, PUBLIC).status).toBe(401);
    const wrong = signInAnswer({ ok: false, retryAfterSeconds: null }, form, PUBLIC);
    expect([wrong.status, wrong.headers.get("location")]).toEqual([303, `${PUBLIC}/login?error=invalid&callbackUrl=%2Fadmin%2Fx`]);
  });

  it("answers a throttled attempt 429 with Retry-After, as JSON or as a short page", async () => {
    const json = signInAnswer({ ok: false, retryAfterSeconds: 30 }, { callbackPath: "/admin", json: true }, PUBLIC);
    expect([json.status, json.headers.get("retry-after")]).toEqual([429, "30"]);
    expect(await json.json()).toMatchObject({ error: { code: "RATE_LIMITED", retryAfterSeconds: 30 } });
    const page = signInAnswer({ ok: false, retryAfterSeconds: 30 }, { callbackPath: "/admin", json: false }, PUBLIC);
    expect([page.status, page.headers.get("content-type")]).toEqual([429, "text/html; charset=utf-8"]);
    expect(await page.text()).toContain(`href="${PUBLIC}/login?callbackUrl=%2Fadmin"`);
  });
});

describe("closedLinkPage", () => {
  it("answers 410 with the reason in words, never cached", async () => {
    const res = closedLinkPage("revoked");
    expect([res.status, res.headers.get("cache-control")]).toEqual([410, "no-store"]);
    expect(await res.text()).toContain("This share link was revoked by the app's owner.");
  });
});
