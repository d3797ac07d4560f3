// API token format: "shp_" + 32 random base62 characters (≈190 bits) + a 6-character base62
// CRC32 of those 32. The prefix makes leaked tokens easy to find; the checksum lets a secret
// scanner (or this server, before any database lookup) tell a real token from noise offline.

export const TOKEN_PREFIX = "shp_";
/** The same format names other secrets by what they open: share links and apps' update keys. */
export const SHARE_LINK_PREFIX = "shs_";
export const APP_KEY_PREFIX = "spk_";
/** One-time links of the team: an invitation to join, a password reset. */
export const INVITATION_PREFIX = "shi_";
export const PASSWORD_RESET_PREFIX = "shr_";
export type SecretPrefix = typeof TOKEN_PREFIX | typeof SHARE_LINK_PREFIX | typeof APP_KEY_PREFIX | typeof INVITATION_PREFIX | typeof PASSWORD_RESET_PREFIX;
const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_PATTERN = new RegExp(`^[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

/**
 * Builds a token from random bytes (at least 32). Each byte is mapped to base62 by rejection
 * sampling (bytes ≥ 248 are skipped), so the characters stay uniform.
 */
export function formatToken(randomBytes: Uint8Array, prefix: SecretPrefix = TOKEN_PREFIX): string {
  let body = "";
  for (const byte of randomBytes) {
    if (byte < 248) body += BASE62[byte % 62];
    if (body.length === BODY_LENGTH) break;
  }
  if (body.length < BODY_LENGTH) throw new Error("not enough random bytes for a token");
  return `${prefix}${body}${base62(crc32(body), CHECKSUM_LENGTH)}`;
}

/** Shape and checksum only: says nothing about whether the token exists. */
export function isWellFormedToken(token: string, prefix: SecretPrefix = TOKEN_PREFIX): boolean {
  if (!token.startsWith(prefix)) return false;
  const rest = token.slice(prefix.length);
  if (!BODY_PATTERN.test(rest)) return false;
  return rest.slice(BODY_LENGTH) === base62(crc32(rest.slice(0, BODY_LENGTH)), CHECKSUM_LENGTH);
}

/** What lists show instead of the token: enough to recognise it, far too little to use it. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** The number of random bytes formatToken needs so rejection sampling essentially never runs short. */
export const TOKEN_RANDOM_BYTES = 48;
