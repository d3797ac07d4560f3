import { redirect } from "next/navigation";
import { cache } from "react";
import { currentUser } from "@/server/entry/current-user";
import type { PublicUser } from "@/server/services/users";

/**
 * The signed-in admin, or a redirect: to sign in, or away for anyone else. Every console page
 * awaits this before it reads anything. The layout's check is not enough: Next renders a page in
 * parallel with its layouts (a member's redirect went out with the page's data in its body), and a
 * client navigation renders the page without them. Cached per request, so it reads the user once.
 */
export const requireAdmin = cache(async (): Promise<PublicUser> => {
  const user = await currentUser();
  // proxy.ts sends visitors without a session to sign in (back to the page they asked for); this is a stale session.
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "admin") redirect("/");
  return user;
});
