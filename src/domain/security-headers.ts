// The security headers of every response, by what the response is. Pure: the Node server in front
// of Next (src/server/http/security-headers.ts) supplies the nonce, the script hashes and the URL.

export interface SecurityOptions {
  publicUrl: string;
  /** Next in development evaluates code (React's error overlays need 'unsafe-eval'). */
  dev: boolean;
  /** 'sha256-…' sources of the inline scripts Shipyard's own pages carry. */
  scriptHashes: readonly string[];
}

/**
 * - page: HTML Next renders per request; scripts need the request's nonce (Next puts it on its
 *   own) or one of the known hashes (the install page's scripts, also valid in a cached copy).
 * - prerendered: HTML Next rendered at build (help, the bare 404). It cannot carry a nonce, and
 *   it holds no request data to inject into, so inline scripts are allowed there.
 * - resource: JSON, downloads, manifests, static files. Nothing in them may run or be framed.
 */
export type ResponseKind = "page" | "prerendered" | "resource";

const RESOURCE_PREFIXES = ["/api/", "/_next/static/", "/d/", "/g/", "/i/"];
/** The site icon (src/app/icon.svg), which every page links: an image, never a page. */
const RESOURCE_PATHS = new Set(["/icon.svg"]);
/** URLs that are secrets (share links, download grants, upload capabilities) must not leak as Referer. */
const SECRET_URL_PREFIXES = ["/s/", "/g/", "/i/", "/api/uploads/"];

export function responseKindFor(path: string): Exclude<ResponseKind, "prerendered"> {
  // next-auth's own pages (error, sign-out confirmation) are HTML with inline styles.
  if (path.startsWith("/api/auth/")) return "page";
  return RESOURCE_PATHS.has(path) || RESOURCE_PREFIXES.some((prefix) => path.startsWith(prefix)) ? "resource" : "page";
}

// No upgrade-insecure-requests: every URL in Shipyard's pages is relative already, and it would
// break the pages for an admin who reaches the server over plain http on the internal network.
export function contentSecurityPolicy(kind: ResponseKind, options: SecurityOptions, nonce: string | null): string {
  if (kind === "resource") return "default-src 'none'; frame-ancestors 'none'; sandbox";
  const scripts = kind === "page" ? ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), ...options.scriptHashes] : ["'self'", "'unsafe-inline'"];
  if (options.dev) scripts.push("'unsafe-eval'");
  const directives = [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    // React renders style attributes (progress bars), Next's bare 404 too; style cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // After a form post the answer may redirect to PUBLIC_URL, which is 'self' unless the visitor
    // came in by another name.
    `form-action 'self' ${new URL(options.publicUrl).origin}`,
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

/** Every header but the CSP, which depends on the response kind and, for pages, on a nonce. */
export function baseSecurityHeaders(path: string, options: SecurityOptions): [string, string][] {
  const headers: [string, string][] = [
    ["x-content-type-options", "nosniff"],
    ["x-frame-options", "DENY"],
    ["referrer-policy", SECRET_URL_PREFIXES.some((prefix) => path.startsWith(prefix)) ? "no-referrer" : "strict-origin-when-cross-origin"],
  ];
  // Only when browsers reach Shipyard over https (TLS usually ends at a reverse proxy in front).
  if (options.publicUrl.startsWith("https:")) headers.push(["strict-transport-security", "max-age=31536000"]);
  return headers;
}
