// Desktop feeds as the feed route serves them (buildFeedDocument), on both stores: who may read a
// feed, which path names which feed, and documents that the updaters' own parsers read back.
import { parseUpdateInfo } from "electron-updater/out/providers/Provider";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import { FEED_PATH_HINT } from "@/domain/feeds/feed-path";
import { createApp } from "@/server/services/apps";
import { promoteChannel, updateChannel } from "@/server/services/channels";
import { buildFeedDocument, FEED_GRANT_TTL_SECONDS, type FeedDeps, type FeedRequest } from "@/server/services/feed-documents";
import { publishRelease } from "@/server/services/releases";
import { seedToken } from "../helpers/seed";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const SHA512 = Buffer.alloc(64, 7).toString("base64");
const ED_SIGNATURE = `${"A".repeat(86)}==`;

describe.each(STORE_KINDS)("desktop feed documents: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  let urls: { app: string; artifact: string; ttl: number }[];
  let deps: FeedDeps;

  beforeEach(async () => {
    app = await createApp(t.store, SYSTEM_ACTOR, { slug: "desk", displayName: "Desk App", bundleIds: {}, visibility: "public" });
    urls = [];
    deps = {
      store: t.store,
      publicUrl: "https://ship.example.com",
      downloadUrl: (a: App, artifact: Artifact, options: { grantTtlSeconds: number }) => {
        urls.push({ app: a.slug, artifact: artifact.filename, ttl: options.grantTtlSeconds });
        return `https://ship.example.com/d/${artifact.id}/${encodeURIComponent(artifact.filename)}`;
      },
    };
  });

  const request = (path: string[], extra: Partial<FeedRequest> = {}): FeedRequest => ({ slug: app.slug, path, bearer: null, deviceId: null, ...extra });

  async function publish(build: number, rolloutPercent?: number) {
    const { release } = await publishRelease(t.store, SYSTEM_ACTOR, app.id, {
      version: `1.2.${build}`,
      build: String(build),
      channel: "beta",
      promote: true,
      notes: "Faster **sync**",
      artifacts: [
        {
          platform: "linux",
          filename: `desk-${build}.AppImage`,
          sizeBytes: 1234,
          sha256: `${build}1`.padStart(64, "a"),
          validationStatus: "valid",
          metadata: { kind: "appimage", digests: { sha512: SHA512 } },
        },
        {
          platform: "macos",
          filename: `Desk-${build}.zip`,
          sizeBytes: 4321,
          sha256: `${build}2`.padStart(64, "a"),
          validationStatus: "valid",
          metadata: { kind: "zip", contents: "macos-app", minimumOsVersion: "12.0", ci: { edSignature: ED_SIGNATURE } },
        },
      ],
    });
    await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: release.id, rolloutPercent });
    return release;
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, message: error.message } : error),
    );

  it("serves latest.yml as electron-updater reads it: stable's release, files with links that outlive a poll", async () => {
    await publish(1);
    await publish(2, 30);
    const doc = await buildFeedDocument(deps, request(["latest-linux.yml"]));
    expect(doc.contentType).toBe("text/yaml; charset=utf-8");
    const info = parseUpdateInfo(doc.body, "latest-linux.yml", new URL("https://ship.example.com/desk/feeds/latest-linux.yml"));
    expect(info.version).toBe("1.2.2");
    expect(info.releaseName).toBe("Desk App 1.2.2");
    expect(info.releaseNotes).toBe("Faster **sync**");
    expect(info.stagingPercentage).toBe(30);
    expect(info.files.map((f) => [f.url, f.sha512, f.size])).toEqual([[expect.stringMatching(/\/desk-2\.AppImage$/), SHA512, 1234]]);
    expect(urls).toContainEqual({ app: "desk", artifact: "desk-2.AppImage", ttl: FEED_GRANT_TTL_SECONDS });
  });

  it("buckets a device that names itself instead of handing the percentage to the client", async () => {
    await publish(1);
    await publish(2, 0);
    const doc = await buildFeedDocument(deps, request(["stable-linux.yml"], { deviceId: "device-1" }));
    const info = parseUpdateInfo(doc.body, "stable-linux.yml", new URL("https://ship.example.com/desk/feeds/stable-linux.yml"));
    expect([info.version, info.stagingPercentage]).toEqual(["1.2.1", undefined]);
  });

  it("serves the appcast with the archive, CI's signature, the minimum macOS and the channel for others than stable", async () => {
    await publish(3);
    await updateChannel(t.store, SYSTEM_ACTOR, app.id, "beta", { policy: { minimumSupportedBuild: "2" } });
    const doc = await buildFeedDocument(deps, request(["beta", "appcast.xml"]));
    expect(doc.contentType).toBe("application/rss+xml; charset=utf-8");
    expect(XMLValidator.validate(doc.body)).toBe(true);
    const rss = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false }).parse(doc.body).rss.channel;
    expect(rss.link).toBe("https://ship.example.com/desk");
    expect(rss.item.title).toBe("Desk App 1.2.3");
    expect(rss.item["sparkle:channel"]).toBe("beta");
    expect(rss.item["sparkle:minimumSystemVersion"]).toBe("12.0");
    expect(rss.item["sparkle:criticalUpdate"]["@sparkle:version"]).toBe("2");
    expect(rss.item.description).toContain("<strong>sync</strong>");
    expect(rss.item.enclosure).toMatchObject({ "@length": "4321", "@sparkle:edSignature": ED_SIGNATURE, "@sparkle:version": "3" });
    expect(rss.item.enclosure["@url"]).toMatch(/\/Desk-3\.zip$/);
  });

  it("answers an empty appcast for a channel with nothing for macOS, and 404 naming the platform for electron", async () => {
    const doc = await buildFeedDocument(deps, request(["stable", "appcast.xml"]));
    expect(doc.body).not.toContain("<item>");
    expect(await refusal(buildFeedDocument(deps, request(["latest.yml"])))).toEqual({ code: "NOT_FOUND", message: "no windows release on stable" });
  });

  it("refuses unknown paths with the names it serves, and unknown apps and channels as not found", async () => {
    expect(await refusal(buildFeedDocument(deps, request(["stable", "feed.json"])))).toEqual({ code: "NOT_FOUND", message: FEED_PATH_HINT });
    expect(await refusal(buildFeedDocument(deps, request(["latest-linux-armv7l.yml"])))).toEqual({ code: "NOT_FOUND", message: FEED_PATH_HINT });
    expect(await refusal(buildFeedDocument(deps, { ...request(["latest.yml"]), slug: "nope" }))).toEqual({ code: "NOT_FOUND", message: "no such feed" });
    expect(await refusal(buildFeedDocument(deps, request(["nightly", "appcast.xml"])))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("opens a private app's feeds to a releases:read token for the app only, answering others as an unknown app", async () => {
    const secret = await createApp(t.store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret", bundleIds: {} });
    const reader = (await seedToken(t.store, { name: "reader", scopes: ["releases:read"], app: "secret" })).raw;
    const elsewhere = (await seedToken(t.store, { name: "other", scopes: ["releases:read"], app: "desk" })).raw;
    const publisher = (await seedToken(t.store, { name: "ci", scopes: ["releases:publish"] })).raw;
    const ask = (bearer: string | null, path = ["stable", "appcast.xml"]) => buildFeedDocument(deps, { slug: secret.slug, path, bearer, deviceId: null });
    const notFound = { code: "NOT_FOUND", message: "no such feed" };
    expect(await refusal(ask(null))).toEqual(notFound);
    expect(await refusal(ask(elsewhere))).toEqual(notFound);
    expect(await refusal(ask(publisher))).toEqual(notFound);
    expect(await refusal(ask("shp_forged"))).toEqual(notFound);
    // Even a wrong path learns nothing before the token is checked.
    expect(await refusal(ask(null, ["nonsense"]))).toEqual(notFound);
    expect((await ask(reader)).contentType).toBe("application/rss+xml; charset=utf-8");
  });
});
