"use server";
// The "Sign in with …" button's action: next-auth's server-side signIn sends the browser to the
// provider (and sets its state and PKCE cookies), with no CSRF token to fetch first.
import { signIn } from "@/auth";
import { env } from "@/env";
import { OIDC_PROVIDER_ID } from "@/server/auth/oidc";
import { safeCallbackPath } from "@/server/auth/safe-redirect";

export async function signInWithSsoAction(form: FormData): Promise<void> {
  // Refused, not thrown, when SSO is off: a stale page's button must not reach a missing provider.
  if (!env().oidc) return;
  // The hidden field is the browser's to change: only a same-site path is honoured.
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackPath(form.get("callbackUrl")) });
}
