// Security headers on every response of the Node server: byte paths, cached install pages and
// everything Next renders. Set first, so Next keeps them (it adds a header only when absent).
//
// Script policy on pages: a fresh nonce per request, handed to Next in the request's CSP header
// (Next reads the nonce from there and puts it on every script it renders), plus the hashes of the
// install page's own inline scripts. A cached install page is replayed with the headers it was
// rendered with, so its nonce still matches its body; that nonce is tied to a body already fixed,
// so knowing it lets nobody add a script to it, and anything new is rendered with a new nonce.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { INSTALL_PAGE_SCRIPTS } from "@/domain/install-page-scripts";
import { baseSecurityHeaders, contentSecurityPolicy, responseKindFor, type SecurityOptions } from "@/domain/security-headers";
import { env } from "@/env";

export const SCRIPT_HASHES = INSTALL_PAGE_SCRIPTS.map((script) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`);

/** Next marks a page it prerendered at build with this header (help, the bare 404). */
const PRERENDERED_HEADER = "x-nextjs-prerender";

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const options: SecurityOptions = { publicUrl: env().publicUrl, dev, scriptHashes: SCRIPT_HASHES };
  const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
  // Next would take a nonce from a client's own CSP request header: never let one through.
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  for (const [name, value] of baseSecurityHeaders(path, options)) res.setHeader(name, value);
  if (responseKindFor(path) === "resource") {
    res.setHeader("content-security-policy", contentSecurityPolicy("resource", options, null));
    return;
  }
  const policy = contentSecurityPolicy("page", options, randomBytes(16).toString("base64"));
  req.headers["content-security-policy"] = policy;
  res.setHeader("content-security-policy", policy);
  // A prerendered page's scripts carry no nonce: switch to its policy as the head is written.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (this.getHeader(PRERENDERED_HEADER) !== undefined) this.setHeader("content-security-policy", contentSecurityPolicy("prerendered", options, null));
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
