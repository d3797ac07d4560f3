import { z } from "zod";

export const PLATFORMS = ["ios", "android_apk", "macos", "linux", "windows"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const platformSchema = z.enum(PLATFORMS, {
  error: (issue) => `unknown platform ${JSON.stringify(issue.input)}; expected one of ${PLATFORMS.join(", ")}`,
});

/** Apple platforms use reverse-DNS bundle identifiers; Android uses Java package names. */
export const APPLE_PLATFORMS: readonly Platform[] = ["ios", "macos"];

// Which files each platform takes, and their content types: artifact-formats.ts.
