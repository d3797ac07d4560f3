import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextAttemptAt, RETRY_FIRST_DELAY_MS, RETRY_MAX_DELAY_MS, RETRY_WINDOW_MS, retryDelayMs } from "@/domain/retry-schedule";

const T0 = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("retry schedule", () => {
  it("doubles from 30 s and stops growing at one hour", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(8)).toBe(RETRY_MAX_DELAY_MS);
    expect(retryDelayMs(1_000)).toBe(RETRY_MAX_DELAY_MS);
  });

  it("starts from the operator's first pause when one is set, still capped at one hour", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 1_000))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(40, 1_000)).toBe(RETRY_MAX_DELAY_MS);
    expect(nextAttemptAt(T0, 2, T0, 0, 1_000)).toEqual(at(2_000));
  });

  it("gives up when the next try would fall beyond 24 h after queuing", () => {
    expect(nextAttemptAt(T0, 1, T0)).toEqual(at(RETRY_FIRST_DELAY_MS));
    expect(nextAttemptAt(T0, 30, at(RETRY_WINDOW_MS - RETRY_MAX_DELAY_MS))).toEqual(at(RETRY_WINDOW_MS));
    expect(nextAttemptAt(T0, 30, at(RETRY_WINDOW_MS - RETRY_MAX_DELAY_MS + 1))).toBeNull();
  });

  it("replayed against a receiver that never answers: a bounded number of tries, all within the window", () => {
    let now = T0;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttemptAt(T0, attempts, now);
      if (!next) break;
      now = next;
    }
    expect(attempts).toBe(30);
    expect(now.getTime() - T0.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
  });

  it("pauses never shrink, stay within the cap (plus jitter) and never pass the window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: RETRY_WINDOW_MS }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempts, elapsed, jitter) => {
        expect(retryDelayMs(attempts + 1)).toBeGreaterThanOrEqual(retryDelayMs(attempts));
        const now = at(elapsed);
        const next = nextAttemptAt(T0, attempts, now, jitter);
        if (next === null) {
          expect(elapsed + retryDelayMs(attempts)).toBeGreaterThan(RETRY_WINDOW_MS - RETRY_MAX_DELAY_MS * 0.1 - 1);
          return;
        }
        const pause = next.getTime() - now.getTime();
        expect(pause).toBeGreaterThanOrEqual(retryDelayMs(attempts));
        expect(pause).toBeLessThanOrEqual(Math.round(RETRY_MAX_DELAY_MS * 1.1));
        expect(next.getTime()).toBeLessThanOrEqual(T0.getTime() + RETRY_WINDOW_MS);
      }),
    );
  });
});
