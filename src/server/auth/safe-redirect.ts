/** Only same-site paths may be a post-sign-in target: "/x" yes; "//evil.com", "https://…", "/\\evil" no. */
export function safeCallbackPath(value: unknown, fallback = "/admin"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return /^[\x21-\x7e]*$/.test(value) ? value : fallback;
}
