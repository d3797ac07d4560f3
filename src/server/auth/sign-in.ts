// Email + password sign-in behind the throttle: the one place a password is checked for a session.
import { CredentialsSignin } from "next-auth";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { isAuditMilestone, type SignInKeys, SignInThrottle } from "@/domain/sign-in-throttle";
import { recordAudit } from "../services/audit";
import { type PublicUser, verifyCredentials } from "../services/users";
import type { Store } from "../store/types";

export type SignInOutcome = { ok: true; user: PublicUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Thrown from next-auth's authorize() so the caller can answer 429 with Retry-After. */
export class SignInThrottled extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/** The wait a refused sign-in carries, whichever copy of this module threw it; null for other errors. */
export function throttledSeconds(error: unknown): number | null {
  if (!(error instanceof CredentialsSignin) || error.code !== "throttled") return null;
  const seconds = (error as Partial<SignInThrottled>).retryAfterSeconds;
  return typeof seconds === "number" ? seconds : 1;
}

// In process memory, shared through globalThis because Next may load this module more than once
// (route bundles). Per process: see SignInThrottle.
const shared = globalThis as unknown as { shipyardSignInThrottle?: SignInThrottle };
export function signInThrottle(): SignInThrottle {
  shared.shipyardSignInThrottle ??= new SignInThrottle();
  return shared.shipyardSignInThrottle;
}

export function signInKeys(email: string, address: string): SignInKeys {
  return { account: email.trim().toLowerCase().slice(0, 254), address };
}

/**
 * Checks the password unless the account or address is backing off. While it is, no hash is
 * computed (scrypt costs ~100 ms of CPU: a flood of refused attempts must stay cheap). Unknown
 * emails are throttled and hashed exactly like known ones.
 */
export async function attemptSignIn(store: Store, throttle: SignInThrottle, input: { email: string; password: string; address: string }, now = Date.now()): Promise<SignInOutcome> {
  const keys = signInKeys(input.email, input.address);
  const start = throttle.begin(keys, now);
  if (!start.ok) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(start.retryAfterMs / 1000) };
  const user = await verifyCredentials(store, input.email, input.password);
  if (user) {
    throttle.succeeded(keys);
    // For the users page; a failed write does not refuse the sign-in.
    await store.users.update(user.id, { lastSignInAt: new Date(now) }).catch((error: unknown) => console.error("recording the sign-in failed:", error));
    return { ok: true, user };
  }
  const scopes = [...(isAuditMilestone(start.failures.account, throttle.policy.account) ? ["account"] : []), ...(isAuditMilestone(start.failures.address, throttle.policy.address) ? ["address"] : [])];
  // The answer is 401 whatever happens to the audit row: a failed write is logged, not thrown.
  if (scopes.length > 0) await auditBackoff(store, keys, start.failures, scopes).catch((error: unknown) => console.error("sign-in audit failed:", error));
  return { ok: false, reason: "invalid" };
}

/** An admin can see someone guessing: which account, from where, how many failures so far. */
async function auditBackoff(store: Store, keys: SignInKeys, failures: { account: number; address: number }, scopes: string[]): Promise<void> {
  const known = await store.users.getByEmail(keys.account).catch(() => null);
  await recordAudit(
    store,
    SYSTEM_ACTOR,
    "user.sign_in_throttled",
    { type: "user", id: known?.id ?? keys.account.slice(0, 100) },
    {
      email: keys.account,
      address: keys.address,
      accountFailures: failures.account,
      addressFailures: failures.address,
      throttled: scopes,
    },
  );
}

/** How starting a session went: a refusal carries the wait when the throttle refused. */
export type SessionOutcome = { ok: true } | { ok: false; retryAfterSeconds: number | null };
