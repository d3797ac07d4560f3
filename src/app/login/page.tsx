import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { auth, signIn } from "@/auth";
import { safeCallbackPath } from "@/server/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

async function signInWithPassword(formData: FormData) {
  "use server";
  const callbackUrl = safeCallbackPath(formData.get("callbackUrl"));
  try {
    await signIn("credentials", {
      email: String(formData.get("email") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // signIn redirects by throwing; only a failed sign-in is handled here.
    if (error instanceof AuthError) {
      redirect(`/login?error=invalid&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  const failed = params.error === "invalid";

  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Sign in to Shipyard</h1>
      {failed && (
        <p role="alert" data-testid="login-error" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          Wrong email or password.
        </p>
      )}
      <form action={signInWithPassword} className="flex flex-col gap-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="username" required className="rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700" />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700" />
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
          Sign in
        </button>
      </form>
    </main>
  );
}
