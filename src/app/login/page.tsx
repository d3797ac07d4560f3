import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { Callout } from "@/components/ui";
import { env } from "@/env";
import { safeCallbackPath } from "@/server/auth/safe-redirect";
import { loginErrorMessage } from "./login-error";
import { LoginForm } from "./login-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  // Set by POST /api/auth/sign-in when a form was posted without JavaScript, or by a single sign-on that was refused.
  const initialError = loginErrorMessage(params.error);
  const sso = env().oidc;

  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Sign in to Shipyard</h1>
      {sso && <SsoButton name={sso.name} callbackUrl={callbackUrl} />}
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
    </main>
  );
}
