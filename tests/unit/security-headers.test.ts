import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INSTALL_PAGE_SCRIPTS } from "@/domain/install-page-scripts";
import { baseSecurityHeaders, contentSecurityPolicy, responseKindFor, type SecurityOptions } from "@/domain/security-headers";
import { SCRIPT_HASHES } from "@/server/http/security-headers";

const http: SecurityOptions = { publicUrl: "http://127.0.0.1:3000", dev: false, scriptHashes: ["'sha256-abc='"] };
const https: SecurityOptions = { ...http, publicUrl: "https://apps.example.test" };

describe("security headers", () => {
  it("allows page scripts by the request's nonce and the install scripts' hashes only", () => {
    const policy = contentSecurityPolicy("page", http, "n0nce");
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-n0nce' 'sha256-abc='");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy("page", { ...http, dev: true }, "n")).toContain("'unsafe-eval'");
    // Pages must still work for an admin on plain http inside the network.
    expect(contentSecurityPolicy("page", https, "n")).not.toContain("upgrade-insecure-requests");
  });

  it("lets prerendered pages run their inline scripts and nothing run or frame resources", () => {
    expect(contentSecurityPolicy("prerendered", http, null)).toContain("script-src 'self' 'unsafe-inline';");
    expect(contentSecurityPolicy("resource", http, null)).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it("hashes exactly the install page's inline scripts", () => {
    expect(SCRIPT_HASHES).toEqual(INSTALL_PAGE_SCRIPTS.map((s) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`));
    expect(SCRIPT_HASHES).toHaveLength(2);
  });

  it("tells pages from resources by path", () => {
    expect(["/", "/hello", "/hello/beta", "/admin/apps/x", "/login", "/s/secret", "/api/auth/error"].map(responseKindFor)).toEqual(Array(7).fill("page"));
    expect(["/api/trpc/apps.list", "/api/v1/apps", "/d/1/a.apk", "/g/grant/a.ipa", "/i/grant/manifest.plist", "/_next/static/chunks/a.js", "/icon.svg"].map(responseKindFor)).toEqual(
      Array(7).fill("resource"),
    );
  });

  it("sends nosniff and a referrer policy everywhere, no-referrer on secret URLs, HSTS only over https", () => {
    const page = new Map(baseSecurityHeaders("/hello", http));
    expect(page.get("x-content-type-options")).toBe("nosniff");
    expect(page.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.has("strict-transport-security")).toBe(false);
    expect(new Map(baseSecurityHeaders("/s/abc", http)).get("referrer-policy")).toBe("no-referrer");
    expect(new Map(baseSecurityHeaders("/g/abc/x.ipa", http)).get("referrer-policy")).toBe("no-referrer");
    expect(new Map(baseSecurityHeaders("/hello", https)).get("strict-transport-security")).toBe("max-age=31536000");
  });
});
