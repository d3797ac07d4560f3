import { type ApiRoute, routeRequirement } from "@/domain/api-routes";
import { checkGrant, describeDenial } from "@/domain/token-grant";
import { authenticateToken, recordTokenUse, TOKEN_REJECTION_MESSAGES } from "../services/tokens";
import type { Store } from "../store/types";
import { jsonError } from "./errors";
import type { TokenIdentity } from "./identity";

const BEARER = /^Bearer ([^\s]+)$/;

/** Query parameters that would carry a credential: refused outright, tokens belong in a header. */
const CREDENTIAL_PARAMS = ["token", "access_token", "api_key", "apikey", "auth", "key"];

export function credentialInQuery(url: URL): boolean {
  return [...url.searchParams].some(([name, value]) => CREDENTIAL_PARAMS.includes(name.toLowerCase()) || value.startsWith("shp_"));
}

export function unauthorized(message: string): Response {
  const res = jsonError(401, "UNAUTHORIZED", message);
  res.headers.set("www-authenticate", 'Bearer realm="shipyard"');
  return res;
}

/**
 * Authenticates the bearer token of one /api/v1 request and checks it against the route's needs
 * (scope, and the app and channel its path names). Never reads the body: the route decides alone.
 * Returns the identity to hand to the handler, or the error response.
 */
export async function authorizeApiRequest(
  store: Store,
  req: Request,
  route: ApiRoute,
  params: Record<string, string>,
): Promise<{ ok: true; identity: TokenIdentity } | { ok: false; response: Response }> {
  const header = req.headers.get("authorization");
  if (!header) return { ok: false, response: unauthorized("missing bearer token: send Authorization: Bearer shp_…") };
  const channel = route.channelFrom === "path" ? params.channel : route.channelFrom === "query" ? (new URL(req.url).searchParams.get("channel") ?? undefined) : undefined;
  const target = { appSlug: route.appFrom === "path" ? params.app : undefined, channel };
  return authorizeBearer(store, header, route, target, req.method);
}

/**
 * The token in an Authorization header, checked against what `route` needs on this app and
 * channel (each when the request names one).
 */
export async function authorizeBearer(
  store: Store,
  header: string,
  route: ApiRoute,
  target: { appSlug?: string; channel?: string },
  method: string,
): Promise<{ ok: true; identity: TokenIdentity } | { ok: false; response: Response }> {
  const raw = BEARER.exec(header)?.[1];
  if (!raw) return { ok: false, response: unauthorized(TOKEN_REJECTION_MESSAGES.malformed) };
  // The token and the app its request names, read on one snapshot: one transaction, not two.
  const { auth, appId } = await store.readTransaction(async (tx) => {
    const auth = await authenticateToken(tx, raw);
    if (!auth.ok || target.appSlug === undefined) return { auth, appId: undefined };
    // A restricted token learns nothing about other apps: an unknown slug is "another app" too.
    return { auth, appId: (await tx.apps.getBySlug(target.appSlug))?.id ?? `unknown:${target.appSlug}` };
  });
  if (!auth.ok) return { ok: false, response: unauthorized(TOKEN_REJECTION_MESSAGES[auth.reason]) };
  const { token } = auth;

  const decision = checkGrant(token, routeRequirement(route, { appId, channel: target.channel }));
  if (!decision.allowed) {
    const extra = decision.reason === "missing_scope" ? { requiredScope: decision.scope } : {};
    // A deprecated route may refuse what its successor allows (a token for one channel): say where to go.
    const message = route.deprecated ? `${describeDenial(decision)}; use ${route.deprecated}` : describeDenial(decision);
    return { ok: false, response: jsonError(403, "FORBIDDEN", message, extra) };
  }
  await recordTokenUse(store, token, { method, route: route.path });
  return {
    ok: true,
    identity: { tokenId: token.id, name: token.name, scopes: token.scopes, appId: token.appId, channel: token.channel },
  };
}
