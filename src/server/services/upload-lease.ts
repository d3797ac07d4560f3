import { randomUUID } from "node:crypto";
import { DomainError } from "@/domain/errors";
import type { Store } from "../store/types";

// One PATCH at a time per upload, across app servers: the server receiving bytes holds a lease on
// the session row and renews it while the bytes flow. A server that dies stops renewing, so another
// server may take over once the lease runs out: a few seconds, inside a tus client's retries.
export const UPLOAD_LEASE_MS = 6_000;
const RENEW_EVERY_MS = 2_000;

/** A name for this server process as a lease owner, fresh at every start. */
export function newLeaseOwner(): string {
  return randomUUID();
}

/**
 * Takes the session's lease for `owner`, or refuses (CONFLICT, as tus clients retry a 409) while
 * another request holds it; returns the function that gives it back. The clock is the wall clock:
 * leases are compared between processes.
 */
export async function holdUploadLease(store: Store, id: string, owner: string, clock: () => number = Date.now): Promise<() => Promise<void>> {
  const claim = () => store.uploads.claimLease(id, owner, new Date(clock() + UPLOAD_LEASE_MS), new Date(clock()));
  if (!(await claim())) {
    throw new DomainError("CONFLICT", `another request is receiving this upload; retry within ${UPLOAD_LEASE_MS / 1000} s`);
  }
  const renew = setInterval(() => void claim().catch(() => undefined), RENEW_EVERY_MS);
  renew.unref();
  return async () => {
    clearInterval(renew);
    await store.uploads.releaseLease(id, owner).catch(() => undefined);
  };
}
