import { z } from "zod";
import { APPLE_PLATFORMS, type Platform, platformSchema } from "./platform";

// Apple CFBundleIdentifier: letters, digits, hyphens and periods, at least two segments.
const APPLE_BUNDLE_ID = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
// Android applicationId: at least two segments, each starting with a letter, then letters, digits, _.
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/;
// Desktop package identities (deb/rpm names, MSIX identity, reverse-DNS app ids).
const DESKTOP_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

const JAVA_KEYWORDS = new Set([
  "abstract",
  "assert",
  "boolean",
  "break",
  "byte",
  "case",
  "catch",
  "char",
  "class",
  "const",
  "continue",
  "default",
  "do",
  "double",
  "else",
  "enum",
  "extends",
  "false",
  "final",
  "finally",
  "float",
  "for",
  "goto",
  "if",
  "implements",
  "import",
  "instanceof",
  "int",
  "interface",
  "long",
  "native",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "short",
  "static",
  "strictfp",
  "super",
  "switch",
  "synchronized",
  "this",
  "throw",
  "throws",
  "transient",
  "true",
  "try",
  "void",
  "volatile",
  "while",
]);

/** Returns why `bundleId` is not a valid identifier on `platform`, or null when it is. */
export function bundleIdProblem(platform: Platform, bundleId: string): string | null {
  if (bundleId.length === 0) return "must not be empty";
  if (bundleId.length > 155) return "must be at most 155 characters";
  if (APPLE_PLATFORMS.includes(platform)) {
    return APPLE_BUNDLE_ID.test(bundleId)
      ? null
      : `${JSON.stringify(bundleId)} is not a reverse-DNS bundle identifier (letters, digits, hyphens; at least two dot-separated parts, e.g. com.example.app)`;
  }
  if (platform === "android_apk") {
    if (!ANDROID_PACKAGE.test(bundleId)) {
      return `${JSON.stringify(bundleId)} is not a Java package name (at least two dot-separated parts, each starting with a letter, then letters, digits or _)`;
    }
    const keyword = bundleId.split(".").find((part) => JAVA_KEYWORDS.has(part));
    return keyword ? `${JSON.stringify(bundleId)} uses the Java keyword "${keyword}" as a segment` : null;
  }
  return DESKTOP_PACKAGE.test(bundleId) ? null : `${JSON.stringify(bundleId)} may contain only letters, digits and . _ + - (starting with a letter or digit)`;
}

/** Bundle identifiers by platform; each entry is checked by the rules of its platform. */
export const bundleIdsSchema = z
  .record(z.string(), z.string({ error: "bundle id must be a string" }))
  .superRefine((ids, ctx) => {
    for (const [key, value] of Object.entries(ids)) {
      const platform = platformSchema.safeParse(key);
      if (!platform.success) {
        ctx.addIssue({ code: "custom", path: [key], message: platform.error.issues[0]?.message ?? "unknown platform" });
        continue;
      }
      const problem = bundleIdProblem(platform.data, value);
      if (problem) ctx.addIssue({ code: "custom", path: [key], message: `${platform.data} bundle id ${problem}` });
    }
  })
  .transform((ids) => ids as Partial<Record<Platform, string>>);

export type BundleIds = Partial<Record<Platform, string>>;
