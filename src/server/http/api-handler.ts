import type { Actor } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import type { TokenScope } from "@/domain/token";
import { hasScope } from "@/domain/token-grant";
import type { ServerContext } from "../services/server-context";
import type { Store } from "../store/types";
import { errorResponse } from "./errors";
import { decodeIdentity, TOKEN_IDENTITY_HEADER, type TokenIdentity } from "./identity";

export interface ApiContext<P> {
  req: Request;
  params: P;
  identity: TokenIdentity;
  actor: Actor;
  store: Store;
  /** The server's parts (links, uploads, inspector, …), handed down from the composition root. */
  server: ServerContext;
  /**
   * Whether the token also has `scope` (admin implies every scope), for what a request asks on top
   * of the route (publishing with promote). Its app and channel were checked by proxy.ts already.
   */
  allows(scope: TokenScope): boolean;
}

export type ApiHandler = <P extends Record<string, string>>(handle: (ctx: ApiContext<P>) => Promise<Response>) => (req: Request, route: { params: Promise<P> }) => Promise<Response>;

/**
 * The wrapper of /api/v1 route handlers, given where the server's context comes from (the
 * composition root binds it: src/server/entry/api.ts). It takes the identity verified by proxy.ts
 * (failing closed if it is absent, e.g. if the matcher were ever changed) and turns thrown errors
 * into JSON responses.
 */
export function createApiHandler(context: () => Promise<ServerContext>): ApiHandler {
  return (handle) => async (req, route) => {
    try {
      const identity = decodeIdentity(req.headers.get(TOKEN_IDENTITY_HEADER));
      if (!identity) throw new DomainError("UNAUTHORIZED", "missing bearer token");
      const server = await context();
      return await handle({
        req,
        params: await route.params,
        identity,
        actor: { kind: "token", id: identity.tokenId },
        store: server.store,
        server,
        allows: (scope) => hasScope(identity, scope),
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
