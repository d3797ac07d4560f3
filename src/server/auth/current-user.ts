import type { Session } from "next-auth";
import { honoursClaim } from "@/domain/session";
import type { PublicUser } from "../services/users";
import type { Store } from "../store/types";

/**
 * The user a session names, re-read from the database on every request: a deleted, disabled or
 * demoted user loses access at once, whatever their session cookie still says. A signed-out
 * session never gets here: auth() hands out no session for it (the jwt callback, config.ts).
 */
export async function userOfSession(store: Store, session: Session | null): Promise<PublicUser | null> {
  const id = session?.user?.id;
  if (!id) return null;
  const user = await store.users.getById(id);
  // Disabled since, or every session ended since this one was issued (a new password, say).
  if (!user || !honoursClaim(user, { userId: id, version: session.sessionVersion ?? 0 })) return null;
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}
