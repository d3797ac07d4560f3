import { createHash } from "node:crypto";
import { MacUpdater } from "electron-updater/out/MacUpdater";
import { GenericProvider } from "electron-updater/out/providers/GenericProvider";
import { findFile, parseUpdateInfo, resolveFiles } from "electron-updater/out/providers/Provider";
import type { ResolvedUpdateFileInfo } from "electron-updater/out/types";
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { buildElectronFeed, electronFeedFileName, parseElectronFeedFileName, selectFeedFiles, type DesktopFeedPlatform, type FeedFile } from "@/domain/feeds/electron-updater";

// Everything here is checked with electron-updater's own code (6.8): GenericProvider to see which
// file name a client requests, parseUpdateInfo (js-yaml) to read the feed, resolveFiles and
// findFile (plus MacUpdater's arch filter) to see which file each updater would download.
// electron-updater has no "exports" map, so its compiled modules under out/ import directly.

const BASE = "https://dist.example.com/feeds/acme/";

type ProviderArgs = ConstructorParameters<typeof GenericProvider>;

/** MacUpdater's arm64 filter is a protected static; a subclass may hand it out. */
class MacArchFilter extends MacUpdater {
  static filter(files: ResolvedUpdateFileInfo[], isArm64Mac: boolean): ResolvedUpdateFileInfo[] {
    return MacUpdater.filterFilesForArch(files, isArm64Mac);
  }
}

const ELECTRON_PLATFORM = { windows: "win32", macos: "darwin", linux: "linux" } as const;

const realArch = Object.getOwnPropertyDescriptor(process, "arch")!;
const realTestArch = process.env.TEST_UPDATER_ARCH;
afterEach(() => {
  Object.defineProperty(process, "arch", realArch);
  if (realTestArch === undefined) delete process.env.TEST_UPDATER_ARCH;
  else process.env.TEST_UPDATER_ARCH = realTestArch;
});

/** findFile prefers a URL naming process.arch, and the Linux feed name follows it too. */
function pretendArch(arch: "x64" | "arm64"): void {
  Object.defineProperty(process, "arch", { ...realArch, value: arch });
  process.env.TEST_UPDATER_ARCH = arch;
}

/** A GenericProvider whose HTTP executor answers from `serve` and records the paths it asked for. */
function provider(platform: DesktopFeedPlatform, channel: string | null, serve: (path: string) => string | null) {
  const requested: string[] = [];
  const executor = {
    request: async (options: { path?: string }) => {
      const path = options.path ?? "";
      requested.push(path);
      return serve(path);
    },
  };
  const updater = { channel, isAddNoCacheQuery: false };
  const p = new GenericProvider(
    { provider: "generic", url: BASE } as ProviderArgs[0],
    updater as unknown as ProviderArgs[1],
    { isUseMultipleRangeRequest: false, platform: ELECTRON_PLATFORM[platform], executor } as unknown as ProviderArgs[2],
  );
  return { provider: p, requested };
}

function sha512(data: string): string {
  return createHash("sha512").update(data).digest("base64");
}

function file(filename: string, extra: Partial<FeedFile> = {}): FeedFile {
  return { url: `files/${encodeURIComponent(filename)}`, sha512: sha512(filename), size: filename.length * 1000, filename, ...extra };
}

// A release as CI uploads it for every desktop platform, plus files no updater can use.
const releaseFiles: FeedFile[] = [
  file("Acme-1.2.3-mac.zip.blockmap"),
  file("Acme Setup 1.2.3.exe"),
  file("Acme-1.2.3.msi"),
  file("Acme Setup 1.2.3-arm64.exe"),
  file("Acme-1.2.3.exe.blockmap"),
  file("Acme-1.2.3.dmg"),
  file("Acme-1.2.3-arm64.dmg"),
  file("Acme-1.2.3-arm64-mac.zip"),
  file("Acme-1.2.3-mac.zip"),
  file("acme_1.2.3_amd64.deb"),
  file("acme-1.2.3.x86_64.rpm"),
  file("Acme-1.2.3.AppImage"),
  file("acme_1.2.3_arm64.deb", { arch: "arm64" }),
  file("acme-1.2.3.aarch64.rpm"),
  file("Acme-1.2.3-arm64.AppImage"),
  file("acme_1.2.3_armhf.deb"),
  file("acme-1.2.3.tar.gz"),
  file("Acme-1.2.3.msix"),
];

/** What the server would answer for a requested feed path (the route's job, in miniature). */
function serveFeed(path: string, extra: Partial<Parameters<typeof buildElectronFeed>[0]> = {}): string | null {
  const parsed = parseElectronFeedFileName(path.split("/").pop() ?? "");
  if (!parsed) return null;
  const files = selectFeedFiles(parsed.platform, parsed.arch, releaseFiles);
  if (files.length === 0) return null;
  return buildElectronFeed({ version: "1.2.3", releaseDate: new Date("2026-11-28T15:00:00Z"), files, ...extra });
}

async function downloadedBy(platform: DesktopFeedPlatform, arch: "x64" | "arm64", updater: "nsis" | "mac" | "appimage" | "deb" | "rpm") {
  pretendArch(arch);
  const { provider: p, requested } = provider(platform, "beta", (path) => serveFeed(path));
  const info = await p.getLatestVersion();
  let files = p.resolveFiles(info);
  let chosen: ResolvedUpdateFileInfo | null | undefined;
  switch (updater) {
    case "nsis":
      chosen = findFile(files, "exe");
      break;
    case "mac":
      files = MacArchFilter.filter(files, arch === "arm64");
      chosen = findFile(files, "zip", ["pkg", "dmg"]);
      break;
    case "appimage":
      chosen = findFile(files, "AppImage", ["rpm", "deb", "pacman"]);
      break;
    case "deb":
      chosen = findFile(files, "deb", ["AppImage", "rpm", "pacman"]);
      break;
    case "rpm":
      chosen = findFile(files, "rpm", ["AppImage", "deb", "pacman"]);
      break;
  }
  return { requested, chosen: chosen ? decodeURIComponent(chosen.url.pathname.split("/").pop()!) : null, info };
}

describe("electronFeedFileName / parseElectronFeedFileName", () => {
  const cases = [
    ["windows", "x64", "beta.yml", null],
    ["macos", "x64", "beta-mac.yml", null],
    ["macos", "arm64", "beta-mac.yml", null],
    ["linux", "x64", "beta-linux.yml", null],
    ["linux", "arm64", "beta-linux-arm64.yml", "arm64"],
    ["windows", "arm64", "beta.yml", null],
  ] as const;

  it.each(cases)("%s on %s requests %s, as electron-updater's GenericProvider does", async (platform, arch, name, parsedArch) => {
    pretendArch(arch);
    const { provider: p, requested } = provider(platform, "beta", () => null);
    await expect(p.getLatestVersion()).rejects.toThrow();
    expect(requested).toEqual([`/feeds/acme/${name}`]);
    expect(electronFeedFileName("beta", platform, platform === "linux" ? arch : null)).toBe(name);
    expect(parseElectronFeedFileName(name)).toEqual({ channel: "beta", platform, arch: parsedArch });
  });

  it('reads electron-updater\'s default channel back as "latest"', async () => {
    for (const platform of ["windows", "macos", "linux"] as const) {
      pretendArch("x64");
      const { provider: p, requested } = provider(platform, null, () => null);
      await expect(p.getLatestVersion()).rejects.toThrow();
      const name = requested[0]!.split("/").pop()!;
      expect(name).toBe(electronFeedFileName("latest", platform));
      expect(parseElectronFeedFileName(name)).toEqual({ channel: "latest", platform, arch: null });
    }
  });

  it("ignores the architecture outside Linux and treats null as x64 on Linux", () => {
    expect(electronFeedFileName("stable", "windows", "arm64")).toBe("stable.yml");
    expect(electronFeedFileName("stable", "macos", "arm64")).toBe("stable-mac.yml");
    expect(electronFeedFileName("stable", "linux", null)).toBe("stable-linux.yml");
    expect(electronFeedFileName("stable", "linux")).toBe("stable-linux.yml");
    expect(electronFeedFileName("stable", "linux", "x64")).toBe("stable-linux.yml");
  });

  it("lets the platform suffix win over a hyphenated channel name", () => {
    expect(parseElectronFeedFileName("early-access.yml")).toEqual({ channel: "early-access", platform: "windows", arch: null });
    expect(parseElectronFeedFileName("early-access-mac.yml")).toEqual({ channel: "early-access", platform: "macos", arch: null });
    expect(parseElectronFeedFileName("beta-mac-mac.yml")).toEqual({ channel: "beta-mac", platform: "macos", arch: null });
    expect(parseElectronFeedFileName("beta-linux-linux-arm64.yml")).toEqual({ channel: "beta-linux", platform: "linux", arch: "arm64" });
  });

  it.each([
    "beta.yaml",
    "beta",
    ".yml",
    "-mac.yml",
    "Beta.yml",
    "BETA-mac.yml",
    "beta-linux-ia32.yml",
    "beta-linux-armv7l.yml",
    "beta-linux-x64.yml",
    "../beta.yml",
    "beta/../x.yml",
    "beta.yml.yml",
    "beta mac.yml",
    "releases.yml",
    `${"a".repeat(33)}.yml`,
    "beta.yml\n",
  ])("is not a feed file name: %j", (name) => {
    expect(parseElectronFeedFileName(name)).toBeNull();
  });
});

describe("the file each updater downloads (electron-updater's findFile on our feed)", () => {
  it.each([
    ["windows", "x64", "nsis", "Acme Setup 1.2.3.exe"],
    ["windows", "arm64", "nsis", "Acme Setup 1.2.3-arm64.exe"],
    ["macos", "x64", "mac", "Acme-1.2.3-mac.zip"],
    ["macos", "arm64", "mac", "Acme-1.2.3-arm64-mac.zip"],
    ["linux", "x64", "appimage", "Acme-1.2.3.AppImage"],
    ["linux", "x64", "deb", "acme_1.2.3_amd64.deb"],
    ["linux", "x64", "rpm", "acme-1.2.3.x86_64.rpm"],
    ["linux", "arm64", "appimage", "Acme-1.2.3-arm64.AppImage"],
    ["linux", "arm64", "deb", "acme_1.2.3_arm64.deb"],
    ["linux", "arm64", "rpm", "acme-1.2.3.aarch64.rpm"],
  ] as const)("%s %s: %s updater gets %s", async (platform, arch, updater, expected) => {
    const { chosen } = await downloadedBy(platform, arch, updater);
    expect(chosen).toBe(expected);
  });

  it("lists only files an updater can use, in feed order", () => {
    const names = (platform: DesktopFeedPlatform, arch: "x64" | "arm64" | null) => selectFeedFiles(platform, arch, releaseFiles).map((f) => f.filename);
    expect(names("windows", null)).toEqual(["Acme Setup 1.2.3.exe", "Acme Setup 1.2.3-arm64.exe"]);
    expect(names("macos", null)).toEqual(["Acme-1.2.3-mac.zip", "Acme-1.2.3-arm64-mac.zip", "Acme-1.2.3.dmg", "Acme-1.2.3-arm64.dmg"]);
    expect(names("linux", null)).toEqual(["Acme-1.2.3.AppImage", "acme_1.2.3_amd64.deb", "acme-1.2.3.x86_64.rpm"]);
    expect(names("linux", "x64")).toEqual(names("linux", null));
    expect(names("linux", "arm64")).toEqual(["Acme-1.2.3-arm64.AppImage", "acme_1.2.3_arm64.deb", "acme-1.2.3.aarch64.rpm"]);
  });

  it("puts the zip in the legacy top-level path of the mac feed", async () => {
    const { info } = await downloadedBy("macos", "x64", "mac");
    expect(info.path).toBe(`files/${encodeURIComponent("Acme-1.2.3-mac.zip")}`);
    expect(info.sha512).toBe(sha512("Acme-1.2.3-mac.zip"));
  });
});

describe("selectFeedFiles", () => {
  it("prefers the declared architecture over the file name", () => {
    const files = [file("acme.deb", { arch: "arm64" }), file("acme-arm64.rpm", { arch: "x86_64" }), file("acme.AppImage", { arch: "aarch64" })];
    expect(selectFeedFiles("linux", "arm64", files).map((f) => f.filename)).toEqual(["acme.AppImage", "acme.deb"]);
    expect(selectFeedFiles("linux", "x64", files).map((f) => f.filename)).toEqual(["acme-arm64.rpm"]);
  });

  it("serves architecture-neutral Linux packages in both feeds and unmarked ones as x64 only", () => {
    const files = [file("tool_1.0_all.deb", { arch: "all" }), file("tool-1.0.noarch.rpm"), file("tool.AppImage")];
    expect(selectFeedFiles("linux", "arm64", files).map((f) => f.filename)).toEqual(["tool_1.0_all.deb", "tool-1.0.noarch.rpm"]);
    expect(selectFeedFiles("linux", "x64", files).map((f) => f.filename)).toEqual(["tool.AppImage", "tool_1.0_all.deb", "tool-1.0.noarch.rpm"]);
  });

  it("leaves out a file whose URL does not end with its extension (the updater matches on the URL)", () => {
    const files = [file("Acme.zip", { url: "https://cdn.example.com/blob/4f2a" }), file("Acme.dmg", { url: "files/Acme.dmg?token=x#y" })];
    expect(selectFeedFiles("macos", null, files).map((f) => f.filename)).toEqual(["Acme.dmg"]);
  });

  it("matches extensions case-insensitively, as findFile does", () => {
    const files = [file("ACME SETUP.EXE"), file("acme.appimage"), file("Acme.ZIP")];
    expect(selectFeedFiles("windows", null, files)).toHaveLength(1);
    expect(selectFeedFiles("linux", null, files)).toHaveLength(1);
    expect(selectFeedFiles("macos", null, files)).toHaveLength(1);
  });

  it("drops an arm64 build whose URL does not say arm64 on macOS and Windows (Intel machines would get it)", () => {
    const files = [file("Acme-mac.zip", { arch: "arm64" }), file("Acme Setup.exe", { arch: "arm64" }), file("Acme-arm64-mac.zip", { arch: "x64" })];
    expect(selectFeedFiles("macos", null, files)).toEqual([]);
    expect(selectFeedFiles("windows", null, files)).toEqual([]);
  });

  it("keeps universal mac builds and 32-bit Windows installers, after the x64 ones", () => {
    const files = [file("Acme-ia32.exe"), file("Acme-arm64.exe"), file("Acme-x64.exe"), file("Acme-universal-mac.zip"), file("Acme-i386-mac.zip")];
    expect(selectFeedFiles("windows", null, files).map((f) => f.filename)).toEqual(["Acme-x64.exe", "Acme-ia32.exe", "Acme-arm64.exe"]);
    expect(selectFeedFiles("macos", null, files).map((f) => f.filename)).toEqual(["Acme-universal-mac.zip"]);
  });

  it("keeps the input order among equals and does not modify its input", () => {
    const files = [file("b.deb"), file("a.deb"), file("c.AppImage")];
    const copy = [...files];
    expect(selectFeedFiles("linux", null, files).map((f) => f.filename)).toEqual(["c.AppImage", "b.deb", "a.deb"]);
    expect(files).toEqual(copy);
  });
});

describe("buildElectronFeed", () => {
  const date = new Date("2026-11-28T15:00:00.000Z");
  const parse = (yaml: string) => parseUpdateInfo(yaml, "beta.yml", new URL(`${BASE}beta.yml`));

  it("writes an UpdateInfo that electron-updater reads back field for field", () => {
    const files = [file("Acme-1.2.3-mac.zip"), file("Acme-1.2.3.dmg", { url: "https://cdn.example.com/a/Acme-1.2.3.dmg" })];
    const yaml = buildElectronFeed({ version: "1.2.3", releaseDate: date, releaseName: "Acme 1.2.3", releaseNotes: "Fixes", files, minimumSystemVersion: "23.0.0" });
    const info = parse(yaml);
    expect(info).toEqual({
      version: "1.2.3",
      files: files.map((f) => ({ url: f.url, sha512: f.sha512, size: f.size })),
      path: files[0]!.url,
      sha512: files[0]!.sha512,
      releaseDate: "2026-11-28T15:00:00.000Z",
      releaseName: "Acme 1.2.3",
      releaseNotes: "Fixes",
      minimumSystemVersion: "23.0.0",
    });
    const resolved = resolveFiles(info, new URL(BASE));
    expect(resolved.map((r) => r.url.href)).toEqual([`${BASE}files/Acme-1.2.3-mac.zip`, "https://cdn.example.com/a/Acme-1.2.3.dmg"]);
  });

  it("keeps the base64 sha512 and the size exactly (the client verifies both after download)", () => {
    const bytes = "pretend installer bytes";
    const big = { url: "a.exe", filename: "a.exe", sha512: sha512(bytes), size: 9_007_199_254_740_991 };
    const info = parse(buildElectronFeed({ version: "2.0.0", releaseDate: date, files: [big] }));
    expect(info.files[0]!.sha512).toBe(createHash("sha512").update(bytes).digest("base64"));
    expect(info.files[0]!.sha512).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(info.files[0]!.size).toBe(Number.MAX_SAFE_INTEGER);
    expect(typeof info.files[0]!.size).toBe("number");
  });

  it("keeps versions that look like numbers as strings", () => {
    expect(parse(buildElectronFeed({ version: "1.0", releaseDate: date, files: [file("a.exe")] })).version).toBe("1.0");
    expect(parse(buildElectronFeed({ version: "1.2.3-beta.1", releaseDate: date, files: [file("a.exe")] })).version).toBe("1.2.3-beta.1");
  });

  it("writes stagingPercentage only below 100", () => {
    const feed = (stagingPercentage?: number) => buildElectronFeed({ version: "1.0.0", releaseDate: date, files: [file("a.exe")], stagingPercentage });
    expect(parse(feed(30)).stagingPercentage).toBe(30);
    expect(feed(30)).toContain("\nstagingPercentage: 30\n");
    expect(parse(feed(0)).stagingPercentage).toBe(0);
    expect(feed(100)).not.toContain("stagingPercentage");
    expect(feed(undefined)).not.toContain("stagingPercentage");
    expect(parse(feed(100)).stagingPercentage).toBeUndefined();
  });

  it.each([101, -1, 12.5, Number.NaN])("refuses stagingPercentage %s", (stagingPercentage) => {
    expect(() => buildElectronFeed({ version: "1.0.0", releaseDate: date, files: [file("a.exe")], stagingPercentage })).toThrow(DomainError);
  });

  it.each([-1, 1.5, Number.POSITIVE_INFINITY])("refuses file size %s", (size) => {
    expect(() => buildElectronFeed({ version: "1.0.0", releaseDate: date, files: [{ ...file("a.exe"), size }] })).toThrow(DomainError);
  });

  it("refuses a feed without files (electron-updater would fail with ERR_UPDATER_NO_FILES_PROVIDED)", () => {
    expect(() => buildElectronFeed({ version: "1.0.0", releaseDate: date, files: [] })).toThrow(DomainError);
  });

  const hostile = [
    "He said \"hi\" \\ and 'bye'",
    "line one\nline two\r\nline three\n",
    "key: value # not a comment",
    "# heading\n- bullet: x\n  - nested",
    "---\n...\n--- !!js/function 'x'",
    "&anchor *alias !tag %directive @at `tick` {a: 1} [1, 2] | > ? :",
    "null",
    "true",
    "~",
    "0x1F",
    "1e3",
    "",
    "  padded  \t",
    "Café ☕ 日本語 😀 עברית",
    "\u2028\u2029\u0085\uFEFF\u007F\u009F\uFFFE\uFFFF",
    "\u0000\u0001\u0007\u001B[31mred",
    "\uD800 lone \uDC00 surrogates",
    "<script>alert(1)</script>",
  ];

  it.each(hostile)("round-trips %j in notes, name and URLs", (s) => {
    const yaml = buildElectronFeed({
      version: "1.0.0",
      releaseDate: date,
      releaseName: s,
      releaseNotes: s,
      minimumSystemVersion: s,
      files: [{ url: s, sha512: s, size: 1, filename: "x.exe" }],
    });
    const info = parse(yaml);
    expect(info.releaseName).toBe(s);
    expect(info.releaseNotes).toBe(s);
    expect(info.minimumSystemVersion).toBe(s);
    expect(info.files[0]!.url).toBe(s);
    expect(info.files[0]!.sha512).toBe(s);
    expect(info.path).toBe(s);
    expect(Object.keys(info).sort()).toEqual(["files", "minimumSystemVersion", "path", "releaseDate", "releaseName", "releaseNotes", "sha512", "version"]);
  });

  it("keeps multi-line markdown notes on one line of the YAML", () => {
    const notes = hostile.join("\n");
    const yaml = buildElectronFeed({ version: "1.0.0", releaseDate: date, releaseNotes: notes, files: [file("a.exe")] });
    expect(yaml.split("\n").filter((l) => l.startsWith("releaseNotes: "))).toHaveLength(1);
    expect(parse(yaml).releaseNotes).toBe(notes);
  });
});
