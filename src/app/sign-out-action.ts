"use server";
// Sign out, from the console's header and the home page: next-auth clears the cookie, and its
// signOut event ends the session on the server (services/session-ends.ts).
import { signOut } from "@/auth";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
