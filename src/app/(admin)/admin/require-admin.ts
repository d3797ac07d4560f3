import { redirect } from "next/navigation";
import { cache } from "react";
import { type AppAccess, allows } from "@/domain/roles";
import { serverContext } from "@/server/composition";
import { currentUser } from "@/server/entry/current-user";
import { appAccessOf, appsWhere } from "@/server/services/access";
import type { PublicUser } from "@/server/services/users";

// Who may see which console page. Every console page awaits one of these before it reads anything.
// The layout's check is not enough: Next renders a page in parallel with its layouts (a member's
// redirect went out with the page's data in its body), and a client navigation renders the page
// without them. Cached per request, so each reads the user once.

/** The signed-in user, or a redirect to sign in (proxy.ts sends visitors without a session; this is a stale one). */
const signedIn = cache(async (): Promise<PublicUser> => {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  return user;
});

/** The signed-in admin, or a redirect away for anyone else: users, settings, the whole audit log, new apps. */
export const requireAdmin = cache(async (): Promise<PublicUser> => {
  const user = await signedIn();
  if (user.role !== "admin") redirect("/admin");
  return user;
});

export interface ConsoleUser {
  user: PublicUser;
  /** The apps the user views in the console: "all" for an admin. */
  appIds: "all" | string[];
  /** Whether they maintain some app (the tokens page is theirs then). */
  maintainsSome: boolean;
}

/** A user with the console: an admin, or a member who views some app. Testers go to the home page, where their apps are. */
export const requireConsoleUser = cache(async (): Promise<ConsoleUser> => {
  const user = await signedIn();
  const { store } = await serverContext();
  const [viewed, maintained] = await Promise.all([appsWhere(store, user, "viewer"), appsWhere(store, user, "maintainer")]);
  if (viewed !== "all" && viewed.length === 0) redirect("/");
  return { user, appIds: viewed, maintainsSome: maintained === "all" || maintained.length > 0 };
});

/** What the signed-in console user holds on an app: null when less than viewer (the page then 404s). */
export const consoleAccessTo = cache(async (appId: string): Promise<AppAccess | null> => {
  const { user } = await requireConsoleUser();
  const access = await appAccessOf((await serverContext()).store, user, appId);
  return allows(access, "viewer") ? access : null;
});
