// POST /api/auth/sign-in — email + password sign-in from the login page: same origin only, throttled
// per account and address (429 with Retry-After), and every URL it answers with built on PUBLIC_URL
import { signIn } from "@/auth";
import { throttledMessage } from "@/domain/sign-in-throttle";
import { env } from "@/env";
import { safeCallbackPath } from "@/server/auth/safe-redirect";
import { throttledSeconds } from "@/server/auth/sign-in";
import { jsonError } from "@/server/http/errors";
import { readSmallForm } from "@/server/http/form-body";
import { crossSiteRefusal } from "@/server/http/same-origin";
import { CredentialsSignin } from "next-auth";

export const dynamic = "force-dynamic";

const MAX_FORM_BYTES = 8 * 1024;

type Outcome = { ok: true } | { ok: false; retryAfterSeconds: number | null };

/** next-auth checks the password (authorize(), behind the throttle) and sets the session cookie. */
async function createSession(email: string, password: string): Promise<Outcome> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return { ok: true };
  } catch (error) {
    const retryAfterSeconds = throttledSeconds(error);
    if (retryAfterSeconds !== null || error instanceof CredentialsSignin) return { ok: false, retryAfterSeconds };
    throw error;
  }
}

/**
 * The login page posts with `Accept: application/json` and shows the answer in place. A plain form
 * post (no JavaScript yet) gets redirects instead, and the 429 as a short page.
 */
export async function POST(req: Request): Promise<Response> {
  const { publicUrl } = env();
  const refusal = crossSiteRefusal(req.headers, publicUrl);
  if (refusal) return jsonError(403, "FORBIDDEN", refusal);
  // With this header next-auth answers failures with a URL instead of an error, which would read
  // as success here; no browser sends it.
  if (req.headers.has("x-auth-return-redirect")) return jsonError(400, "INVALID", "unsupported header X-Auth-Return-Redirect");
  const form = await readSmallForm(req, MAX_FORM_BYTES);
  if (!form) return jsonError(400, "INVALID", `send email and password as a form (application/x-www-form-urlencoded, at most ${MAX_FORM_BYTES} bytes)`);
  const callbackPath = safeCallbackPath(form.get("callbackUrl"));
  const json = (req.headers.get("accept") ?? "").includes("application/json");
  const outcome = await createSession(form.get("email") ?? "", form.get("password") ?? "");

  if (outcome.ok) {
    const url = `${publicUrl}${callbackPath}`;
    return json ? Response.json({ url }) : new Response(null, { status: 303, headers: { location: url } });
  }
  if (outcome.retryAfterSeconds !== null) {
    const seconds = outcome.retryAfterSeconds;
    const headers = { "retry-after": String(seconds), "cache-control": "no-store" };
    if (json) return Response.json({ error: { code: "RATE_LIMITED", message: throttledMessage(seconds), retryAfterSeconds: seconds } }, { status: 429, headers });
    const back = `${publicUrl}/login?callbackUrl=${encodeURIComponent(callbackPath)}`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in · Shipyard</title></head><body><p role="alert">${throttledMessage(seconds)}</p><p><a href="${back}">Back to sign in</a></p></body></html>`;
    return new Response(html, { status: 429, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
  }
  if (json) return jsonError(401, "UNAUTHORIZED", "Wrong email or password.");
  return new Response(null, { status: 303, headers: { location: `${publicUrl}/login?error=invalid&callbackUrl=${encodeURIComponent(callbackPath)}` } });
}
