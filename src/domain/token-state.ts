import type { Token } from "./token";

export type TokenState = "active" | "expired" | "revoked";

/** What a token is now, as authenticateToken judges it: revoked wins over expired, expiry is inclusive. */
export function tokenState(token: Pick<Token, "revokedAt" | "expiresAt">, now: Date): TokenState {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
