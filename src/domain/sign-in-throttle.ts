// Sign-in backoff: a few wrong passwords are free, then each further one doubles the wait before
// the next try, up to a cap. Kept per account (the email typed, known or not, so unknown emails
// behave exactly like known ones) and per client address (password spraying across accounts).
// Pure: the caller passes the clock; the state is a Map in the caller's process.

export interface BackoffPolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts over (longer than maxDelayMs). */
  forgetAfterMs: number;
}

// An account is one person: 5 tries, then 1 s, 2 s, 4 s … 15 min, so about 100 guesses a day.
// An address may be a whole office behind NAT (or every client, behind a reverse proxy that is
// not trusted for X-Forwarded-For): twice the free tries before it is slowed down.
export const ACCOUNT_BACKOFF: BackoffPolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
export const ADDRESS_BACKOFF: BackoffPolicy = { freeFailures: 10, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

export interface FailureRecord {
  failures: number;
  lastFailureAt: number;
}

/** How long after the last failure the next attempt must wait, given the failures so far. */
export function backoffDelayMs(failures: number, policy: BackoffPolicy): number {
  const over = failures - policy.freeFailures;
  if (over < 0) return 0;
  // 2^over overflows nothing before the cap: min() first at 2^30 and beyond.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over, 30));
}

/** Milliseconds this key must still wait; 0 when it may try now. */
export function waitMs(record: FailureRecord | undefined, now: number, policy: BackoffPolicy): number {
  if (!record || now - record.lastFailureAt >= policy.forgetAfterMs) return 0;
  return Math.max(0, record.lastFailureAt + backoffDelayMs(record.failures, policy) - now);
}

/** The record after one more failure at `now` (a forgotten record starts over). */
export function withFailure(record: FailureRecord | undefined, now: number, policy: BackoffPolicy): FailureRecord {
  const failures = record && now - record.lastFailureAt < policy.forgetAfterMs ? record.failures + 1 : 1;
  return { failures, lastFailureAt: now };
}

/**
 * Whether reaching `failures` deserves an audit event: when backing off starts, then each time the
 * count doubles (5, 10, 20, 40 … for an account), so a long attack leaves a few rows, not thousands.
 */
export function isAuditMilestone(failures: number, policy: BackoffPolicy): boolean {
  if (failures < policy.freeFailures || policy.freeFailures < 1) return false;
  const ratio = failures / policy.freeFailures;
  return Number.isInteger(ratio) && (ratio & (ratio - 1)) === 0;
}

/** What the login page says when the throttle refuses: "Too many attempts, try again in 8 seconds." */
export function throttledMessage(seconds: number): string {
  return `Too many attempts, try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}

export interface SignInKeys {
  /** The email as typed, trimmed and lowercased. */
  account: string;
  address: string;
}

export type AttemptStart = { ok: true /** Failure counts if this attempt fails (it is counted already). */; failures: { account: number; address: number } } | { ok: false; retryAfterMs: number };

/**
 * The throttle's state: failure records per account and per address. One per process, so with
 * several Shipyard processes each keeps its own counts (an attacker spread over them gets a
 * multiple of the tries, still backed off exponentially).
 */
export class SignInThrottle {
  private readonly accounts = new Map<string, FailureRecord>();
  private readonly addresses = new Map<string, FailureRecord>();

  constructor(
    private readonly policies: { account: BackoffPolicy; address: BackoffPolicy } = { account: ACCOUNT_BACKOFF, address: ADDRESS_BACKOFF },
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until these keys may try again; 0 when they may try now. */
  retryAfterMs(keys: SignInKeys, now: number): number {
    return Math.max(waitMs(this.accounts.get(keys.account), now, this.policies.account), waitMs(this.addresses.get(keys.address), now, this.policies.address));
  }

  /**
   * Starts an attempt: refused while either key backs off, otherwise counted as a failure at once,
   * so parallel guesses cannot all slip past the check while their hashes are being computed.
   * Call succeeded() if the password was right.
   */
  begin(keys: SignInKeys, now: number): AttemptStart {
    const retryAfterMs = this.retryAfterMs(keys, now);
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    const account = this.record(this.accounts, keys.account, withFailure(this.accounts.get(keys.account), now, this.policies.account), now);
    const address = this.record(this.addresses, keys.address, withFailure(this.addresses.get(keys.address), now, this.policies.address), now);
    return { ok: true, failures: { account: account.failures, address: address.failures } };
  }

  /** The right password: the account starts over; the address gets its counted attempt back. */
  succeeded(keys: SignInKeys): void {
    this.accounts.delete(keys.account);
    const address = this.addresses.get(keys.address);
    if (address && address.failures > 1) this.addresses.set(keys.address, { ...address, failures: address.failures - 1 });
    else this.addresses.delete(keys.address);
  }

  get policy(): { account: BackoffPolicy; address: BackoffPolicy } {
    return this.policies;
  }

  private record(map: Map<string, FailureRecord>, key: string, value: FailureRecord, now: number): FailureRecord {
    // Most recently failed last, so the oldest are dropped first when the table is full.
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxKeys) this.prune(map, now);
    return value;
  }

  /** Forgets expired records, then the oldest, down to 90% of the bound. */
  private prune(map: Map<string, FailureRecord>, now: number): void {
    const forgetAfterMs = Math.max(this.policies.account.forgetAfterMs, this.policies.address.forgetAfterMs);
    for (const [key, record] of map) if (now - record.lastFailureAt >= forgetAfterMs) map.delete(key);
    for (const key of map.keys()) {
      if (map.size <= this.maxKeys * 0.9) break;
      map.delete(key);
    }
  }
}
