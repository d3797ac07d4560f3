import type { Token, TokenScope } from "./token";

/** What a token may do: its scopes and optional restriction to one app and one channel. */
export type TokenGrant = Pick<Token, "scopes" | "appId" | "channel">;

/** What one request needs. appId/channel are set when the request targets them. */
export interface Requirement {
  scope: TokenScope | null;
  appId?: string;
  channel?: string;
  /** The route acts across apps (lists, tokens, audit): an app-restricted token cannot use it. */
  global?: boolean;
  /** The route changes the whole app, all its channels (edit, delete): a channel-restricted token cannot use it. */
  wholeApp?: boolean;
}

export type GrantDecision =
  | { allowed: true }
  | { allowed: false; reason: "missing_scope"; scope: TokenScope }
  | { allowed: false; reason: "wrong_app" | "wrong_channel" | "restricted_token" | "channel_token" };

/** `admin` implies every scope; otherwise the exact scope is needed. */
export function hasScope(grant: TokenGrant, scope: TokenScope): boolean {
  return grant.scopes.includes("admin") || grant.scopes.includes(scope);
}

export function checkGrant(grant: TokenGrant, need: Requirement): GrantDecision {
  if (need.scope && !hasScope(grant, need.scope)) return { allowed: false, reason: "missing_scope", scope: need.scope };
  if (grant.appId !== null) {
    if (need.global) return { allowed: false, reason: "restricted_token" };
    if (need.appId !== undefined && need.appId !== grant.appId) return { allowed: false, reason: "wrong_app" };
  }
  if (grant.channel !== null) {
    if (need.channel !== undefined && need.channel !== grant.channel) return { allowed: false, reason: "wrong_channel" };
    // A token for one channel must not reach the others by changing or deleting their app.
    if (need.wholeApp) return { allowed: false, reason: "channel_token" };
  }
  return { allowed: true };
}

export function describeDenial(decision: Exclude<GrantDecision, { allowed: true }>): string {
  switch (decision.reason) {
    case "missing_scope":
      return `this token lacks the ${decision.scope} scope`;
    case "wrong_app":
      return "this token is restricted to another app";
    case "wrong_channel":
      return "this token is restricted to another channel";
    case "restricted_token":
      return "this token is restricted to one app and cannot use this endpoint";
    case "channel_token":
      return "this token is restricted to one channel and cannot change the whole app";
  }
}
