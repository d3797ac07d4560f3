import { createHash, timingSafeEqual } from "node:crypto";

/** Tokens are stored as SHA-256 hex: the raw value carries 190 random bits, so no slow KDF is needed. */
export function hashToken(raw: string): string {
  return createHash("sha256").update(raw, "utf8").digest("hex");
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
