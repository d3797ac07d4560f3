// What a signed-in session carries: a user, and the version of that user's sessions it was issued
// under. Sessions are signed JWT cookies; bumping users.session_version (disabling a user, a new
// password) ends every session issued before, on the next request, wherever it is checked.

export interface SessionClaim {
  userId: string;
  version: number;
}

/** The claim of a decoded next-auth token (a token from before session versions counts as version 0). */
export function claimOfToken(token: { sub?: unknown; sv?: unknown } | null): SessionClaim | null {
  if (typeof token?.sub !== "string" || token.sub === "") return null;
  return { userId: token.sub, version: typeof token.sv === "number" ? token.sv : 0 };
}

/** Whether a user (as stored now) still honours a session claim. */
export function honoursClaim(user: { id: string; disabledAt: Date | null; sessionVersion: number } | null, claim: SessionClaim): boolean {
  return user !== null && user.id === claim.userId && user.disabledAt === null && user.sessionVersion === claim.version;
}
