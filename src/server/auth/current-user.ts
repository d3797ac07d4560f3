import { auth } from "@/auth";
import { getStore } from "../db";
import type { PublicUser } from "../services/users";

/**
 * The signed-in user, re-read from the database on every request: a deleted or demoted user loses
 * access at once, whatever their session cookie still says.
 */
export async function currentUser(): Promise<PublicUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await (await getStore()).users.getById(id);
  if (!user) return null;
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}
