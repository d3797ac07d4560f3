import { channelNameSchema } from "../channel";
import { DomainError } from "../errors";

// Feeds for electron-updater's "generic" provider: the app fetches `${base}/${channel}${suffix}.yml`
// and reads an UpdateInfo from it. The rules here mirror electron-updater 6.8 (Provider.ts,
// MacUpdater, NsisUpdater, the Linux updaters) and are checked against its own parser in
// tests/unit/electron-feed.test.ts.

export type DesktopFeedPlatform = "windows" | "macos" | "linux";
export type FeedArch = "x64" | "arm64";

/**
 * The file name electron-updater requests (Provider.getChannelFilePrefix): Windows has no suffix
 * for historical reasons, macOS one feed for every architecture, Linux one feed per architecture
 * with x64 unmarked. `arch` only matters on Linux; null means x64 there.
 */
export function electronFeedFileName(channel: string, platform: DesktopFeedPlatform, arch?: FeedArch | null): string {
  if (platform === "windows") return `${channel}.yml`;
  if (platform === "macos") return `${channel}-mac.yml`;
  return arch === "arm64" ? `${channel}-linux-arm64.yml` : `${channel}-linux.yml`;
}

const FEED_FILE_NAME = /^(.+?)(-mac|-linux-arm64|-linux)?\.yml$/;

/**
 * A requested file name read back. The platform suffix wins over the channel name, so a channel
 * called "beta-mac" cannot be reached from Windows: "beta-mac.yml" is the beta channel's macOS
 * feed. "latest" is electron-updater's default channel; it is returned as is for the caller to map.
 * Other Linux architectures ("-linux-armv7l", "-linux-ia32") are not served: null.
 */
export function parseElectronFeedFileName(name: string): { channel: string; platform: DesktopFeedPlatform; arch: FeedArch | null } | null {
  const match = FEED_FILE_NAME.exec(name);
  const channel = match?.[1];
  if (!match || channel === undefined || !channelNameSchema.safeParse(channel).success) return null;
  if (match[2] === undefined && /-linux-[a-z0-9]+$/.test(channel)) return null;
  switch (match[2]) {
    case "-mac":
      return { channel, platform: "macos", arch: null };
    case "-linux":
      return { channel, platform: "linux", arch: null };
    case "-linux-arm64":
      return { channel, platform: "linux", arch: "arm64" };
    default:
      return { channel, platform: "windows", arch: null };
  }
}

export interface FeedFile {
  /** Relative to the feed's URL, or absolute. */
  url: string;
  /** Base64 SHA-512 of the file: electron-updater checks it after the download. */
  sha512: string;
  size: number;
  filename: string;
  /** As the inspector or CI reported it ("x64", "amd64", "aarch64", "universal"); else read from the file name. */
  arch?: string | null;
}

// What each updater downloads (findFile's extension argument): NsisUpdater the .exe,
// MacUpdater the .zip (Squirrel.Mac cannot apply a .dmg; electron-builder still lists the .dmg
// after it), the Linux updaters each their own package. An .msi, .msix or portable .zip has no
// updater, so it is left out.
const FEED_EXTENSIONS: Record<DesktopFeedPlatform, readonly string[]> = {
  windows: [".exe"],
  macos: [".zip", ".dmg"],
  linux: [".appimage", ".deb", ".rpm", ".pacman"],
};

type FileArch = FeedArch | "x86" | "universal" | "other";

function normalizeArch(value: string): FileArch {
  const v = value.toLowerCase();
  if (["x64", "x86_64", "x86-64", "amd64"].includes(v)) return "x64";
  if (["arm64", "aarch64"].includes(v)) return "arm64";
  if (["x86", "ia32", "i386", "i486", "i586", "i686"].includes(v)) return "x86";
  if (["universal", "noarch", "all", "any", "neutral"].includes(v)) return "universal";
  return "other";
}

function archOf(file: FeedFile): FileArch | undefined {
  if (typeof file.arch === "string" && file.arch !== "") return normalizeArch(file.arch);
  const tokens = file.filename.toLowerCase().split(/[^a-z0-9]+/);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    if (token === "x86" && tokens[i + 1] === "64") return "x64";
    if (["x64", "amd64", "arm64", "aarch64", "ia32", "i386", "i686", "universal", "noarch"].includes(token)) return normalizeArch(token);
    if (["armv7l", "armv7", "armhf"].includes(token)) return "other";
  }
  return undefined;
}

/** The extension electron-updater sees: it matches on the URL's path, not on our file name. */
function urlPath(url: string): string {
  return (url.split(/[?#]/, 1)[0] ?? "").toLowerCase();
}

/** Lower ranks come first; null leaves the file out. */
function archRank(platform: DesktopFeedPlatform, wanted: FeedArch, file: FeedFile, arch: FileArch | undefined): number | null {
  if (platform === "linux") {
    // One feed per architecture; files that do not say are taken for x64, as electron-builder names them.
    const fits = arch === "universal" || arch === wanted || (arch === undefined && wanted === "x64");
    return fits ? 0 : null;
  }
  // MacUpdater and NsisUpdater tell architectures apart only by "arm64" (process.arch) in the URL.
  // An arm64 build whose URL does not say so would be handed to Intel machines, and the reverse.
  if ((arch === "arm64") !== file.url.includes("arm64")) return null;
  if (arch === "other" || (platform === "macos" && arch === "x86")) return null;
  // The first file is also the legacy top-level `path`, and the fallback when no URL names the
  // machine's architecture: make it the one most machines can run.
  return arch === "arm64" ? 2 : arch === "x86" ? 1 : 0;
}

/**
 * The files of a release that belong in one platform's feed, in feed order: by the preference
 * above (.exe; .zip then .dmg; .AppImage, .deb, .rpm), then architecture, then input order. A file
 * is listed only when its URL path ends with its own extension, since that is how the updater
 * finds it; a URL without the file name would be handed to the wrong installer.
 */
export function selectFeedFiles(platform: DesktopFeedPlatform, arch: FeedArch | null, files: readonly FeedFile[]): FeedFile[] {
  const extensions = FEED_EXTENSIONS[platform];
  const wanted = arch ?? "x64";
  const ranked: { file: FeedFile; ext: number; arch: number }[] = [];
  for (const file of files) {
    const ext = extensions.findIndex((e) => file.filename.toLowerCase().endsWith(e) && urlPath(file.url).endsWith(e));
    if (ext < 0) continue;
    const rank = archRank(platform, wanted, file, archOf(file));
    if (rank !== null) ranked.push({ file, ext, arch: rank });
  }
  return ranked.sort((a, b) => a.ext - b.ext || a.arch - b.arch).map(({ file }) => file);
}

export interface ElectronFeedInput {
  /** Must be semver: electron-updater refuses anything else (ERR_UPDATER_INVALID_VERSION). */
  version: string;
  releaseDate: Date;
  releaseName?: string;
  releaseNotes?: string;
  /** Feed order: the first also fills the deprecated top-level path and sha512. */
  files: readonly FeedFile[];
  /** 0..100; the client compares it with its own staging id. Omitted at 100. */
  stagingPercentage?: number;
  /** os.release() of the oldest supported system: "23.0.0" on macOS, "10.0.19041" on Windows. */
  minimumSystemVersion?: string;
}

/**
 * A YAML scalar that reads back as exactly `s`. JSON's string escapes are valid in YAML's double
 * quotes; on top, characters YAML treats as breaks or rejects as non-printable when raw (C1
 * controls, U+2028/9, BOM, U+FFFE/F) are escaped too.
 */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function wholeNumber(name: string, value: number, max = Number.MAX_SAFE_INTEGER): string {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new DomainError("INVALID", `${name} must be a whole number between 0 and ${max}, got ${value}`);
  }
  return String(value);
}

/** latest.yml and friends, as electron-builder writes them. */
export function buildElectronFeed(input: ElectronFeedInput): string {
  const [first] = input.files;
  if (!first) throw new DomainError("INVALID", "an electron-updater feed needs at least one file");
  const lines = [`version: ${yamlString(input.version)}`, "files:"];
  for (const file of input.files) {
    lines.push(`  - url: ${yamlString(file.url)}`, `    sha512: ${yamlString(file.sha512)}`, `    size: ${wholeNumber("size", file.size)}`);
  }
  lines.push(`path: ${yamlString(first.url)}`, `sha512: ${yamlString(first.sha512)}`);
  lines.push(`releaseDate: ${yamlString(input.releaseDate.toISOString())}`);
  if (input.releaseName !== undefined) lines.push(`releaseName: ${yamlString(input.releaseName)}`);
  if (input.releaseNotes !== undefined) lines.push(`releaseNotes: ${yamlString(input.releaseNotes)}`);
  if (input.stagingPercentage !== undefined && input.stagingPercentage !== 100) {
    lines.push(`stagingPercentage: ${wholeNumber("stagingPercentage", input.stagingPercentage, 100)}`);
  }
  if (input.minimumSystemVersion !== undefined) lines.push(`minimumSystemVersion: ${yamlString(input.minimumSystemVersion)}`);
  return `${lines.join("\n")}\n`;
}
