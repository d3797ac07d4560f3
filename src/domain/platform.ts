import { z } from "zod";

export const PLATFORMS = ["ios", "android_apk", "macos", "linux", "windows"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const platformSchema = z.enum(PLATFORMS, {
  error: (issue) =>
    `unknown platform ${JSON.stringify(issue.input)}; expected one of ${PLATFORMS.join(", ")}`,
});

/** Apple platforms use reverse-DNS bundle identifiers; Android uses Java package names. */
export const APPLE_PLATFORMS: readonly Platform[] = ["ios", "macos"];

/**
 * File name endings accepted per platform. `.aab` is stored as a downloadable attachment only:
 * Android cannot install it directly.
 */
export const PLATFORM_FILE_EXTENSIONS: Record<Platform, readonly string[]> = {
  ios: [".ipa"],
  android_apk: [".apk", ".aab"],
  macos: [".dmg", ".pkg", ".zip", ".tar.gz"],
  windows: [".exe", ".msi", ".msix", ".msixbundle", ".appx", ".zip", ".nupkg"],
  linux: [".deb", ".rpm", ".appimage", ".tar.gz", ".tar.xz", ".zip", ".snap", ".flatpak"],
};

export function fileExtensionAllowed(platform: Platform, filename: string): boolean {
  const lower = filename.toLowerCase();
  return PLATFORM_FILE_EXTENSIONS[platform].some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/** The Content-Type testers' devices expect for a file, by platform and extension. */
export function contentTypeFor(platform: Platform, filename: string): string {
  const lower = filename.toLowerCase();
  if (platform === "android_apk" && lower.endsWith(".apk")) return "application/vnd.android.package-archive";
  if (platform === "ios" && lower.endsWith(".ipa")) return "application/octet-stream";
  if (lower.endsWith(".deb")) return "application/vnd.debian.binary-package";
  if (lower.endsWith(".rpm")) return "application/x-rpm";
  if (lower.endsWith(".msi")) return "application/x-msi";
  if (lower.endsWith(".dmg")) return "application/x-apple-diskimage";
  if (lower.endsWith(".zip")) return "application/zip";
  return "application/octet-stream";
}

/** The platform a file name implies, or null when the extension fits several (.zip, .tar.gz). */
export function inferPlatform(filename: string): Platform | null {
  const matches = PLATFORMS.filter((p) => fileExtensionAllowed(p, filename));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}
