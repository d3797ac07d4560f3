// A share link's install cap over real HTTP, against every way of spelling "the whole file" in a
// Range header: each download that includes byte 0 counts, a resume is served only as the rest of
// a download its grant counted, and a link capped at N never hands out an N+1th copy.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { resetEnvForTests } from "@/env";
import { createGrantCodec } from "@/server/crypto/grants";
import { createApp } from "@/server/services/apps";
import { createShareLink } from "@/server/services/share-links";
import { apiClient } from "../helpers/api";
import { rawRequest } from "../helpers/raw-http";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const SECRET = "e2e-share-link-caps-secret-0123456789";
/** Grants as the server signs them: with its AUTH_SECRET. */
const { createDownloadGrant } = createGrantCodec(SECRET);
const APK_SIZE = 16876; // android/hello.apk

let server: RunningServer;
let appId = "";
const artifacts = { apk: "", ipa: "" };

/** Every spelling of a request whose answer starts at byte 0; null sends no Range header. */
const FROM_BYTE_ZERO: (string | string[] | null)[] = [
  null,
  "bytes=0-",
  "bytes=00-",
  "bytes=000000000000000000000000-",
  `bytes=-${APK_SIZE}`,
  "bytes=-99999999",
  "bytes=-99999999999999999999999",
  "bytes=0-0",
  "bytes=0-99999999999999999999",
  "bytes=0-10,20-30",
  "bytes=20-30,0-10",
  "bytes=100-200,-5",
  "BYTES=0-",
  "Bytes=0-",
  " bytes = 0-",
  "bytes=\t0-",
  "bytes=0-,",
  ["bytes=500-", "bytes=0-"],
  "items=500-",
];

async function newLink(maxInstalls: number) {
  const { link } = await withServerStore(server.dataDir, (store) => createShareLink(store, SYSTEM_ACTOR, appId, { name: "testers", expiresInDays: 1, maxInstalls }));
  return link.id;
}

/** A grant as an install page renders it for a visitor who came through the link. */
function grantUrl(shareLinkId: string, file: "apk" | "ipa"): string {
  const grant = createDownloadGrant(artifacts[file], 600, { shareLinkId });
  return `${server.url}/g/${grant}/${file === "apk" ? "hello.apk" : "Hello.ipa"}`;
}

const download = (url: string, range: string | string[] | null) => rawRequest(url, { headers: range === null ? {} : { range } });

async function installCount(linkId: string): Promise<number> {
  return withServerStore(server.dataDir, async (store) => (await store.shareLinks.getById(linkId))?.installCount ?? -1);
}

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  resetEnvForTests();
  server = await startServer({ env: { AUTH_SECRET: SECRET } });
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "capped", displayName: "Capped", visibility: "private", bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const uploads = [await api.uploadFile("capped", path.join(FIXTURES, "android/hello.apk")), await api.uploadFile("capped", path.join(FIXTURES, "ios/Hello.ipa"))];
  const published = await api.call("POST", "/api/v1/apps/capped/releases", { version: "1.0.0", build: "1", channel: "stable", uploads, promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  for (const a of published.body.artifacts as { id: string; filename: string }[]) {
    if (a.filename === "hello.apk") artifacts.apk = a.id;
    if (a.filename === "Hello.ipa") artifacts.ipa = a.id;
  }
});

afterAll(async () => server?.stop());

describe("a share link's install cap", () => {
  it.each(FROM_BYTE_ZERO.map((range) => [JSON.stringify(range), range] as const))("counts a download with Range %s, and refuses the one past the cap", async (_name, range) => {
    const link = await newLink(1);
    const url = grantUrl(link, "apk");
    const first = await download(url, range);
    expect([200, 206]).toContain(first.status);
    expect(first.body.length).toBe(Number(first.headers["content-length"]));
    expect(await installCount(link)).toBe(1);
    // The cap is reached: the same spelling and a plain download stop, and so does a "resume" of
    // everything after byte 0 once the whole file went out.
    const more = first.body.length === APK_SIZE ? [range, null, "bytes=1-"] : [range, null];
    for (const again of more) expect((await download(url, again)).status, JSON.stringify(again)).toBe(403);
    expect(await installCount(link)).toBe(1);
  });

  it("serves a resume as the rest of the download its grant counted, not as a new install", async () => {
    const link = await newLink(1);
    const url = grantUrl(link, "apk");
    const head = await download(url, "bytes=0-8999");
    expect(head.status).toBe(206);
    const rest = await download(url, "bytes=9000-");
    expect(rest.status).toBe(206);
    expect(rest.headers["content-range"]).toBe(`bytes 9000-${APK_SIZE - 1}/${APK_SIZE}`);
    expect(await installCount(link)).toBe(1);
    // The whole file went out once: asking for it again, in any spelling, is a second install.
    for (const again of ["bytes=1-", "bytes=-99999999", "bytes=0-"]) expect((await download(url, again)).status, again).toBe(403);
  });

  it("counts a resume on a grant that counted nothing", async () => {
    const link = await newLink(1);
    const resumed = await download(grantUrl(link, "apk"), "bytes=1-");
    expect(resumed.status).toBe(206);
    expect(await installCount(link)).toBe(1);
    expect((await download(grantUrl(link, "apk"), null)).status).toBe(403);
  });

  it("counts a direct IPA download, and an iOS install (manifest, then IPA) once", async () => {
    const direct = await newLink(1);
    expect((await download(grantUrl(direct, "ipa"), null)).status).toBe(200);
    expect(await installCount(direct)).toBe(1);
    expect((await download(grantUrl(direct, "ipa"), null)).status).toBe(403);

    const viaManifest = await newLink(1);
    const ipa = grantUrl(viaManifest, "ipa");
    const manifest = ipa.replace("/g/", "/i/").replace(/\/Hello\.ipa$/, "/manifest.plist");
    expect((await download(manifest, null)).status).toBe(200);
    expect((await download(ipa, null)).status).toBe(200);
    expect(await installCount(viaManifest)).toBe(1);
    expect((await download(ipa, null)).status).toBe(403);
    expect((await download(manifest, null)).status).toBe(403);
  });

  it("hands out at most N copies through a link capped at N, whatever the mix of spellings and grants", async () => {
    const link = await newLink(3);
    let served = 0;
    for (const range of [...FROM_BYTE_ZERO, "bytes=1-", "bytes=2-", `bytes=-${APK_SIZE - 1}`]) {
      // A fresh grant each time, as a visitor reloading the install page would get.
      const res = await download(grantUrl(link, "apk"), range);
      if (res.status === 200 || res.status === 206) served++;
      else expect(res.status, JSON.stringify(range)).toBe(403);
    }
    expect(served).toBe(3);
    expect(await installCount(link)).toBe(3);
  });
});
