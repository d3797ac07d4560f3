import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/entry/current-user";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change your password" };

// GET /login/password — a signed-in user (admin, member or tester) chooses a new password.
export default async function ChangePasswordPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/login/password");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Change your password</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">Every device signed in as {user.email} is signed out, this one too: you sign in again with the new password.</p>
      <ChangePasswordForm email={user.email} />
    </main>
  );
}
