// The life of an outbox row, shared by webhook deliveries and mail: queued as pending in the
// transaction of the change that caused it, claimed by a worker with a lease, then done (sent) or
// given up (failed) after the retry window. A lease that runs out (a worker that died mid-send)
// makes the row claimable again, so a row is sent at least once and, while leases hold, by one
// worker at a time.

export const OUTBOX_STATES = ["pending", "done", "failed"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Long enough for one send with its timeout (10 s for a webhook, SMTP's own timeouts) and then some. */
export const OUTBOX_LEASE_MS = 2 * 60 * 1000;

/**
 * How long a sent or given-up row stays (the webhook delivery log shows it, Redeliver sends it
 * again); the janitor then removes it, so neither outbox grows without end. Pending rows stay.
 */
export const OUTBOX_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/** What one attempt came to, as the worker records it. */
export type AttemptOutcome = { ok: true; status?: number; durationMs: number } | { ok: false; status?: number; error: string; durationMs: number };
