// Single sign-on rules, pure: what an OpenID provider's claims must say before Shipyard lets
// someone in, and which Shipyard role they map to. The provider is trusted for who the person is
// (sub, email); Shipyard decides whether that person may enter.
import type { UserRole } from "./user";
import { emailSchema } from "./user";

export interface SsoPolicy {
  /** next-auth's provider id, stored in accounts.provider. */
  provider: string;
  /** Lower-case email domains allowed to sign in; empty means any domain. */
  allowedDomains: readonly string[];
  /** The claim holding groups or roles (a dotted path such as realm_access.roles works); null: no mapping. */
  roleClaim: string | null;
  /** Values of roleClaim that make the user an admin. */
  adminValues: readonly string[];
}

export type SsoRefusal = "no_email" | "unverified" | "domain" | "disabled" | "linked_elsewhere";

export interface SsoIdentity {
  /** The provider's stable id of the person (the ID token's sub). */
  subject: string;
  email: string;
  name: string | null;
  /**
   * Whether the provider said the email is verified (email_verified true). Only then may the email
   * find an existing Shipyard user or a pending invitation: an address a person could set at the
   * provider unchecked must not take over an account (the "nOAuth" mistake).
   */
  emailVerified: boolean;
}

export type SsoIdentityResult = { ok: true; identity: SsoIdentity } | { ok: false; reason: SsoRefusal };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The part after the last "@", lower case. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Who the claims name, or why they cannot be let in. A missing email_verified is accepted for a
 * new account (Entra ID and others never send it), but such an email finds no existing user
 * (see emailVerified); an explicit false refuses. Some providers send it as a string.
 */
export function identityOfClaims(claims: unknown, policy: Pick<SsoPolicy, "allowedDomains">): SsoIdentityResult {
  if (!isRecord(claims) || typeof claims.sub !== "string" || claims.sub === "") return { ok: false, reason: "no_email" };
  const email = emailSchema.safeParse(claims.email);
  if (!email.success) return { ok: false, reason: "no_email" };
  if (claims.email_verified === false || claims.email_verified === "false") return { ok: false, reason: "unverified" };
  if (policy.allowedDomains.length > 0 && !policy.allowedDomains.includes(emailDomain(email.data))) return { ok: false, reason: "domain" };
  const name = typeof claims.name === "string" && claims.name.trim() !== "" ? claims.name.trim().slice(0, 100) : null;
  const emailVerified = claims.email_verified === true || claims.email_verified === "true";
  return { ok: true, identity: { subject: claims.sub, email: email.data, name, emailVerified } };
}

/** A claim by name, or by dotted path when no claim has that exact name (Keycloak's realm_access.roles). */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split(".")) value = isRecord(value) ? value[part] : undefined;
  return value;
}

/** A claim's values: a string is one value, an array its strings; anything else none. */
function claimValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/**
 * The role the claims map to, or null when no mapping is configured. With a mapping the provider
 * decides on every sign-in, both ways: holders of an admin value are admins, everyone else
 * (including a user whose claim is missing) a member.
 */
export function roleOfClaims(claims: unknown, policy: Pick<SsoPolicy, "roleClaim" | "adminValues">): UserRole | null {
  if (policy.roleClaim === null) return null;
  const values = isRecord(claims) ? claimValues(claimAt(claims, policy.roleClaim)) : [];
  return values.some((v) => policy.adminValues.includes(v)) ? "admin" : "member";
}

const REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  no_email: "Your single sign-on account did not share an email address, so Shipyard cannot tell who you are.",
  unverified: "Your email address is not verified at your single sign-on provider. Verify it there, then try again.",
  domain: "Your email domain is not allowed to sign in to Shipyard. Ask an admin if you need access.",
  disabled: "Your Shipyard account is disabled. Ask an admin to enable it.",
  linked_elsewhere: "This single sign-on account and this email belong to different Shipyard users. Ask an admin to sort it out.",
};

/** The login page's words for an SSO refusal (?error=sso_<reason>), or null when it is not one. */
export function ssoRefusalMessage(code: string): string | null {
  const reason = code.startsWith("sso_") ? code.slice(4) : "";
  return Object.hasOwn(REFUSAL_MESSAGES, reason) ? REFUSAL_MESSAGES[reason as SsoRefusal] : null;
}
