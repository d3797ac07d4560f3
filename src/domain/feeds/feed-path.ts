import { type DesktopFeedPlatform, type FeedArch, parseElectronFeedFileName } from "./electron-updater";

// The feeds under /{app}/feeds/: electron-updater's {channel}[-mac|-linux[-arm64]].yml and
// Sparkle's {channel}/appcast.xml. A path read here names a channel, not yet an existing one.

export type FeedTarget = { format: "sparkle"; channel: string } | { format: "electron"; channel: string; platform: DesktopFeedPlatform; arch: FeedArch | null };

/** What a client that asked for another file under feeds/ is told. */
export const FEED_PATH_HINT = "no such feed: use {channel}.yml, {channel}-mac.yml, {channel}-linux.yml or {channel}/appcast.xml";

/** The feed a path's segments (after feeds/) name, or null for any other file. */
export function parseFeedPath(segments: readonly string[]): FeedTarget | null {
  if (segments.length === 2 && segments[1] === "appcast.xml") return { format: "sparkle", channel: segments[0] ?? "" };
  const parsed = segments.length === 1 ? parseElectronFeedFileName(segments[0] ?? "") : null;
  if (!parsed) return null;
  // electron-updater's default channel is "latest": it means stable here.
  return { format: "electron", channel: parsed.channel === "latest" ? "stable" : parsed.channel, platform: parsed.platform, arch: parsed.arch };
}
