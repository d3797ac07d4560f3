import { describe, expect, it } from "vitest";
import { ACCOUNT_BACKOFF, backoffDelayMs, isAuditMilestone, SignInThrottle, throttledMessage, waitMs, withFailure } from "@/domain/sign-in-throttle";

const policy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };
const keys = (account: string, address = "10.0.0.1") => ({ account, address });

describe("backoff", () => {
  it("is free for the first failures, then doubles from the base delay up to the cap", () => {
    expect([0, 1, 4].map((n) => backoffDelayMs(n, policy))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => backoffDelayMs(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffDelayMs(14, policy)).toBe(512_000);
    expect(backoffDelayMs(15, policy)).toBe(15 * 60_000);
    expect(backoffDelayMs(10_000, policy)).toBe(15 * 60_000);
  });

  it("counts the wait from the last failure and forgets a key after a quiet hour", () => {
    const record = { failures: 6, lastFailureAt: 10_000 };
    expect(waitMs(record, 10_000, policy)).toBe(2_000);
    expect(waitMs(record, 11_500, policy)).toBe(500);
    expect(waitMs(record, 12_000, policy)).toBe(0);
    expect(waitMs(undefined, 0, policy)).toBe(0);
    expect(withFailure(record, 10_000 + 60 * 60_000, policy)).toEqual({ failures: 1, lastFailureAt: 10_000 + 60 * 60_000 });
    expect(withFailure(record, 20_000, policy)).toEqual({ failures: 7, lastFailureAt: 20_000 });
  });

  it("audits when backing off starts and each time the failures double", () => {
    const milestones = Array.from({ length: 45 }, (_, i) => i).filter((n) => isAuditMilestone(n, ACCOUNT_BACKOFF));
    expect(milestones).toEqual([5, 10, 20, 40]);
  });

  it("says how long to wait in words", () => {
    expect(throttledMessage(1)).toBe("Too many attempts, try again in 1 second.");
    expect(throttledMessage(8)).toBe("Too many attempts, try again in 8 seconds.");
  });
});

describe("SignInThrottle", () => {
  const throttle = () => new SignInThrottle({ account: policy, address: { ...policy, freeFailures: 10 } });

  it("lets 5 failures through, then refuses until the wait is over, doubling it each time", () => {
    const t = throttle();
    for (let i = 1; i <= 5; i++) expect(t.begin(keys("a@x.test"), 1_000 + i)).toEqual({ ok: true, failures: { account: i, address: i } });
    expect(t.begin(keys("a@x.test"), 1_500)).toEqual({ ok: false, retryAfterMs: 505 });
    // A refused attempt is not counted: the wait does not grow while the client keeps knocking.
    expect(t.begin(keys("a@x.test"), 2_004)).toEqual({ ok: false, retryAfterMs: 1 });
    expect(t.begin(keys("a@x.test"), 2_005)).toMatchObject({ ok: true, failures: { account: 6 } });
    expect(t.retryAfterMs(keys("a@x.test"), 2_005)).toBe(2_000);
  });

  it("keeps accounts apart but slows down an address that guesses across them", () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) expect(t.begin(keys(`user${i}@x.test`), 0).ok).toBe(true);
    expect(t.begin(keys("user10@x.test"), 0)).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect(t.begin(keys("user10@x.test", "10.0.0.2"), 0).ok).toBe(true);
  });

  it("counts an attempt as soon as it starts, so parallel guesses cannot all pass the check", () => {
    const t = throttle();
    const started = Array.from({ length: 40 }, () => t.begin(keys("a@x.test"), 0));
    expect(started.filter((s) => s.ok)).toHaveLength(5);
  });

  it("clears the account on the right password and gives the address its attempt back", () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.begin(keys("a@x.test"), 0);
    t.begin(keys("a@x.test"), 0);
    t.succeeded(keys("a@x.test"));
    expect(t.retryAfterMs(keys("a@x.test"), 0)).toBe(0);
    // The address keeps the 4 failures; 6 more are free.
    for (let i = 0; i < 6; i++) expect(t.begin(keys(`b${i}@x.test`), 0).ok).toBe(true);
    expect(t.begin(keys("c@x.test"), 0).ok).toBe(false);
  });

  it("stays within its key bound, dropping the oldest records first", () => {
    const t = new SignInThrottle({ account: policy, address: policy }, 100);
    for (let i = 0; i < 1_000; i++) t.begin(keys(`u${i}@x.test`, `10.1.${i >> 8}.${i & 255}`), i);
    const stats = (t as unknown as { accounts: Map<string, unknown> }).accounts;
    expect(stats.size).toBeLessThanOrEqual(100);
    expect(stats.has("u999@x.test")).toBe(true);
    expect(stats.has("u0@x.test")).toBe(false);
  });
});
