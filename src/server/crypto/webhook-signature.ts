import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// X-Shipyard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, the scheme
// Stripe made familiar: the timestamp is signed with the body, so a receiver that also checks the
// time refuses a captured request replayed later. README § Webhooks shows a receiver's check.

export const SIGNATURE_HEADER = "X-Shipyard-Signature";
/** How far a receiver should let t be from its clock; verifyWebhookSignature's default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new signing secret: 256 random bits, recognisable by its prefix. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signWebhookBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** A receiver's check: the header is well formed, recent, and its HMAC matches in constant time. */
export function verifyWebhookSignature(secret: string, body: string, header: string, now = new Date(), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]));
  const t = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(hmacHex(secret, t, body), "hex"), Buffer.from(given, "hex"));
}
