import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { Callout } from "@/components/ui";
import { safeCallbackPath } from "@/server/auth/safe-redirect";
import { currentUser } from "@/server/entry/current-user";
import { loginErrorMessage } from "./login-error";
import { LoginForm } from "./login-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in" };

/** ?email= (after an invitation): only a plausible address fills the form; anything else is ignored. */
function prefilledEmail(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : undefined;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  // The user as stored now, not just a valid cookie: a disabled or deleted user's session must get
  // the form, or the console's redirect here and this one back would loop.
  if (await currentUser()) redirect(callbackUrl);
  // Set by POST /api/auth/sign-in when a form was posted without JavaScript, or by a single sign-on that was refused.
  const initialError = loginErrorMessage(params.error);
  const sso = env().oidc;
  // After an invitation or a reset link (account-actions.ts).
  const notice = params.welcome === "1" ? "Your account is ready: sign in with your new password." : params.reset === "1" ? "Your password is changed: sign in with it." : null;

  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Sign in to Shipyard</h1>
      {sso && <SsoButton name={sso.name} callbackUrl={callbackUrl} />}
      {notice && (
        <Callout tone="success" role="status" data-testid="login-notice">
          {notice}
        </Callout>
      )}
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} defaultEmail={prefilledEmail(params.email)} />
      <Link href="/login/forgot" className="text-sm">
        Forgot your password?
      </Link>
    </main>
  );
}
