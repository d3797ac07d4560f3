/**
 * A fact about the input that makes it invalid (corrupt, hostile, unsupported). Everything else that
 * is thrown while inspecting is a bug or an I/O error and is reported with a generic reason.
 */
export class InspectError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "InspectError";
  }
}

export function invalid(reason: string): never {
  throw new InspectError(reason);
}

export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new InspectError(reason);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
