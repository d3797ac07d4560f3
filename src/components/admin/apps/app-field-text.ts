// What the app forms say about each field: labels, the rules as hints, what visibility means.
// The rules themselves live in src/domain (slug.ts, bundle-id.ts); these sentences describe them.
import type { Visibility } from "@/domain/app";
import type { Platform } from "@/domain/platform";

export const SLUG_HINT =
  "2–64 lowercase letters, digits and single hyphens (my-app). It is the install page's address, /{slug}, and cannot be changed later; a few words such as admin and api are reserved.";

export const BUNDLE_ID_TEXT: Record<Platform, { label: string; hint: string; placeholder: string }> = {
  ios: { label: "iOS bundle ID", hint: "Reverse-DNS: letters, digits and hyphens in two or more dot-separated parts.", placeholder: "com.example.app" },
  android_apk: {
    label: "Android package name",
    hint: "Two or more dot-separated parts, each starting with a letter, then letters, digits or _; no Java keywords.",
    placeholder: "com.example.app",
  },
  macos: { label: "macOS bundle ID", hint: "Reverse-DNS, as for iOS.", placeholder: "com.example.app" },
  linux: { label: "Linux package name", hint: "Letters, digits and . _ + -, starting with a letter or digit.", placeholder: "example-app" },
  windows: { label: "Windows package identity", hint: "Letters, digits and . _ + -, starting with a letter or digit.", placeholder: "Example.App" },
};

export const VISIBILITY_TEXT: Record<Visibility, { label: string; explanation: string }> = {
  public: { label: "Public", explanation: "Listed on this server's home page; anyone can open its install page." },
  unlisted: { label: "Unlisted", explanation: "Not listed anywhere; anyone with the link can install." },
  private: { label: "Private", explanation: "Only signed-in users, or people you send a share link, can see it." },
};

/** The element id of an app form's field, by its input path ("bundleIds.ios" → "app-bundle-ios"). */
export function fieldId(path: string): string {
  if (path.startsWith("bundleIds.")) return `app-bundle-${path.slice("bundleIds.".length)}`;
  return { displayName: "app-display-name", slug: "app-slug", visibility: "app-visibility" }[path] ?? path;
}

/** The fields of the app forms, in page order (the first with an error takes focus). */
export const APP_FORM_FIELDS = ["displayName", "slug", "visibility", "bundleIds.ios", "bundleIds.android_apk", "bundleIds.macos", "bundleIds.linux", "bundleIds.windows"] as const;
