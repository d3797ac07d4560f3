import type { Session } from "next-auth";
import type { PublicUser } from "../services/users";
import type { Store } from "../store/types";

/**
 * The user a session names, re-read from the database on every request: a deleted or demoted user
 * loses access at once, whatever their session cookie still says.
 */
export async function userOfSession(store: Store, session: Session | null): Promise<PublicUser | null> {
  const id = session?.user?.id;
  if (!id) return null;
  const user = await store.users.getById(id);
  if (!user) return null;
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}
