import type { TokenScope } from "./token";
import type { Requirement } from "./token-grant";

// Every REST route under /api/v1 and what a token needs to call it. proxy.ts enforces this table
// before any handler runs, from the method, the path and the token alone: every app and channel a
// token can be restricted to is named in the path. The authorization test walks it route by route.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

export interface ApiRoute {
  method: HttpMethod;
  /** Path with {app}, {channel}, {id} placeholders. */
  path: string;
  /** null: any valid token (whoami). */
  scope: TokenScope | null;
  /** Reachable without a token (the API description). */
  public?: boolean;
  /** Acts across apps: closed to app-restricted tokens. */
  global?: boolean;
  /** The target app's slug is the {app} path segment. Authorization never reads a body. */
  appFrom?: "path";
  /** The target channel is the {channel} path segment, or the `channel` query parameter (the update check, whose default is stable). */
  channelFrom?: "path" | "query";
  /** Changes or removes the app itself, every channel with it: closed to channel-restricted tokens. */
  wholeApp?: boolean;
  /** Also open to the app's public update key (X-Shipyard-App-Key) instead of a token; the handler checks it. */
  appKey?: boolean;
  /** Answered by the Node server ahead of Next (a hot path: every app launch), with the same rules. */
  servedByNode?: boolean;
  /** Kept for old clients; names the route to use instead. */
  deprecated?: string;
  summary: string;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: "GET", path: "/api/v1/openapi.json", scope: null, public: true, summary: "This API's OpenAPI description" },
  { method: "GET", path: "/api/v1/whoami", scope: null, summary: "The calling token" },
  { method: "GET", path: "/api/v1/apps", scope: "apps:read", summary: "List apps" },
  { method: "POST", path: "/api/v1/apps", scope: "apps:write", global: true, summary: "Create an app with its default channels (stable, beta, internal)" },
  { method: "GET", path: "/api/v1/apps/{app}", scope: "apps:read", appFrom: "path", summary: "Get an app" },
  { method: "PATCH", path: "/api/v1/apps/{app}", scope: "apps:write", appFrom: "path", wholeApp: true, summary: "Change an app's display name, bundle ids or visibility (not its slug)" },
  {
    method: "DELETE",
    path: "/api/v1/apps/{app}",
    scope: "apps:write",
    appFrom: "path",
    wholeApp: true,
    summary: "Delete an app with its channels, releases and tokens (irreversible; the audit log keeps its events)",
  },
  { method: "GET", path: "/api/v1/apps/{app}/releases", scope: "releases:read", appFrom: "path", summary: "List an app's releases" },
  {
    method: "POST",
    path: "/api/v1/apps/{app}/releases",
    scope: "releases:publish",
    appFrom: "path",
    // The channel is in the body here, so only tokens for every channel of the app may use it.
    wholeApp: true,
    deprecated: "POST /api/v1/apps/{app}/channels/{channel}/releases",
    summary: "Publish a release from completed uploads to the channel in the body (deprecated)",
  },
  { method: "GET", path: "/api/v1/apps/{app}/releases/{id}", scope: "releases:read", appFrom: "path", summary: "Get a release with its artifacts" },
  {
    method: "GET",
    path: "/api/v1/apps/{app}/updates",
    scope: "releases:read",
    appFrom: "path",
    channelFrom: "query",
    appKey: true,
    servedByNode: true,
    summary: "In-app update check: 204 when up to date, else the release to install",
  },
  { method: "GET", path: "/api/v1/apps/{app}/channels", scope: "releases:read", appFrom: "path", summary: "List an app's channels" },
  { method: "PATCH", path: "/api/v1/apps/{app}/channels/{channel}", scope: "channels:promote", appFrom: "path", channelFrom: "path", summary: "Change a channel's rollout percent or policy" },
  { method: "POST", path: "/api/v1/apps/{app}/channels/{channel}/promote", scope: "channels:promote", appFrom: "path", channelFrom: "path", summary: "Point a channel at a release" },
  { method: "POST", path: "/api/v1/apps/{app}/channels/{channel}/rollback", scope: "channels:promote", appFrom: "path", channelFrom: "path", summary: "Return a channel to its previous release" },
  {
    method: "POST",
    path: "/api/v1/apps/{app}/channels/{channel}/releases",
    scope: "releases:publish",
    appFrom: "path",
    channelFrom: "path",
    summary: "Publish a release from completed uploads to this channel",
  },
  { method: "POST", path: "/api/v1/apps/{app}/uploads", scope: "releases:upload", appFrom: "path", summary: "Open an upload session" },
  { method: "GET", path: "/api/v1/apps/{app}/uploads/{id}", scope: "releases:upload", appFrom: "path", summary: "Get an upload session" },
  // The app is in the body of this one: open to tokens for every app only.
  {
    method: "POST",
    path: "/api/v1/uploads",
    scope: "releases:upload",
    global: true,
    deprecated: "POST /api/v1/apps/{app}/uploads",
    summary: "Open an upload session for the app in the body (deprecated)",
  },
  { method: "GET", path: "/api/v1/uploads/{id}", scope: "releases:upload", global: true, deprecated: "GET /api/v1/apps/{app}/uploads/{id}", summary: "Get an upload session (deprecated)" },
  { method: "GET", path: "/api/v1/tokens", scope: "tokens:manage", global: true, summary: "List tokens" },
  { method: "POST", path: "/api/v1/tokens", scope: "tokens:manage", global: true, summary: "Create a token (the raw token is in this response only)" },
  { method: "DELETE", path: "/api/v1/tokens/{id}", scope: "tokens:manage", global: true, summary: "Revoke a token" },
  { method: "GET", path: "/api/v1/audit", scope: "audit:read", global: true, summary: "List audit events, or export them as JSON Lines or CSV" },
];

/** What a token needs to call `route` on this app and channel (each when the request names one). */
export function routeRequirement(route: ApiRoute, target: { appId?: string; channel?: string }): Requirement {
  return { scope: route.scope, appId: target.appId, channel: target.channel, global: route.global, wholeApp: route.wholeApp };
}

export type RouteMatch = { kind: "route"; route: ApiRoute; params: Record<string, string> } | { kind: "method_not_allowed"; allowed: HttpMethod[] } | { kind: "not_found" };

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith("{") && w.endsWith("}")) {
      if (g === "") return null;
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

export function matchApiRoute(method: string, pathname: string): RouteMatch {
  const candidates = API_ROUTES.map((route) => ({ route, params: matchPath(route.path, pathname) })).filter((c): c is { route: ApiRoute; params: Record<string, string> } => c.params !== null);
  if (candidates.length === 0) return { kind: "not_found" };
  const wanted = method === "HEAD" ? "GET" : method;
  const hit = candidates.find((c) => c.route.method === wanted);
  return hit ? { kind: "route", ...hit } : { kind: "method_not_allowed", allowed: candidates.map((c) => c.route.method) };
}
