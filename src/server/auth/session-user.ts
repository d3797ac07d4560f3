import { getToken } from "next-auth/jwt";
import { claimOfToken, type SessionClaim } from "@/domain/session";

export interface SessionCookieKeys {
  /** next-auth's secret (AUTH_SECRET, or the one generated under the data dir). */
  secret: string;
  /** Behind an https PUBLIC_URL next-auth names its cookie __Secure-…, and the name salts the key. */
  secureCookie: boolean;
}

const PLAIN_NAME = "authjs.session-token";
const SECURE_NAME = `__Secure-${PLAIN_NAME}`;

// What a session cookie decrypted to, by the cookie's exact value: decrypting (a key derived with
// HKDF, then AES and HMAC through WebCrypto) was about a tenth of a signed-in visitor's page, for
// a cookie that stays the same for days. The expiry is still checked on every request.
const MAX_REMEMBERED = 1_000;
const decoded = new Map<string, { claim: SessionClaim | null; expiresAt: number }>();

/** The session cookie (and its chunks, for a large token) out of a Cookie header, as `name=value` pairs. */
function sessionCookies(header: string, name: string): string {
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`) || pair.startsWith(`${name}.`))
    .join("; ");
}

/**
 * The claim of this request's session cookie, or null: next-auth's own cookie reading and JWT
 * decryption, without the rest of auth(). auth() runs a whole next-auth request (a Request built,
 * callbacks, the refreshed token encrypted again, which a page cannot even send back): about 3 ms
 * of an install page's time, where only the decryption is needed. Only the cookie is looked at:
 * getToken would also take a token from an Authorization header.
 */
export async function sessionClaim(headers: { get(name: string): string | null }, keys: SessionCookieKeys, now = Date.now()): Promise<SessionClaim | null> {
  const cookie = sessionCookies(headers.get("cookie") ?? "", keys.secureCookie ? SECURE_NAME : PLAIN_NAME);
  if (!cookie) return null;
  const key = `${keys.secureCookie ? "s" : "p"}\u0000${keys.secret}\u0000${cookie}`;
  let known = decoded.get(key);
  if (!known) {
    const token = await getToken({ req: { headers: { cookie } }, secret: keys.secret, secureCookie: keys.secureCookie });
    // A token that does not decrypt (or has expired) is remembered as no user, for as long as a good one could be.
    known = { claim: claimOfToken(token), expiresAt: token && typeof token.exp === "number" ? token.exp * 1000 : now + 60_000 };
    if (decoded.size >= MAX_REMEMBERED) decoded.clear();
    decoded.set(key, known);
  }
  return now < known.expiresAt ? known.claim : null;
}
