// The install-page micro-cache in front of Next: serve a fresh copy when there is one, otherwise
// let Next render and keep a copy of the response if the page offered itself (see PageOffer).
// Copies are kept per audience (services/page-audience.ts): a private app's page or a share-link
// visitor's is served from memory too, once this request's visitor is found to belong to the
// audience it was rendered for, which costs a read of the share link or of the session's user
// instead of a render.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { visitorDevice } from "@/domain/device";
import { type RolloutSplit, rolloutSide } from "@/domain/rollout";
import { RESERVED_SLUGS } from "@/domain/slug";
import type { InstallEventRecorder } from "../services/install-events";
import type { PageTarget } from "@/domain/install-scope";
import type { PageAudience } from "../services/page-audience";
import { choosePageEncoding } from "./accept-encoding";
import { type CachedPage, PageCache } from "./page-cache";
import { shareSecretOf } from "./share-cookie";
import { PAGE_CAPTURE_HEADER, type PageOffer, takePageOffer } from "./page-cache-signals";

/** Which audiences' copies this request's visitor may be shown, decided as the page decides it. */
export interface VisitorAudiences {
  /** The audience of the share link a secret opens, or null when it opens none. */
  ofShareSecret(secret: string): Promise<PageAudience | null>;
  /**
   * The audience of the signed-in visitor for this page of a private app (a role on it, or the
   * channels their tester groups give), or null when the page is not for them: the decision the
   * page itself makes (installScopeOf).
   */
  ofSignedInVisitor(req: IncomingMessage, page: PageRequest): Promise<PageAudience | null>;
}

/** What the page cache needs from the server: the change count that makes copies stale, where page views go, who is who. */
export interface PageCacheDeps {
  generation: () => number;
  installEvents: Pick<InstallEventRecorder, "record">;
  audiences: VisitorAudiences;
  /** The visitor's device id, given one (cookie set on the response) when a first visit needs placing in a rollout. */
  deviceIdFor(req: IncomingMessage, res: ServerResponse): string;
}

/** An install page request the cache may answer: its key (URL, encoding, device), the app's slug and what the path names. */
export interface PageRequest extends PageTarget {
  key: string;
  slug: string;
}

// Fresh for 5 s: long enough to absorb a burst of testers opening the same link, short enough not
// to matter (expiry notices, artifact checks finishing). For 10 s more, a page past that is served
// while the one request that found it stale renders it anew, so a busy page never stalls everyone.
const cache = new PageCache<PageOffer["pageView"], RolloutSplit>({ ttlMs: 5_000, staleMs: 10_000, maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 });
/** Cache entries (key + device id) being rendered anew right now. */
const refreshing = new Set<string>();

/** /{app}, /{app}/{channel}, /{app}/releases/{id}; app slugs never take a reserved word, channels never "releases". */
const INSTALL_PATH = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/releases\/([0-9a-f-]{36})|\/([a-z0-9][a-z0-9-]*))?$/;

/** Requests whose answer is not a full HTML page (client navigations, server actions, ranges). */
function isPlainPageRequest(req: IncomingMessage): boolean {
  if (req.method !== "GET") return false;
  for (const name of ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url", "authorization", "range"]) {
    if (req.headers[name] !== undefined) return false;
  }
  return true;
}

/** A request's headers as the services read them (name → value, repeated ones joined). */
export function headerReader(req: IncomingMessage) {
  return {
    get(name: string): string | null {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

/** Everything an install page reads from the request, other than the device id and the visitor's audience. */
export function pageCacheKey(req: IncomingMessage): PageRequest | null {
  if (!isPlainPageRequest(req)) return null;
  const url = new URL(req.url ?? "/", "http://x");
  const match = INSTALL_PATH.exec(url.pathname);
  const slug = match?.[1];
  if (!match || !slug || RESERVED_SLUGS.has(slug) || url.searchParams.has("_rsc")) return null;
  const device = visitorDevice(headerReader(req), url.searchParams.get("device") ?? undefined);
  // A copy is kept in the encoding it was made in, which captureRenderedPage makes Next use.
  const key = `${url.pathname}${url.search}\u0000${choosePageEncoding(req.headers["accept-encoding"])}\u0000${JSON.stringify(device)}`;
  return { key, slug, releaseId: match[2] ?? null, channel: match[3] ?? null };
}

const keyFor = (page: PageRequest, audience: PageAudience) => `${page.key}\u0000${audience}`;

// Per-connection or per-response headers that must not be replayed to another visitor.
const UNCACHED_HEADERS = new Set(["set-cookie", "date", "connection", "keep-alive", "transfer-encoding", "content-length", "x-shipyard-page-cache"]);

/**
 * Serves a cached copy of this page kept for an audience the visitor belongs to; false when there
 * is none (the caller renders it). A visitor with a share link of the app is that link's audience
 * only (the page's grants carry the link); without one, a copy for anyone, else a signed-in user's.
 */
export async function serveCachedPage(req: IncomingMessage, res: ServerResponse, page: PageRequest, deps: PageCacheDeps): Promise<boolean> {
  const secret = shareSecretOf(req.headers.cookie, page.slug);
  const shared = secret === null ? null : await deps.audiences.ofShareSecret(secret);
  if (shared !== null) return serveCopy(req, res, keyFor(page, shared), deps) === "served";
  const forAnyone = serveCopy(req, res, keyFor(page, "anyone"), deps);
  if (forAnyone !== "none") return forAnyone === "served";
  const signedIn = await deps.audiences.ofSignedInVisitor(req, page);
  return signedIn !== null && serveCopy(req, res, keyFor(page, signedIn), deps) === "served";
}

/** "refresh": the copy is stale and this request is the one to render it anew. */
function serveCopy(req: IncomingMessage, res: ServerResponse, key: string, deps: PageCacheDeps): "served" | "refresh" | "none" {
  // Only a copy kept per rollout side asks for the device id: a first visit then gets one here.
  const hit = cache.get(key, (split) => rolloutSide(split, deps.deviceIdFor(req, res)), deps.generation());
  if (!hit) return "none";
  if (hit.stale) {
    const refreshKey = `${key}\u0000${hit.variant ?? ""}`;
    if (!refreshing.has(refreshKey)) {
      // This request renders the page anew; the others keep getting the stale copy meanwhile.
      refreshing.add(refreshKey);
      res.once("close", () => refreshing.delete(refreshKey));
      return "refresh";
    }
  }
  for (const [name, value] of hit.page.headers) res.setHeader(name, value);
  res.setHeader("content-length", hit.page.body.length);
  res.setHeader("x-shipyard-page-cache", hit.stale ? "stale" : "hit");
  res.writeHead(hit.page.status);
  res.end(hit.page.body);
  deps.installEvents.record({ ...hit.meta, kind: "page_view", artifactId: null });
  return "served";
}

/**
 * Lets Next render this request and keeps a copy of the response when the page offered one (a 200
 * that said whom it may be shown to), under the audience the page named.
 */
export function captureRenderedPage(req: IncomingMessage, res: ServerResponse, page: PageRequest, deps: Pick<PageCacheDeps, "generation">): void {
  const captureId = randomUUID();
  const generation = deps.generation();
  req.headers[PAGE_CAPTURE_HEADER] = captureId;
  // Next negotiates gzip, deflate or identity on its own reading of the header (`*` and `GZIP`
  // mean gzip, `deflate` deflate): it is handed the one encoding this copy is keyed by instead.
  const encoding = choosePageEncoding(req.headers["accept-encoding"]);
  req.headers["accept-encoding"] = encoding;
  res.setHeader("x-shipyard-page-cache", "miss");
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === "string"
        ? Buffer.from(chunk, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding)
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > 4 * 1024 * 1024) {
      overflow = true;
      chunks.length = 0;
    } else chunks.push(Buffer.from(buffer));
  };
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    return write(chunk as never, encoding as never, callback as never);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    keep(chunk, encoding);
    return end(chunk as never, encoding as never, callback as never);
  }) as typeof res.end;

  res.once("close", () => {
    const offer = takePageOffer(captureId);
    if (!offer || overflow || !res.writableFinished || res.statusCode !== 200) return;
    // Never keep a body in an encoding other than the key's (gzip keys may hold a page too small to compress).
    const sentEncoding = String(res.getHeader("content-encoding") ?? "identity").toLowerCase();
    if (sentEncoding !== "identity" && sentEncoding !== encoding) return;
    const headers: [string, string][] = [];
    let vary = "";
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (value === undefined || UNCACHED_HEADERS.has(name)) continue;
      const text = Array.isArray(value) ? value.join(", ") : String(value);
      if (name === "vary") vary = text;
      else headers.push([name, text]);
    }
    // Every copy depends on Accept-Encoding, whether or not Next said so.
    headers.push(["vary", /(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary) ? vary : vary ? `${vary}, Accept-Encoding` : "Accept-Encoding"]);
    const copy: CachedPage = { status: 200, headers, body: Buffer.concat(chunks) };
    // Kept for the side of the rollout the page placed this visitor on (from the device id it read).
    const split = offer.rollout && { channelId: offer.rollout.channelId, percent: offer.rollout.percent };
    cache.set(keyFor(page, offer.audience), split, offer.rollout?.side ?? null, generation, copy, offer.pageView);
  });
}
