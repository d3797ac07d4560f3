// Single sign-on's two pieces of next-auth configuration: the generic OpenID Connect provider,
// and the signIn-callback step that turns the provider's person into a Shipyard user.
import type { Account, Profile, User } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import type { SsoPolicy } from "@/domain/sso";
import type { OidcSettings } from "@/env";
import { signInWithSso } from "../services/sso-sign-in";
import type { Store } from "../store/types";

/** next-auth's provider id: in the callback URL (/api/auth/callback/oidc) and in accounts.provider. */
export const OIDC_PROVIDER_ID = "oidc";

export function ssoPolicy(settings: OidcSettings): SsoPolicy {
  return { provider: OIDC_PROVIDER_ID, allowedDomains: settings.allowedDomains, roleClaim: settings.roleClaim, adminValues: settings.adminValues };
}

/**
 * The claims come from the ID token (next-auth's default for OIDC): the email, email_verified and
 * the role claim must be in it. PKCE and state both guard the callback, so a provider that
 * supports only one still gets a checked round trip.
 */
export function oidcProvider(settings: OidcSettings): OIDCConfig<Profile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state"],
    authorization: { params: { scope: "openid email profile" } },
  };
}

/**
 * next-auth's signIn callback for an SSO sign-in: true lets it in, a path sends the browser to
 * /login with the refusal's reason. Without a database adapter next-auth hands this very `user`
 * object on to the jwt callback, so setting our id and session version here is what puts them
 * into the token (token.sub, token.sv), as the password sign-in does.
 */
export async function completeSsoSignIn(store: Store, policy: SsoPolicy, user: User, profile: Profile | undefined): Promise<true | string> {
  const outcome = await signInWithSso(store, policy, profile);
  if (!outcome.ok) return `/login?error=sso_${outcome.reason}`;
  user.id = outcome.user.id;
  user.email = outcome.user.email;
  user.name = outcome.user.name;
  user.role = outcome.user.role;
  user.sessionVersion = outcome.user.sessionVersion;
  return true;
}

/** Whether a signIn callback's account is an SSO sign-in. */
export function isSsoAccount(account: Account | null | undefined): boolean {
  return account?.provider === OIDC_PROVIDER_ID;
}
