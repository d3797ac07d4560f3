// A fixed-window counter per key, in process memory: enough to stop one misbehaving client (an
// update check in a tight loop) from hammering the server. Not shared between processes.

export interface RateLimiter {
  /** Counts one hit; `ok` false once the key is over its limit in the current window. */
  hit(key: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    hit(key, now = Date.now()) {
      if (now - windowStart >= options.windowMs) {
        windowStart = now;
        counts = new Map();
      }
      const count = (counts.get(key) ?? 0) + 1;
      if (counts.size < maxKeys || counts.has(key)) counts.set(key, count);
      if (count > options.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + options.windowMs - now) / 1000)) };
      return { ok: true };
    },
  };
}
