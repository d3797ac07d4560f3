import { getToken } from "next-auth/jwt";

export interface SessionCookieKeys {
  /** next-auth's secret (AUTH_SECRET, or the one generated under the data dir). */
  secret: string;
  /** Behind an https PUBLIC_URL next-auth names its cookie __Secure-…, and the name salts the key. */
  secureCookie: boolean;
}

/**
 * The user id in this request's session cookie, or null: next-auth's own cookie reading and JWT
 * decryption, without the rest of auth(). auth() runs a whole next-auth request (a Request built,
 * callbacks, the refreshed token encrypted again, which a page cannot even send back): about 3 ms
 * of an install page's time, where only the decryption is needed. Only the cookie is looked at:
 * getToken would also take a token from an Authorization header.
 */
export async function sessionUserId(headers: { get(name: string): string | null }, keys: SessionCookieKeys): Promise<string | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  const token = await getToken({ req: { headers: { cookie } }, secret: keys.secret, secureCookie: keys.secureCookie });
  return typeof token?.sub === "string" && token.sub !== "" ? token.sub : null;
}
