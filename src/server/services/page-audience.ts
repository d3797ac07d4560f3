import type { App } from "@/domain/app";
import { type InstallScope, MEMBER_SCOPE, type PageTarget, releaseReached } from "@/domain/install-scope";
import { honoursClaim, type SessionClaim } from "@/domain/session";
import type { ShareLink } from "@/domain/share-link";
import { channelsGiven, type TesterGroup } from "@/domain/tester-group";
import type { User } from "@/domain/user";
import type { ReadStore } from "../store/read-only";
import { appAccessOf } from "./access";
import { sessionEnded } from "./session-ends";
import { resolveShareLink } from "./share-links";

// Who a rendered install page may be shown to. A page holds nothing of one visitor: what it shows
// depends on the URL, the device, and which of three audiences the visitor belongs to. A copy kept
// for one audience is handed to another visitor only once the server has decided, for that
// request, that the visitor belongs to the same audience, the way the page itself decides it.
// - anyone: a public or unlisted app, without a share link;
// - member: a private app, seen by a signed-in user with a role on it (the page names no user);
// - channels: a private app, seen by a signed-in user whose tester groups give them exactly these
//   channels of it and who holds no role on it (the page shows those channels only);
// - one share link, open or out of installs: its grants carry the link's id, its page the link (and,
//   for an outside tester's personal link, only the channels of their group: shareLinkScopeOf).

export type PageAudience = "anyone" | "member" | `channels:${string}` | `share:${string}:${"open" | "exhausted"}`;

export function shareAudience(linkId: string, exhausted: boolean): PageAudience {
  return `share:${linkId}:${exhausted ? "exhausted" : "open"}`;
}

/** The audience of the signed-in visitors a private app's page was rendered for. */
export function scopeAudience(scope: InstallScope): PageAudience {
  return scope.kind === "member" ? "member" : `channels:${scope.channels.join(",")}`;
}

/**
 * The audience of a page as rendered: a share link wins, as it does for the page (grants through
 * it); a private app's page is for the visitors of the scope it was rendered in.
 */
export function audienceOfPage(app: Pick<App, "visibility">, share: { link: Pick<ShareLink, "id"> | null; exhausted: boolean }, scope: InstallScope = MEMBER_SCOPE): PageAudience {
  if (share.link) return shareAudience(share.link.id, share.exhausted);
  return app.visibility === "private" ? scopeAudience(scope) : "anyone";
}

export interface SessionUserDeps {
  store: Pick<ReadStore, "users" | "endedSessions" | "members" | "testerGroups" | "channels" | "releases">;
  /** What the request's session claims, or null (the session cookie's decoding is transport's). */
  sessionClaim: () => Promise<SessionClaim | null>;
}

/**
 * The user the visitor's session names, or null when there is none, it no longer exists (a JWT
 * outlives a deleted user), is disabled, its sessions were ended since this one was issued, or
 * this session was signed out.
 */
export async function signedInUser(deps: SessionUserDeps): Promise<User | null> {
  const claim = await deps.sessionClaim();
  if (claim === null) return null;
  const user = await deps.store.users.getById(claim.userId);
  if (!user || !honoursClaim(user, claim)) return null;
  return (await sessionEnded(deps.store, claim)) ? null : user;
}

/**
 * What the signed-in visitor may install of this private app, if they may open `target` at all:
 * everything with a role on the app (tester and up; admins hold every app); else the channels
 * their tester groups give them, when the target is one of those channels, a release that reached
 * one, or the app page (which then shows one of them). Null: the page is not for them. The one
 * decision the install page's render and the page cache's check both make, read per request, so
 * leaving a group closes the pages, kept copies included, on the next request.
 */
export async function installScopeOf(deps: SessionUserDeps, app: Pick<App, "id">, target: PageTarget): Promise<InstallScope | null> {
  const user = await signedInUser(deps);
  if (user === null) return null;
  if ((await appAccessOf(deps.store, user, app.id)) !== null) return MEMBER_SCOPE;
  return scopeOfGroups(deps.store, app, await deps.store.testerGroups.groupsOfUser(user.id, app.id), target);
}

/**
 * What a visitor holding a share link may install of its private app, if they may open `target`:
 * the whole app through a link an admin or maintainer made (no `group`); through an outside
 * tester's personal link, only what their group gives, as for a signed-in tester of that group.
 * Copies of the pages are kept per link (shareAudience), and the audited change of a group's
 * channels drops them all.
 */
export async function shareLinkScopeOf(store: Pick<ReadStore, "channels" | "releases">, app: Pick<App, "id">, group: TesterGroup | null, target: PageTarget): Promise<InstallScope | null> {
  return group === null ? MEMBER_SCOPE : scopeOfGroups(store, app, [group], target);
}

/** The channels `groups` give of the app as a scope, if `target` is within them (installScopeOf). */
async function scopeOfGroups(store: Pick<ReadStore, "channels" | "releases">, app: Pick<App, "id">, groups: readonly TesterGroup[], target: PageTarget): Promise<InstallScope | null> {
  if (groups.length === 0) return null;
  const channels = await store.channels.listByApp(app.id);
  const given = channelsGiven(
    groups,
    channels.map((c) => c.name),
  );
  if (given.length === 0) return null;
  const scope: InstallScope = { kind: "channels", channels: given };
  if (target.releaseId !== null) {
    const release = await store.releases.getById(target.releaseId);
    if (!release || release.appId !== app.id) return null;
    const history = await store.channels.listHistoryOfRelease(release.id, RELEASE_HISTORY_LIMIT);
    return releaseReached(
      release.id,
      channels.filter((c) => given.includes(c.name)),
      history,
    )
      ? scope
      : null;
  }
  if (target.channel !== null) return given.includes(target.channel) ? scope : null;
  return scope;
}

/** The channel moves read to tell whether a release reached a channel; far more than one release sees. */
const RELEASE_HISTORY_LIMIT = 500;

/**
 * The share link audience of a visitor carrying `secret` in this app's share cookie, or null when
 * the secret opens nothing (unknown, revoked, expired): the page then treats them as having no link.
 * A link of another app yields an audience no copy of this app's pages is kept under.
 */
export async function shareAudienceOf(store: Pick<ReadStore, "shareLinks">, secret: string): Promise<PageAudience | null> {
  const result = await resolveShareLink(store, secret);
  return result.ok ? shareAudience(result.link.id, "exhausted" in result) : null;
}
