import { throttledMessage } from "@/domain/sign-in-throttle";
import type { SessionOutcome } from "../auth/sign-in";
import { safeCallbackPath } from "../auth/safe-redirect";
import { jsonError } from "./errors";
import { readSmallForm } from "./form-body";
import { crossSiteRefusal } from "./same-origin";

// The login page's form post and its answers. The page posts with `Accept: application/json` and
// shows the answer in place; a plain form post (no JavaScript yet) gets redirects instead, and the
// 429 as a short page. Every URL answered is built on PUBLIC_URL.

const MAX_FORM_BYTES = 8 * 1024;

export interface SignInForm {
  email: string;
  password: string;
  /** Where to go once signed in: a path on this server. */
  callbackPath: string;
  /** The caller wants JSON answers rather than redirects. */
  json: boolean;
}

export async function readSignInForm(req: Request, publicUrl: string): Promise<{ ok: true; form: SignInForm } | { ok: false; response: Response }> {
  const refusal = crossSiteRefusal(req.headers, publicUrl);
  if (refusal) return { ok: false, response: jsonError(403, "FORBIDDEN", refusal) };
  // With this header next-auth answers failures with a URL instead of an error, which would read
  // as success here; no browser sends it.
  if (req.headers.has("x-auth-return-redirect")) return { ok: false, response: jsonError(400, "INVALID", "unsupported header X-Auth-Return-Redirect") };
  const body = await readSmallForm(req, MAX_FORM_BYTES);
  if (!body) return { ok: false, response: jsonError(400, "INVALID", `send email and password as a form (application/x-www-form-urlencoded, at most ${MAX_FORM_BYTES} bytes)`) };
  return {
    ok: true,
    form: {
      email: body.get("email") ?? "",
      password: body.get("password") ?? "",
      callbackPath: safeCallbackPath(body.get("callbackUrl")),
      json: (req.headers.get("accept") ?? "").includes("application/json"),
    },
  };
}

export function signInAnswer(outcome: SessionOutcome, form: Pick<SignInForm, "callbackPath" | "json">, publicUrl: string): Response {
  const { callbackPath, json } = form;
  if (outcome.ok) {
    const url = `${publicUrl}${callbackPath}`;
    return json ? Response.json({ url }) : new Response(null, { status: 303, headers: { location: url } });
  }
  if (outcome.retryAfterSeconds !== null) return throttledAnswer(outcome.retryAfterSeconds, form, publicUrl);
  if (json) return jsonError(401, "UNAUTHORIZED", "Wrong email or password.");
  return new Response(null, { status: 303, headers: { location: `${publicUrl}/login?error=invalid&callbackUrl=${encodeURIComponent(callbackPath)}` } });
}

function throttledAnswer(seconds: number, { callbackPath, json }: Pick<SignInForm, "callbackPath" | "json">, publicUrl: string): Response {
  const headers = { "retry-after": String(seconds), "cache-control": "no-store" };
  if (json) return Response.json({ error: { code: "RATE_LIMITED", message: throttledMessage(seconds), retryAfterSeconds: seconds } }, { status: 429, headers });
  const back = `${publicUrl}/login?callbackUrl=${encodeURIComponent(callbackPath)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in · Shipyard</title></head><body><p role="alert">${throttledMessage(seconds)}</p><p><a href="${back}">Back to sign in</a></p></body></html>`;
  return new Response(html, { status: 429, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
}
