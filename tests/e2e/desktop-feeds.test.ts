// Desktop update feeds served by a real server, read by electron-updater's own provider code
// (its HTTP reads go to the server over loopback) and by an XML parser checking what Sparkle needs.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { findFile } from "electron-updater/out/providers/Provider";
import { GenericProvider } from "electron-updater/out/providers/GenericProvider";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const EXE = path.join(FIXTURES, "windows/HelloFixture-Setup-1.2.3.exe");
const APPIMAGE = path.join(FIXTURES, "linux/Hello_Fixture-1.2.3-x86_64.AppImage");
const DEB = path.join(FIXTURES, "linux/hello-fixture_1.2.3-42_amd64.deb");
const DMG = path.join(FIXTURES, "macos/test.dmg");
const ED_SIGNATURE = `${"A".repeat(40)}${"b+/9".repeat(11)}AB==`;

let server: RunningServer;
let api: ReturnType<typeof apiClient>;

type ProviderArgs = ConstructorParameters<typeof GenericProvider>;
const ELECTRON_PLATFORM = { windows: "win32", macos: "darwin", linux: "linux" } as const;
const realArch = Object.getOwnPropertyDescriptor(process, "arch")!;
afterEach(() => Object.defineProperty(process, "arch", realArch));

/** electron-updater's GenericProvider for this app's feeds, its HTTP reads sent to the server. */
function updaterFor(platform: keyof typeof ELECTRON_PLATFORM, channel: string | null, headers: Record<string, string> = {}) {
  Object.defineProperty(process, "arch", { ...realArch, value: "x64" });
  const executor = {
    request: async (options: { path?: string }) => {
      const res = await fetch(`${server.url}${options.path ?? ""}`, { headers });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`feed answered ${res.status}`);
      return res.text();
    },
  };
  return new GenericProvider(
    { provider: "generic", url: `${server.url}/desk/feeds/` } as ProviderArgs[0],
    { channel, isAddNoCacheQuery: false } as unknown as ProviderArgs[1],
    { isUseMultipleRangeRequest: false, platform: ELECTRON_PLATFORM[platform], executor } as unknown as ProviderArgs[2],
  );
}

const sha512 = (bytes: Buffer) => createHash("sha512").update(bytes).digest("base64");

async function publish(version: string, build: string, files: string[], attributes: (ids: string[]) => Record<string, unknown> = () => ({})) {
  const uploads: string[] = [];
  for (const file of files) uploads.push(await api.uploadFile("desk", file));
  const res = await api.call("POST", "/api/v1/apps/desk/releases", { version, build, channel: "stable", uploads, attributes: attributes(uploads), promote: true });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return String(res.body.id);
}

beforeAll(async () => {
  server = await startServer();
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "desk", displayName: "Desk App", visibility: "public" });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  api = apiClient(server.url, token);
  // DMG ids: the CI attributes carry Sparkle's signature and minimum macOS for that upload.
  await publish("1.2.3", "42", [EXE, APPIMAGE, DEB, DMG], (ids) => ({ [ids[3] ?? ""]: { edSignature: ED_SIGNATURE, minimumSystemVersion: "11.0" } }));
});

afterAll(async () => server?.stop());

describe("electron-updater generic feeds", () => {
  it.each([
    ["windows", "exe", EXE, []],
    ["linux", "AppImage", APPIMAGE, ["rpm", "deb", "pacman"]],
    ["linux", "deb", DEB, ["AppImage", "rpm", "pacman"]],
  ] as const)("%s: electron-updater reads the feed and picks the .%s, whose bytes match its sha512", async (platform, extension, fixture, others) => {
    const updater = updaterFor(platform, "stable");
    const info = await updater.getLatestVersion();
    expect(info.version).toBe("1.2.3");
    const chosen = findFile(updater.resolveFiles(info), extension, [...others]);
    expect(chosen).toBeTruthy();
    expect(decodeURIComponent(chosen?.url.pathname.split("/").pop() ?? "")).toBe(path.basename(fixture));
    expect(chosen?.info.sha512).toBe(sha512(readFileSync(fixture)));
    expect(chosen?.info.size).toBe(readFileSync(fixture).length);
    const bytes = Buffer.from(await (await fetch(chosen?.url ?? "")).arrayBuffer());
    expect(sha512(bytes)).toBe(chosen?.info.sha512);
  });

  it("serves electron-updater's default channel (latest) from stable", async () => {
    const info = await updaterFor("windows", null).getLatestVersion();
    expect(info.version).toBe("1.2.3");
  });

  it("says 404 for a platform the release lacks and for an unknown channel", async () => {
    expect((await fetch(`${server.url}/desk/feeds/stable-linux-arm64.yml`)).status).toBe(404);
    expect((await fetch(`${server.url}/desk/feeds/nightly.yml`)).status).toBe(404);
    expect((await fetch(`${server.url}/nope/feeds/stable.yml`)).status).toBe(404);
  });
});

describe("Sparkle appcast", () => {
  it("is well-formed RSS with what Sparkle compares and verifies: build, short version, minimum macOS, EdDSA signature", async () => {
    const res = await fetch(`${server.url}/desk/feeds/stable/appcast.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false }).parse(xml) as {
      rss: { "@version": string; "@xmlns:sparkle": string; channel: { item: Record<string, unknown> & { enclosure: Record<string, string> } } };
    };
    expect(doc.rss["@version"]).toBe("2.0");
    expect(doc.rss["@xmlns:sparkle"]).toBe("http://www.andymatuschak.org/xml-namespaces/sparkle");
    const item = doc.rss.channel.item;
    expect(String(item["sparkle:version"])).toBe("42");
    expect(String(item["sparkle:shortVersionString"])).toBe("1.2.3");
    expect(String(item["sparkle:minimumSystemVersion"])).toBe("11.0");
    expect(Number.isNaN(Date.parse(String(item.pubDate)))).toBe(false);
    const enclosure = item.enclosure;
    expect(enclosure["@sparkle:edSignature"]).toBe(ED_SIGNATURE);
    expect(Number(enclosure["@length"])).toBe(readFileSync(DMG).length);
    const dmg = Buffer.from(await (await fetch(enclosure["@url"] ?? "")).arrayBuffer());
    expect(dmg.equals(readFileSync(DMG))).toBe(true);
  });

  it("refuses a malformed signature at publish time, naming the field", async () => {
    const upload = await api.uploadFile("desk", DMG);
    const res = await api.call("POST", "/api/v1/apps/desk/releases", { version: "1.2.4", build: "43", channel: "stable", uploads: [upload], attributes: { [upload]: { edSignature: "not-base64" } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("edSignature");
  });
});

describe("staged rollout in the feeds", () => {
  it("publishes stagingPercentage for electron-updater and answers per device when it says who it is", async () => {
    await publish("1.3.0", "50", [EXE]);
    const patched = await api.call("PATCH", "/api/v1/apps/desk/channels/stable", { rolloutPercent: 30 });
    expect(patched.status).toBe(200);

    // Without a device id the feed names the new release and lets the client decide by its staging id.
    const info = await updaterFor("windows", "stable").getLatestVersion();
    expect(info.version).toBe("1.3.0");
    expect(info.stagingPercentage).toBe(30);

    // With one, the server decides: the same device always gets the same answer, ~30% the new one.
    const versions: string[] = [];
    for (let i = 0; i < 200; i++) {
      const first = await updaterFor("windows", "stable", { "x-shipyard-device-id": `device-${i}` }).getLatestVersion();
      const again = await updaterFor("windows", "stable", { "x-shipyard-device-id": `device-${i}` }).getLatestVersion();
      expect(again.version).toBe(first.version);
      versions.push(first.version);
    }
    const share = versions.filter((v) => v === "1.3.0").length / versions.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
    expect(new Set(versions)).toEqual(new Set(["1.2.3", "1.3.0"]));

    // Rollback: everyone is back on 1.2.3, and the feed stops staging.
    expect((await api.call("POST", "/api/v1/apps/desk/channels/stable/rollback", {})).status).toBe(200);
    const back = await updaterFor("windows", "stable").getLatestVersion();
    expect(back.version).toBe("1.2.3");
    expect(back.stagingPercentage).toBeUndefined();
  });
});

describe("a release without a platform", () => {
  it("keeps serving that platform's newest release in the channel: Windows-only 1.4.0 leaves Linux and Sparkle on 1.2.3", async () => {
    await publish("1.4.0", "60", [EXE]);
    expect((await updaterFor("windows", "stable").getLatestVersion()).version).toBe("1.4.0");

    const linux = await fetch(`${server.url}/desk/feeds/stable-linux.yml`);
    expect(linux.status).toBe(200);
    const info = await updaterFor("linux", "stable").getLatestVersion();
    expect(info.version).toBe("1.2.3");
    expect(info.stagingPercentage).toBeUndefined();
    const appImage = findFile(updaterFor("linux", "stable").resolveFiles(info), "AppImage", ["rpm", "deb", "pacman"]);
    expect(appImage?.info.sha512).toBe(sha512(readFileSync(APPIMAGE)));

    // Sparkle, with and without a device id (every device is in a complete rollout's bucket).
    for (const headers of [{}, { "x-shipyard-device-id": "device-7" }] as Record<string, string>[]) {
      const xml = await (await fetch(`${server.url}/desk/feeds/stable/appcast.xml`, { headers })).text();
      expect(xml).toContain("<sparkle:version>42</sparkle:version>");
      expect(xml).not.toContain("<sparkle:version>60</sparkle:version>");
    }
  });
});
