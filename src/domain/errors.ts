// One error type for every rule the domain enforces. The code set is closed on purpose: transports
// map it once (src/server/http/errors.ts, src/server/api/errors.ts) instead of growing new codes.

export const DOMAIN_ERROR_CODES = ["NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAUTHORIZED", "INVALID", "TOO_LARGE", "INTEGRITY", "GATE_FAILED"] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, empty for the whole input. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { issues?: FieldIssue[]; gate?: string; [key: string]: unknown } = {},
  ) {
    super(message);
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError("NOT_FOUND", `${what} not found: ${id}`);
  }
}

/**
 * Also recognises a DomainError from another copy of this module: a bundler may load it once per
 * chunk, and instanceof alone would then miss errors thrown by code in a different chunk.
 */
export function isDomainError(error: unknown): error is DomainError {
  if (error instanceof DomainError) return true;
  if (!(error instanceof Error) || error.name !== "DomainError") return false;
  const { code, details } = error as Partial<DomainError>;
  return (DOMAIN_ERROR_CODES as readonly unknown[]).includes(code) && typeof details === "object" && details !== null;
}
