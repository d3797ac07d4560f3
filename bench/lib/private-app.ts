// The scene bench:dynamic measures, set up the way an admin and CI would: through the running
// server's own endpoints (sign-in, the console's tRPC API, the publish API), so whatever the server
// keeps in memory sees every change. A private app with two releases of four files each, its stable
// channel in a 50 % staged rollout (so the device id decides the answer of an update check), a
// share link, and the cookies of a signed-in admin and of a share-link visitor.
import path from "node:path";
import { loadFile, publishRelease } from "./publish";

export const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const FILES = ["ios/Hello.ipa", "android/hello.apk", "windows/HelloFixture-Setup-1.2.3.exe", "linux/Hello_Fixture-1.2.3-x86_64.AppImage"];
const NOTES = "## What's new\n\n- Faster sync\n- Fixed the **crash** on launch\n- [Changelog](https://example.com/changelog)";

export interface PrivateApp {
  slug: string;
  updateKey: string;
  /** Cookie header of the signed-in first admin. */
  sessionCookie: string;
  /** Cookie header of a visitor who opened the app's share link. */
  shareCookie: string;
}

/** The first admin, created at the server's first start from SHIPYARD_ADMIN_EMAIL/_PASSWORD (see adminEnv). */
export const ADMIN = { email: "bench-dynamic@example.com", password: "bench dynamic admin password" };
export const adminEnv = { SHIPYARD_ADMIN_EMAIL: ADMIN.email, SHIPYARD_ADMIN_PASSWORD: ADMIN.password };

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter(Boolean)
    .join("; ");

/** Signs in through POST /api/auth/sign-in as the login page does; returns the session cookie. */
export async function signIn(url: string, credentials: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", origin: url },
    body: new URLSearchParams({ ...credentials, callbackUrl: "/admin" }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = cookiesOf(res);
  if (!cookie) throw new Error("sign-in answered without a session cookie");
  return cookie;
}

/** One tRPC mutation of the console's API (superjson: plain JSON inputs travel as {json}). */
async function mutate<T>(url: string, cookie: string, procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: url },
    body: JSON.stringify({ json: input }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${procedure}: ${res.status} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** Opens /s/{secret} as a visitor's browser would; returns the share cookie it set. */
async function redeemShareLink(shareUrl: string): Promise<string> {
  const res = await fetch(shareUrl, { redirect: "manual" });
  await res.text();
  const cookie = cookiesOf(res);
  if (res.status !== 303 || !cookie) throw new Error(`share link ${shareUrl}: ${res.status}, no cookie`);
  return cookie;
}

/** On a server started with adminEnv. */
export async function setUpPrivateApp(url: string, slug: string): Promise<PrivateApp> {
  const sessionCookie = await signIn(url, ADMIN);
  const app = await mutate<{ id: string; updateKey: string | null }>(url, sessionCookie, "apps.create", { slug, displayName: "Private Bench", visibility: "private" });
  const updateKey = app.updateKey ?? (await mutate<{ updateKey: string }>(url, sessionCookie, "apps.rotateUpdateKey", { id: app.id })).updateKey;
  const { secret: token } = await mutate<{ secret: string }>(url, sessionCookie, "tokens.create", {
    name: "bench-ci",
    scopes: ["releases:upload", "releases:publish"],
    app: slug,
  });
  const files = FILES.map((f) => loadFile(path.join(FIXTURES, f)));
  const older = await publishRelease(url, token, slug, files, { version: "1.0.0", build: "1", channel: "stable", notes: NOTES });
  const newer = await publishRelease(url, token, slug, files, { version: "1.2.3", build: "42", channel: "stable", notes: NOTES });
  // Stable: 1.0.0 everywhere, then 1.2.3 staged to half the devices (the others keep 1.0.0).
  await mutate(url, sessionCookie, "channels.promote", { appId: app.id, channel: "stable", releaseId: older.releaseId });
  await mutate(url, sessionCookie, "channels.promote", { appId: app.id, channel: "stable", releaseId: newer.releaseId, rolloutPercent: 50 });
  const link = await mutate<{ url: string }>(url, sessionCookie, "shareLinks.create", { appId: app.id, link: { name: "bench visitors" } });
  return { slug, updateKey, sessionCookie, shareCookie: await redeemShareLink(link.url) };
}
