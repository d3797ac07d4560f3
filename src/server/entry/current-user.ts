// The signed-in user of this request, for pages and routes: next-auth's session read against the
// composition root's store.
import { auth } from "@/auth";
import { userOfSession } from "../auth/current-user";
import { serverContext } from "../composition";
import type { PublicUser } from "../services/users";

export async function currentUser(): Promise<PublicUser | null> {
  const [session, { store }] = await Promise.all([auth(), serverContext()]);
  return userOfSession(store, session);
}
