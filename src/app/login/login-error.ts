import { ssoRefusalMessage } from "@/domain/sso";

/**
 * The words for /login?error=…: "invalid" from a password form posted without JavaScript,
 * sso_<reason> from a refused single sign-on, and next-auth's own codes (AccessDenied,
 * OAuthCallbackError, Configuration, …) from a sign-in that broke on the way.
 */
export function loginErrorMessage(code: unknown): string | null {
  if (typeof code !== "string" || code === "") return null;
  if (code === "invalid") return "Wrong email or password.";
  return ssoRefusalMessage(code) ?? "Single sign-on did not complete. Try again; if it keeps failing, an admin can find the reason in the server log.";
}
