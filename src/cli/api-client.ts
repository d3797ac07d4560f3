import { CliError, EXIT, exitCodeForStatus } from "./exit-codes";

export interface ClientConfig {
  url: string;
  token: string;
  /** Attempts for a retryable failure, first try included. */
  attempts?: number;
  /** First backoff delay; doubles each retry, with jitter. */
  baseDelayMs?: number;
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function backoffDelay(attempt: number, baseMs: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.min(30_000, exp / 2 + Math.random() * (exp / 2));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failed request's JSON error as one readable line. */
async function errorFrom(res: Response): Promise<CliError> {
  let message = `${res.status} ${res.statusText}`;
  let details: Record<string, unknown> = {};
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } & Record<string, unknown> };
    if (body.error?.message) message = `${body.error.message} (HTTP ${res.status})`;
    details = body.error ?? {};
  } catch {
    // not JSON: keep the status line
  }
  return new CliError(message, exitCodeForStatus(res.status), { status: res.status, ...details });
}

/** Calls the Shipyard REST API with the token, retrying transient failures with backoff. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(private readonly config: ClientConfig) {
    this.baseUrl = config.url.replace(/\/+$/, "");
  }

  /** Any fetch against the server, authenticated, with retries; returns the raw response when ok. */
  async send(path: string, init: RequestInit & { retry?: boolean } = {}): Promise<Response> {
    const attempts = init.retry === false ? 1 : (this.config.attempts ?? 5);
    const base = this.config.baseDelayMs ?? 500;
    let lastError: CliError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${this.config.token}`, ...(init.headers ?? {}) },
        });
      } catch (error) {
        lastError = new CliError(`cannot reach ${this.baseUrl}: ${(error as Error).cause ?? (error as Error).message}`, EXIT.NETWORK);
        if (attempt < attempts) {
          const delay = backoffDelay(attempt, base);
          this.config.onRetry?.(attempt, delay, lastError.message);
          await sleep(delay);
        }
        continue;
      }
      if (res.ok) return res;
      lastError = await errorFrom(res);
      if (!RETRYABLE_STATUS.has(res.status) || attempt === attempts) throw lastError;
      const retryAfter = Number(res.headers.get("retry-after"));
      const delay = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffDelay(attempt, base);
      this.config.onRetry?.(attempt, delay, lastError.message);
      await sleep(delay);
    }
    throw lastError ?? new CliError("request failed", EXIT.FAILURE);
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(path, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    return (await res.json()) as T;
  }
}
