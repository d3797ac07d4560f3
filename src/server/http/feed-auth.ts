import type { App } from "@/domain/app";
import { checkGrant } from "@/domain/token-grant";
import { authenticateToken } from "../services/tokens";
import type { Store } from "../store/types";
import { jsonError } from "./errors";

const BEARER = /^Bearer ([^\s]+)$/;

/**
 * Desktop feeds of public and unlisted apps are open like their pages. A private app's feeds need
 * a token with releases:read for the app (electron-updater's `requestHeaders`, Sparkle's HTTP
 * headers); without one the answer is the same 404 as for an unknown app.
 */
export async function authorizeFeedRequest(store: Store, req: Request, app: App): Promise<Response | null> {
  if (app.visibility !== "private") return null;
  const raw = BEARER.exec(req.headers.get("authorization") ?? "")?.[1];
  const auth = raw ? await authenticateToken(store, raw) : null;
  if (auth?.ok && checkGrant(auth.token, { scope: "releases:read", appId: app.id }).allowed) return null;
  return jsonError(404, "NOT_FOUND", "no such feed");
}
