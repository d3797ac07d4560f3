// One worker loop for every outbox (webhook deliveries, mail): lease the due rows, send each,
// record the outcome, and schedule a retry by the backoff of domain/retry-schedule.ts until the
// 24 h window closes. Runs off the request path: a commit that queued rows kicks it, and a timer
// picks up retries as they fall due. The janitor prunes what the outboxes have finished with.
import { OUTBOX_KEPT_MS, OUTBOX_LEASE_MS } from "@/domain/outbox";
import { nextAttemptAt } from "@/domain/retry-schedule";
import type { OutboxRepository } from "../store/outbox-types";
import type { Store } from "../store/types";

/** What one send came to; `final` failures (the webhook was deleted or disabled) are not retried. */
export type SendOutcome = { ok: true; status?: number } | { ok: false; status?: number; error: string; final?: boolean };

export interface Outbox<Row extends { id: string; createdAt: Date; attempts: number }> {
  name: string;
  queue: OutboxRepository<Row>;
  send(row: Row): Promise<SendOutcome>;
}

export interface OutboxWorkerDeps {
  clock: () => Date;
  /** In [0, 1): stretches retry pauses a little (see nextAttemptAt). Tests pass () => 0. */
  random?: () => number;
  /** The first retry's pause (OUTBOX_RETRY_FIRST_SECONDS); 30 s unless set. */
  retryFirstDelayMs?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: outboxes of different row types share one loop.
type AnyOutbox = Outbox<any>;

/** Rows leased per round; sent a few at a time so one slow receiver does not hold up the rest. */
const BATCH = 20;
const PARALLEL = 4;

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sends everything due now, round after round until nothing is due; what the timer and tests call. */
export async function drainOutboxes(outboxes: readonly AnyOutbox[], deps: OutboxWorkerDeps): Promise<DrainResult> {
  const total: DrainResult = { sent: 0, retrying: 0, failed: 0 };
  for (const outbox of outboxes) {
    for (;;) {
      const now = deps.clock();
      const lease = new Date(now.getTime() + OUTBOX_LEASE_MS);
      const rows = await outbox.queue.claimDue(now, lease, BATCH);
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i += PARALLEL) {
        await Promise.all(rows.slice(i, i + PARALLEL).map((row) => attempt(outbox, row, lease, deps, total)));
      }
    }
  }
  return total;
}

async function attempt(outbox: AnyOutbox, row: { id: string; createdAt: Date; attempts: number }, lease: Date, deps: OutboxWorkerDeps, total: DrainResult): Promise<void> {
  const startedMs = performance.now();
  const outcome = await outbox.send(row).catch((error: unknown): SendOutcome => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
  const durationMs = Math.round(performance.now() - startedMs);
  const at = deps.clock();
  const next = outcome.ok || outcome.final ? null : nextAttemptAt(row.createdAt, row.attempts + 1, at, deps.random?.() ?? Math.random(), deps.retryFirstDelayMs);
  const recorded = await outbox.queue.recordAttempt(row.id, lease, {
    at,
    ok: outcome.ok,
    status: outcome.status ?? null,
    error: outcome.ok ? null : outcome.error.slice(0, 500),
    durationMs,
    nextAttemptAt: next,
  });
  if (!recorded) return;
  if (outcome.ok) total.sent += 1;
  else if (next) total.retrying += 1;
  else total.failed += 1;
}

export interface OutboxWorker {
  /** Drains once now (tests; the timer calls the same). */
  drain(): Promise<DrainResult>;
  /** Asks for a drain soon: a commit just queued rows. */
  kick(): void;
  start(): void;
  stop(): void;
}

/** Retries fall due while nobody commits anything: the timer finds them within this time. */
const POLL_MS = 5_000;

export function createOutboxWorker(outboxes: readonly AnyOutbox[], deps: OutboxWorkerDeps & { onError?: (error: unknown) => void }): OutboxWorker {
  let running: Promise<DrainResult> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  const drain = (): Promise<DrainResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = drainOutboxes(outboxes, deps).finally(() => {
      running = null;
      if (again && started) {
        again = false;
        run();
      }
    });
    return running;
  };
  const run = () => {
    drain().catch((error: unknown) => (deps.onError ?? ((e) => console.error("outbox worker failed:", e)))(error));
  };
  return {
    drain,
    kick: () => {
      if (started) run();
    },
    start() {
      if (started) return;
      started = true;
      run();
      // A first retry set shorter than the poll is looked for as often as it falls due.
      timer = setInterval(run, Math.min(POLL_MS, deps.retryFirstDelayMs ?? POLL_MS));
      timer.unref();
    },
    stop() {
      started = false;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/** Removes the sent and given-up rows of both outboxes queued more than OUTBOX_KEPT_MS before `now`. */
export async function pruneOutboxes(store: Pick<Store, "mail" | "webhookDeliveries">, now: Date): Promise<{ mail: number; deliveries: number }> {
  const before = new Date(now.getTime() - OUTBOX_KEPT_MS);
  return { mail: await store.mail.forgetFinished(before), deliveries: await store.webhookDeliveries.forgetFinished(before) };
}
