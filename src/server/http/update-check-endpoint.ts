// GET /api/v1/apps/{app}/updates, served by the Node server ahead of Next (src/server/node-server.ts):
// every app launch calls it, so it must cost a hash and a comparison, not a trip through Next's
// middleware and router. Same route table entry, same token rules, same answers as every other
// /api/v1 route; a 429 is decided before anything is read.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRoute } from "@/domain/api-routes";
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { DomainError } from "@/domain/errors";
import type { Release } from "@/domain/release";
import { DEFAULT_UPDATE_CHANNEL, updateCheckQuerySchema } from "@/domain/update-check";
import { parseOrThrow } from "@/domain/validate";
import { type UpdateLinks, updateAnswer } from "../services/update-answer";
import type { UpdateChecker } from "../services/update-check";
import type { Store } from "../store/types";
import { APP_KEY_HEADER, appKeyMatches } from "./app-key";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { errorResponse, jsonError } from "./errors";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { authorizeBearer, credentialInQuery, unauthorized } from "./token-auth";

export interface UpdateCheckEndpointDeps {
  store: Store;
  checker: UpdateChecker;
  /** Checks a minute per device and per network address, each per app; 0 turns one off. */
  limits: { perDevice: number; perAddress: number };
  linksFor(app: App, release: Release, artifact: Artifact): UpdateLinks;
}

const NO_STORE = { "cache-control": "private, no-store" };
const NEEDS_CREDENTIAL = "send this app's update key in X-Shipyard-App-Key, or a token with releases:read";
const RATE_LIMITED = Buffer.from(JSON.stringify({ error: { code: "RATE_LIMITED", message: "too many update checks; try again later" } }));

const limiter = (perMinute: number): RateLimiter | null => (perMinute > 0 ? createRateLimiter({ limit: perMinute, windowMs: 60_000 }) : null);

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer | null, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...NO_STORE, ...(body && { "content-type": "application/json", "content-length": String(body.length) }), ...extra });
  res.end(req.method === "HEAD" || !body ? undefined : body);
}

export function createUpdateCheckEndpoint(deps: UpdateCheckEndpointDeps) {
  const perDevice = limiter(deps.limits.perDevice);
  const perAddress = limiter(deps.limits.perAddress);

  /** The first limit this check is over, counted before anything is read. */
  function overLimit(slug: string, address: string, device: string): number | null {
    for (const [limit, key] of [
      [perAddress, `${slug}\0${address}`],
      [perDevice, `${slug}\0${device}`],
    ] as const) {
      const hit = limit?.hit(key);
      if (hit && !hit.ok) return hit.retryAfterSeconds;
    }
    return null;
  }

  return async function serveUpdateCheck(req: IncomingMessage, res: ServerResponse, route: ApiRoute, params: Record<string, string>): Promise<void> {
    try {
      const slug = params.app ?? "";
      const url = new URL(req.url ?? "/", "http://localhost");
      if (credentialInQuery(url)) return send(req, res, jsonError(400, "INVALID", "credentials are accepted only in the Authorization header, never in the URL"));
      const authorization = header(req, "authorization");
      const appKey = header(req, APP_KEY_HEADER);
      if (authorization === null && appKey === null) return send(req, res, unauthorized(NEEDS_CREDENTIAL));
      // The app is in the path and the channel in the query: the token is checked against both, once.
      const target = { appSlug: slug, channel: url.searchParams.get("channel") || DEFAULT_UPDATE_CHANNEL };
      const granted = authorization === null ? null : await authorizeBearer(deps.store, authorization, route, target, req.method ?? "GET");
      if (granted && !granted.ok) return send(req, res, granted.response);

      const query = parseOrThrow(updateCheckQuerySchema, Object.fromEntries(url.searchParams), "update check");
      const address = header(req, CLIENT_ADDRESS_HEADER) ?? "unknown";
      const retryAfter = overLimit(slug, address, query.deviceId ?? query.udid ?? address);
      if (retryAfter !== null) return sendJson(req, res, 429, RATE_LIMITED, { "retry-after": String(retryAfter) });

      const app = await deps.checker.appBySlug(slug);
      if (granted) {
        if (!app) throw DomainError.notFound("app", slug);
      } else if (!app || !appKeyMatches(app, appKey)) {
        // An unknown app and a wrong key look the same: slugs are not disclosed.
        return send(req, res, unauthorized(NEEDS_CREDENTIAL));
      }

      const result = await deps.checker.check(app, {
        platform: query.platform,
        currentBuild: query.currentBuild,
        channel: query.channel,
        deviceId: query.deviceId ?? null,
        udid: query.udid ?? null,
      });
      const answer = updateAnswer(result, query.channel, (release, artifact) => deps.linksFor(app, release, artifact));
      sendJson(req, res, answer.status, answer.status === 204 ? null : Buffer.from(JSON.stringify(answer.body)));
    } catch (error) {
      await send(req, res, errorResponse(error));
    }
  };
}
