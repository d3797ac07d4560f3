// The 404 of every install page (/{app}, /{app}/{channel}, /{app}/releases/{id}): a private app
// the visitor cannot see and an app that does not exist get this same page, so nothing tells them
// apart; it offers sign-in (back to this page) for those who do have access.
import type { Metadata } from "next";
import { SignInLink } from "@/components/install/sign-in-link";

export const metadata: Metadata = { title: "App not available", robots: { index: false, follow: false } };

export default function InstallNotFound() {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4 px-4 py-16 sm:px-6" data-testid="install-not-found">
      <h1 className="text-2xl font-semibold">App not available</h1>
      <p className="text-slate-700 dark:text-slate-300">This app may be private, or it may not exist. If you have access to it, sign in to see it.</p>
      <SignInLink />
      <p className="text-sm text-slate-600 dark:text-slate-400">Were you sent a share link? Open that link again: it lets you in without an account.</p>
    </main>
  );
}
