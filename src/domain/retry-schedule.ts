// When an outbox row (a webhook delivery, a mail) is tried again after a failed attempt:
// exponential backoff from 30 s, doubling, capped at one hour between attempts, and no attempt
// later than 24 h after the row was queued. That is 8 tries in the first ~64 min, then one an hour:
// 30 tries in all, enough to ride out a receiver's deploy or an SMTP server's greylisting.

export const RETRY_FIRST_DELAY_MS = 30_000;
export const RETRY_MAX_DELAY_MS = 60 * 60 * 1000;
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The pause after the `attempts`-th failed attempt (1 → 30 s, 2 → 60 s, …, capped); `firstDelayMs` is the operator's setting. */
export function retryDelayMs(attempts: number, firstDelayMs = RETRY_FIRST_DELAY_MS): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(RETRY_MAX_DELAY_MS, firstDelayMs * 2 ** exponent);
}

/**
 * When to try again after `attempts` failed attempts, or null to give up: the next try would fall
 * beyond the 24 h window that began when the row was queued. `jitter` in [0, 1) stretches the
 * pause by up to 10 %, so rows that failed together do not all come back in the same second.
 */
export function nextAttemptAt(queuedAt: Date, attempts: number, now: Date, jitter = 0, firstDelayMs = RETRY_FIRST_DELAY_MS): Date | null {
  const delay = retryDelayMs(attempts, firstDelayMs) * (1 + 0.1 * Math.min(Math.max(jitter, 0), 0.999));
  const next = now.getTime() + Math.round(delay);
  if (next > queuedAt.getTime() + RETRY_WINDOW_MS) return null;
  return new Date(next);
}
