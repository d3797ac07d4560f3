/** Documented exit codes of the shipyard CLI (README: "CLI exit codes"). */
export const EXIT = {
  OK: 0,
  /** Anything unexpected (a bug, a server error that is not transient). */
  FAILURE: 1,
  /** Bad flags or arguments, or the server rejected the input (400, 413, 422). */
  USAGE: 2,
  /** Missing, invalid, expired or revoked token, or not allowed (401, 403). */
  AUTH: 3,
  /** The server could not be reached, or kept failing after retries (network errors, 5xx). */
  NETWORK: 4,
  /** The app, release, channel or upload does not exist (404). */
  NOT_FOUND: 5,
  /** Refused by the state of things: duplicate release, promotion gate failed (409, 412). */
  CONFLICT: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.AUTH;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409 || status === 412) return EXIT.CONFLICT;
  if (status === 400 || status === 413 || status === 422 || status === 416) return EXIT.USAGE;
  if (status >= 500) return EXIT.NETWORK;
  return EXIT.FAILURE;
}
