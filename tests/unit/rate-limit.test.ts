import { describe, expect, it } from "vitest";
import { createRateLimiter } from "@/server/http/rate-limit";

describe("createRateLimiter", () => {
  it("allows `limit` hits per key in a window, then says how long to wait", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => limiter.hit("a", t0 + i).ok)).toEqual([true, true, true]);
    // The window opened with the first hit (t0 + 1): 50.001 s are left, rounded up.
    expect(limiter.hit("a", t0 + 10_000)).toEqual({ ok: false, retryAfterSeconds: 51 });
    // Other keys have their own count.
    expect(limiter.hit("b", t0 + 10_000).ok).toBe(true);
  });

  it("starts counting again in the next window", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.hit("a", 0).ok).toBe(true);
    expect(limiter.hit("a", 999).ok).toBe(false);
    expect(limiter.hit("a", 1_000).ok).toBe(true);
  });

  it("never asks to wait less than a second", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 });
    limiter.hit("a", 0);
    expect(limiter.hit("a", 999)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("keeps counting known keys when the key table is full, without growing it", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.hit("a", 0);
    limiter.hit("b", 0);
    expect(limiter.hit("a", 1).ok).toBe(false);
    // A new key beyond the table is let through (memory stays bounded under a flood of keys).
    expect(limiter.hit("c", 1).ok).toBe(true);
    expect(limiter.hit("c", 2).ok).toBe(true);
  });
});
