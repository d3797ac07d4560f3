import { endedSessionKeptUntil, type SessionClaim } from "@/domain/session";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";

// Signing out ends one session on the server, not only in the browser that signed out: a copy of
// the cookie (another tab's, a stolen one) is refused from then on, and never renewed.

/** Records the signed-out session as ended until every copy of its cookie has expired. */
export async function endSession(store: Pick<Store, "endedSessions">, claim: SessionClaim | null, now: Date, sessionMaxAgeSeconds: number): Promise<void> {
  // A token from before sessions had ids cannot be named; it runs out at its own expiry.
  if (claim?.sessionId == null) return;
  await store.endedSessions.end({ id: claim.sessionId, userId: claim.userId, expiresAt: endedSessionKeptUntil(now, sessionMaxAgeSeconds) }, now);
}

/** Whether the session was signed out (its cookie must no longer sign anyone in). */
export async function sessionEnded(store: Pick<ReadStore, "endedSessions">, claim: Pick<SessionClaim, "sessionId">): Promise<boolean> {
  return claim.sessionId !== null && (await store.endedSessions.isEnded(claim.sessionId));
}
