// What a signed-in session carries: a user, the version of that user's sessions it was issued
// under, and its own id. Sessions are signed JWT cookies; bumping users.session_version (disabling
// a user, a new password) ends every session issued before, on the next request, wherever it is
// checked. Signing out ends one session: its id is kept as ended (ended_sessions) until the
// cookie would have expired, since the cookie itself may have been copied.

/** How long a session lasts after its last use (next-auth renews the cookie as it is used). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export interface SessionClaim {
  userId: string;
  version: number;
  /** The session's id (the token's `sid`); null for a token issued before sessions had one. */
  sessionId: string | null;
}

/** The claim of a decoded next-auth token (a token from before session versions counts as version 0). */
export function claimOfToken(token: { sub?: unknown; sv?: unknown; sid?: unknown } | null): SessionClaim | null {
  if (typeof token?.sub !== "string" || token.sub === "") return null;
  return { userId: token.sub, version: typeof token.sv === "number" ? token.sv : 0, sessionId: typeof token.sid === "string" && token.sid !== "" ? token.sid : null };
}

/** Whether a user (as stored now) still honours a session claim; whether the session was ended is the store's to say. */
export function honoursClaim(user: { id: string; disabledAt: Date | null; sessionVersion: number } | null, claim: Pick<SessionClaim, "userId" | "version">): boolean {
  return user !== null && user.id === claim.userId && user.disabledAt === null && user.sessionVersion === claim.version;
}

/**
 * Until when an ended session must stay refused: the latest expiry any copy of its cookie can
 * have. Every copy was issued at or before the sign-out, and a refused session is never renewed.
 */
export function endedSessionKeptUntil(endedAt: Date, sessionMaxAgeSeconds: number): Date {
  return new Date(endedAt.getTime() + sessionMaxAgeSeconds * 1000);
}
