import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhookBody, verifyWebhookSignature } from "@/server/crypto/webhook-signature";

const now = new Date("2026-12-07T10:00:00Z");
const body = '{"event":"release.published"}';

describe("webhook signatures", () => {
  it("are t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>, as the README tells receivers", () => {
    const secret = newWebhookSecret();
    const header = signWebhookBody(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
    expect(verifyWebhookSignature(secret, body, header, now)).toBe(true);
  });

  it("fail for another secret, another body, an old timestamp or a malformed header", () => {
    const secret = newWebhookSecret();
    const header = signWebhookBody(secret, body, now);
    expect(verifyWebhookSignature(newWebhookSecret(), body, header, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `${body} `, header, now)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, new Date(now.getTime() + 301_000))).toBe(false);
    for (const bad of ["", "t=,v1=", "v1=abc", `t=${Math.floor(now.getTime() / 1000)},v1=${"0".repeat(63)}`, "t=1e3,v1=zz"]) {
      expect(verifyWebhookSignature(secret, body, bad, now)).toBe(false);
    }
  });

  it("secrets are distinct and carry 256 random bits", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
