// POST /api/auth/sign-in — email + password sign-in from the login page: same origin only, throttled
// per account and address (429 with Retry-After), and every URL it answers with built on PUBLIC_URL
import { env } from "@/env";
import { createSession } from "@/server/entry/session";
import { readSignInForm, signInAnswer } from "@/server/http/sign-in-form";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  const { publicUrl } = env();
  const read = await readSignInForm(req, publicUrl);
  if (!read.ok) return read.response;
  const outcome = await createSession(read.form.email, read.form.password);
  return signInAnswer(outcome, read.form, publicUrl);
}
