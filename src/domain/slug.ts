import { z } from "zod";

/**
 * App slugs are the first path segment of install pages (`/{slug}`), so they must never shadow a
 * route of the product itself.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "_next",
  "about",
  "admin",
  "api",
  "app",
  "apps",
  "assets",
  "auth",
  "d",
  "dl",
  "docs",
  "download",
  "downloads",
  "favicon",
  "feed",
  "feeds",
  "g",
  "grant",
  "grants",
  "health",
  "help",
  "install",
  "login",
  "logout",
  "manifest",
  "new",
  "null",
  "openapi",
  "public",
  "robots",
  "root",
  "s",
  "settings",
  "share",
  "shipyard",
  "signin",
  "signout",
  "sitemap",
  "static",
  "system",
  "tokens",
  "trpc",
  "undefined",
  "updates",
  "uploads",
  "users",
  "www",
]);

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z
  .string({ error: "slug must be a string" })
  .min(2, "slug must be at least 2 characters")
  .max(64, "slug must be at most 64 characters")
  .refine((s) => SLUG_PATTERN.test(s), {
    message: "slug may contain only lowercase letters, digits and single hyphens between them",
  })
  .refine((s) => !RESERVED_SLUGS.has(s), { error: (issue) => `slug "${String(issue.input)}" is reserved` });
