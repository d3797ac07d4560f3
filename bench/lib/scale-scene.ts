// What bench:scale's workloads need on a fresh database, published through one server's API as CI
// and an admin would: the public app `bench` with a release of the four fixture files (its install
// page) and a release holding one big artifact (the download), and the private app of bench:dynamic
// with a share link whose visitor cookie opens its install page.
import path from "node:path";
import { putFile } from "./http-client";
import { FIXTURES, setUpPrivateApp } from "./private-app";
import { loadFile, publishRelease } from "./publish";
import { openUpload, publish, type Shipyard } from "./shipyard";

const FILES = ["ios/Hello.ipa", "android/hello.apk", "windows/HelloFixture-Setup-1.2.3.exe", "linux/Hello_Fixture-1.2.3-x86_64.AppImage"];
export const PRIVATE_APP = "private-bench";

export interface Scene {
  /** Path and query of the big artifact's download, the same on every server of one database. */
  downloadPath: string;
  /** Cookie of a visitor who opened the private app's share link (AUTH_SECRET is shared). */
  shareCookie: string;
}

/** `bigFile` of `size` bytes and its sha256; `s` started with private-app's adminEnv. */
export async function publishScene(s: Shipyard, bigFile: string, size: number, sha256: string): Promise<Scene> {
  const files = FILES.map((f) => loadFile(path.join(FIXTURES, f)));
  await publishRelease(s.url, s.token, "bench", files, { version: "1.2.3", build: "42", channel: "stable", notes: "## What's new\n\n- Faster sync" });
  const upload = await openUpload(s, path.basename(bigFile), size, sha256);
  const put = await putFile(upload.uploadUrl, bigFile, size);
  if (put.status !== 200) throw new Error(`upload of the download artifact: ${put.status} ${put.body}`);
  const url = new URL(await publish(s, upload.id));
  const app = await setUpPrivateApp(s.url, PRIVATE_APP);
  return { downloadPath: `${url.pathname}${url.search}`, shareCookie: app.shareCookie };
}
