import type { App } from "@/domain/app";
import { honoursClaim, type SessionClaim } from "@/domain/session";
import type { ShareLink } from "@/domain/share-link";
import type { User } from "@/domain/user";
import type { ReadStore } from "../store/read-only";
import { appAccessOf } from "./access";
import { resolveShareLink } from "./share-links";

// Who a rendered install page may be shown to. A page holds nothing of one visitor: what it shows
// depends on the URL, the device, and which of three audiences the visitor belongs to. A copy kept
// for one audience is handed to another visitor only once the server has decided, for that
// request, that the visitor belongs to the same audience, the way the page itself decides it.
// - anyone: a public or unlisted app, without a share link;
// - member: a private app, seen by a signed-in user with a role on it (the page names no user);
// - one share link, open or out of installs: its grants carry the link's id, its page the link.

export type PageAudience = "anyone" | "member" | `share:${string}:${"open" | "exhausted"}`;

export function shareAudience(linkId: string, exhausted: boolean): PageAudience {
  return `share:${linkId}:${exhausted ? "exhausted" : "open"}`;
}

/** The audience of a page as rendered: a share link wins, as it does for the page (grants through it). */
export function audienceOfPage(app: Pick<App, "visibility">, share: { link: Pick<ShareLink, "id"> | null; exhausted: boolean }): PageAudience {
  if (share.link) return shareAudience(share.link.id, share.exhausted);
  return app.visibility === "private" ? "member" : "anyone";
}

export interface SessionUserDeps {
  store: Pick<ReadStore, "users" | "members">;
  /** What the request's session claims, or null (the session cookie's decoding is transport's). */
  sessionClaim: () => Promise<SessionClaim | null>;
}

/**
 * The user the visitor's session names, or null when there is none, it no longer exists (a JWT
 * outlives a deleted user), is disabled, or its sessions were ended since this one was issued.
 */
export async function signedInUser(deps: SessionUserDeps): Promise<User | null> {
  const claim = await deps.sessionClaim();
  if (claim === null) return null;
  const user = await deps.store.users.getById(claim.userId);
  return user && honoursClaim(user, claim) ? user : null;
}

/**
 * The signed-in visitor's id if they may install this private app (any role on it: tester and up),
 * else null. What makes a visitor a member of a private app's page, for the page and the page cache.
 */
export async function installerOf(deps: SessionUserDeps, appId: string): Promise<string | null> {
  const user = await signedInUser(deps);
  return user !== null && (await appAccessOf(deps.store, user, appId)) !== null ? user.id : null;
}

/**
 * The share link audience of a visitor carrying `secret` in this app's share cookie, or null when
 * the secret opens nothing (unknown, revoked, expired): the page then treats them as having no link.
 * A link of another app yields an audience no copy of this app's pages is kept under.
 */
export async function shareAudienceOf(store: Pick<ReadStore, "shareLinks">, secret: string): Promise<PageAudience | null> {
  const result = await resolveShareLink(store, secret);
  return result.ok ? shareAudience(result.link.id, "exhausted" in result) : null;
}
