import { describe, expect, it } from "vitest";
import { appcastItemFor, electronFeedFor } from "@/domain/feeds/feed-entries";
import { parseFeedPath } from "@/domain/feeds/feed-path";

describe("the feed a path names", () => {
  it("reads electron-updater's file names, with its default channel meaning stable", () => {
    expect(parseFeedPath(["latest.yml"])).toEqual({ format: "electron", channel: "stable", platform: "windows", arch: null });
    expect(parseFeedPath(["beta-mac.yml"])).toEqual({ format: "electron", channel: "beta", platform: "macos", arch: null });
    expect(parseFeedPath(["latest-linux-arm64.yml"])).toEqual({ format: "electron", channel: "stable", platform: "linux", arch: "arm64" });
  });

  it("reads Sparkle's appcast under its channel, as given (the channel lookup decides)", () => {
    expect(parseFeedPath(["beta", "appcast.xml"])).toEqual({ format: "sparkle", channel: "beta" });
    expect(parseFeedPath(["latest", "appcast.xml"])).toEqual({ format: "sparkle", channel: "latest" });
  });

  it("names nothing for other files and depths", () => {
    for (const path of [[], ["appcast.xml"], ["beta", "latest.yml"], ["a", "b", "appcast.xml"], ["latest-linux-armv7l.yml"], ["latest.yaml"], ["../x.yml"]]) {
      expect(parseFeedPath(path), path.join("/")).toBeNull();
    }
  });
});

describe("what a feed says of its release", () => {
  const release = { version: "1.4.0", build: "140", notes: "", publishedAt: null, createdAt: new Date("2026-01-02T03:04:05Z") };
  const stable = { name: "stable", policy: { minimumSupportedBuild: null } };

  it("leaves out of the appcast item what the release and channel do not have", () => {
    const item = appcastItemFor({ appName: "Desk", channel: stable, release, archive: { url: "https://x/a.zip", sizeBytes: 9 }, facts: {} });
    expect(item).toEqual({
      title: "Desk 1.4.0",
      version: "140",
      shortVersionString: "1.4.0",
      pubDate: release.createdAt,
      enclosure: { url: "https://x/a.zip", length: 9, type: "application/octet-stream" },
    });
  });

  it("names a channel other than stable, the critical build, the notes as HTML and CI's facts", () => {
    const beta = { name: "beta", policy: { minimumSupportedBuild: "100" } };
    const item = appcastItemFor({
      appName: "Desk",
      channel: beta,
      release: { ...release, notes: "**new**", publishedAt: new Date("2026-02-01T00:00:00Z") },
      archive: { url: "u", sizeBytes: 1 },
      facts: { edSignature: "sig", minimumSystemVersion: "13.0" },
    });
    expect(item).toMatchObject({ channel: "beta", criticalUpdateBelowVersion: "100", minimumSystemVersion: "13.0", pubDate: new Date("2026-02-01T00:00:00Z") });
    expect(item.releaseNotesHtml).toContain("<strong>new</strong>");
    expect(item.enclosure.edSignature).toBe("sig");
  });

  it("gives electron-updater notes and a staging percentage only when there are some", () => {
    const files = [{ url: "u", sha512: "s", size: 1, filename: "a.exe", arch: null }];
    expect(electronFeedFor("Desk", release, files, undefined)).toEqual({ version: "1.4.0", releaseDate: release.createdAt, releaseName: "Desk 1.4.0", files });
    expect(electronFeedFor("Desk", { ...release, notes: "n" }, files, 25)).toMatchObject({ releaseNotes: "n", stagingPercentage: 25 });
  });
});
