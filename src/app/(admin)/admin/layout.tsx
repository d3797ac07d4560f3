import Link from "next/link";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import { currentUser } from "@/server/auth/current-user";
import { TRPCReactProvider } from "@/trpc/react";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts already sends visitors without a session to /login; this also covers stale sessions.
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/admin");
  if (user.role !== "admin") redirect("/");

  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }

  return (
    <TRPCReactProvider>
      <header className="border-b border-slate-200 dark:border-slate-800">
        <nav className="mx-auto flex max-w-5xl items-center justify-between px-6 py-3">
          <Link href="/admin" className="font-semibold">
            Shipyard admin
          </Link>
          <form action={signOutAction} className="flex items-center gap-3 text-sm">
            <span className="text-slate-600 dark:text-slate-400" data-testid="signed-in-as">
              {user.email}
            </span>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">
              Sign out
            </button>
          </form>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </TRPCReactProvider>
  );
}
