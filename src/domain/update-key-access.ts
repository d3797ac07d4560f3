import type { TokenScope } from "./token";
import type { TokenGrant } from "./token-grant";

// Who may read an app's update key through the API. The key ships inside builds, but it also lets
// anyone ask the update API for a private app's newest release and download it, which apps:read
// alone must not hand out. So: admins, and the app's managers.
//
// There are no per-app roles yet, so a manager is a token restricted to the app that holds a write
// scope on it (upload, publish, promote, or apps:write, which may edit and delete the app anyway):
// the app's CI, which embeds the key in the builds it makes.
// A channel restriction does not matter (a beta-only publisher still builds the app), and a write
// token over every app manages none in particular: CI that needs the key gets a token for its app.
// tRPC is admin-only, so the admin UI always shows it.

const APP_WRITE_SCOPES: readonly TokenScope[] = ["apps:write", "releases:upload", "releases:publish", "channels:promote"];

export function canSeeUpdateKey(grant: TokenGrant, appId: string): boolean {
  if (grant.scopes.includes("admin")) return true;
  return grant.appId === appId && grant.scopes.some((scope) => APP_WRITE_SCOPES.includes(scope));
}

/** The app as this token may see it: without `updateKey` unless it may read the key. */
export function withUpdateKeyFor<A extends { id: string; updateKey: string | null }>(grant: TokenGrant, app: A): A | Omit<A, "updateKey"> {
  if (canSeeUpdateKey(grant, app.id)) return app;
  const { updateKey: _hidden, ...rest } = app;
  return rest;
}
