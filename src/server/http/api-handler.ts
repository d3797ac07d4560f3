import { type Actor } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import type { TokenScope } from "@/domain/token";
import { hasScope } from "@/domain/token-grant";
import { getStore } from "../db";
import type { Store } from "../store/types";
import { errorResponse } from "./errors";
import { decodeIdentity, TOKEN_IDENTITY_HEADER, type TokenIdentity } from "./identity";

export interface ApiContext<P> {
  req: Request;
  params: P;
  identity: TokenIdentity;
  actor: Actor;
  store: Store;
  /**
   * Whether the token also has `scope` (admin implies every scope), for what a request asks on top
   * of the route (publishing with promote). Its app and channel were checked by proxy.ts already.
   */
  allows(scope: TokenScope): boolean;
}

/**
 * Wraps a /api/v1 route handler: takes the identity verified by proxy.ts (failing closed if it is
 * absent, e.g. if the matcher were ever changed) and turns thrown errors into JSON responses.
 */
export function apiHandler<P extends Record<string, string>>(
  handle: (ctx: ApiContext<P>) => Promise<Response>,
): (req: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (req, route) => {
    try {
      const identity = decodeIdentity(req.headers.get(TOKEN_IDENTITY_HEADER));
      if (!identity) throw new DomainError("UNAUTHORIZED", "missing bearer token");
      return await handle({
        req,
        params: await route.params,
        identity,
        actor: { kind: "token", id: identity.tokenId },
        store: await getStore(),
        allows: (scope) => hasScope(identity, scope),
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
