import { formatNameOf } from "@/domain/artifact-formats";
import type { Platform } from "@/domain/platform";

export const PLATFORM_LABELS: Record<Platform, string> = {
  ios: "iOS",
  android_apk: "Android",
  macos: "macOS",
  windows: "Windows",
  linux: "Linux",
};

/** Provisioning profile types (embedded.mobileprovision) in words. */
export const PROFILE_TYPE_LABELS: Record<string, string> = {
  development: "Development",
  "ad-hoc": "Ad hoc",
  enterprise: "Enterprise (in-house)",
  "app-store": "App Store",
};

// One formatter for the process: toLocaleDateString with options builds a new one on every call,
// which was 3 % of an install page's CPU (a page formats a date per release in its history).
const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export function formatDate(d: Date): string {
  // format() throws on an invalid date where toLocaleDateString said so.
  return Number.isNaN(d.getTime()) ? "Invalid Date" : DATE_FORMAT.format(d);
}

/** "9BD650E7…" → "9B:D6:50:E7:…", how apksigner and keytool print fingerprints. */
export function fingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,2}/g) ?? []).join(":");
}

/** What the primary button says for a file. */
export function actionLabel(platform: Platform, filename: string): string {
  const lower = filename.toLowerCase();
  if (platform === "ios") return lower.endsWith(".ipa") ? "Install" : "Download";
  if (platform === "android_apk") return lower.endsWith(".aab") ? "Download bundle (not installable)" : "Download APK";
  // A file under an ending no longer accepted (still downloadable) gets no format name rather than a guess.
  const name = formatNameOf(filename);
  return name ? `Download ${name}` : "Download";
}
