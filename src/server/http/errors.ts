import type { DomainErrorCode } from "@/domain/errors";
import { isDomainError } from "@/domain/errors";

/** The single mapping from domain error codes to HTTP statuses for route handlers. */
export const HTTP_STATUS_FOR: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  INVALID: 400,
  TOO_LARGE: 413,
  INTEGRITY: 422,
  GATE_FAILED: 412,
};

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status });
}

/** Turns anything a handler throws into a JSON error; unexpected errors are logged, never echoed. */
export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) return jsonError(HTTP_STATUS_FOR[error.code], error.code, error.message, error.details);
  console.error(error);
  return jsonError(500, "INTERNAL", "internal server error");
}
