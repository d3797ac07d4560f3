import { TRPCError } from "@trpc/server";
import type { DomainError, DomainErrorCode } from "@/domain/errors";

type TRPCCode = ConstructorParameters<typeof TRPCError>[0]["code"];

/** The single mapping from domain error codes to tRPC codes (HTTP statuses: src/server/http/errors.ts). */
export const TRPC_CODE_FOR: Record<DomainErrorCode, TRPCCode> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  INVALID: "BAD_REQUEST",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INTEGRITY: "UNPROCESSABLE_CONTENT",
  GATE_FAILED: "PRECONDITION_FAILED",
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE_FOR[error.code], message: error.message, cause: error });
}
