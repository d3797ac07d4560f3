// CSRF: a cookie-authenticated request that changes something must come from Shipyard's own pages.
// Browsers say where a request comes from (Sec-Fetch-Site, Origin) and a page cannot forge either;
// clients that send neither (the CLI, curl, CI) are not browsers and carry no ambient cookies.

interface HeaderSource {
  get(name: string): string | null;
}

/** Why this request must be refused, or null when it may go on. */
export function crossSiteRefusal(headers: HeaderSource, publicUrl: string): string | null {
  const site = headers.get("sec-fetch-site");
  // "none" is a navigation the user started (address bar, bookmark); "same-site" is a sibling
  // subdomain, which may well be someone else's (user content, another team's app): refused too.
  if (site !== null && site !== "same-origin" && site !== "none") return `cross-origin request refused (Sec-Fetch-Site: ${site})`;
  const origin = headers.get("origin");
  if (origin === null || isOwnOrigin(origin, publicUrl, headers.get("host"))) return null;
  return `cross-origin request refused (Origin: ${origin.slice(0, 200)})`;
}

/**
 * PUBLIC_URL's origin, or the origin the browser addressed (its Host header, which a page on
 * another site cannot set): an admin who opens the server by another name is still same-origin.
 */
function isOwnOrigin(origin: string, publicUrl: string, host: string | null): boolean {
  if (origin === new URL(publicUrl).origin) return true;
  try {
    const url = new URL(origin);
    return host !== null && (url.protocol === "http:" || url.protocol === "https:") && url.host === host.toLowerCase();
  } catch {
    // "null" (sandboxed frames, privacy-sensitive redirects) and anything unparsable.
    return false;
  }
}
