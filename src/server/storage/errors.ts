import { DomainError, type DomainErrorCode, isDomainError } from "@/domain/errors";

// A DomainError subclass rather than a parallel error type: transports keep their one mapping
// table (code → status), and `reason` carries the finer cause a tus-style handler needs (offset
// conflict vs. busy, 416 vs. 400) without adding codes to the domain's closed set.
export const BLOB_STORE_REASONS = {
  OFFSET_MISMATCH: "CONFLICT",
  BUSY: "CONFLICT",
  TOO_LARGE: "TOO_LARGE",
  SIZE_MISMATCH: "INTEGRITY",
  DIGEST_MISMATCH: "INTEGRITY",
  NOT_FOUND: "NOT_FOUND",
  RANGE_NOT_SATISFIABLE: "INVALID",
  INVALID_ARGUMENT: "INVALID",
} as const satisfies Record<string, DomainErrorCode>;

export type BlobStoreErrorReason = keyof typeof BLOB_STORE_REASONS;

export class BlobStoreError extends DomainError {
  // Details are echoed to API clients by the HTTP layer: never put a filesystem path in them.
  constructor(
    readonly reason: BlobStoreErrorReason,
    message: string,
    details: Record<string, string | number | null> = {},
  ) {
    super(BLOB_STORE_REASONS[reason], message, { reason, ...details });
  }
}

export function isBlobStoreError(error: unknown, reason?: BlobStoreErrorReason): error is BlobStoreError {
  // By shape as well as class: a bundler may load this module once per chunk.
  if (!isDomainError(error) || typeof error.details.reason !== "string" || !(error.details.reason in BLOB_STORE_REASONS)) return false;
  return reason === undefined || error.details.reason === reason;
}
