import { CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { type SessionOutcome, throttledSeconds } from "../auth/sign-in";

/**
 * Starts a session for an email and password: next-auth checks the password (authorize(), behind
 * the throttle) and sets the session cookie. A refusal is an outcome, with the wait when the
 * throttle refused; anything else is thrown.
 */
export async function createSession(email: string, password: string): Promise<SessionOutcome> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return { ok: true };
  } catch (error) {
    const retryAfterSeconds = throttledSeconds(error);
    if (retryAfterSeconds !== null || error instanceof CredentialsSignin) return { ok: false, retryAfterSeconds };
    throw error;
  }
}
