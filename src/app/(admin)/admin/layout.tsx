import Link from "next/link";
import { AdminNav } from "@/components/admin/shell/admin-nav";
import { THEME_SCRIPT } from "@/components/admin/shell/theme";
import { ThemeSelect } from "@/components/admin/shell/theme-select";
import { Button, ToastProvider } from "@/components/ui";
import { requestNonce } from "@/server/http/request-nonce";
import { TRPCReactProvider } from "@/trpc/react";
import { signOutAction } from "@/app/sign-out-action";
import { requireConsoleUser } from "./require-admin";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts already sends visitors without a session to /login; this also covers stale sessions.
  // It guards the shell only: each page checks for itself before reading (see require-admin.ts).
  const { user, maintainsSome } = await requireConsoleUser();
  const nonce = await requestNonce();

  return (
    <TRPCReactProvider>
      {/* First in the body, before anything paints: applies a stored light/dark choice (see theme.ts). */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: THEME_SCRIPT is a constant of ours, not user input, and runs under the request's nonce. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      <a href="#main" className="sr-only rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50">
        Skip to content
      </a>
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/admin" className="rounded-md font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
            Shipyard admin
          </Link>
          {/* Below 640 px the links take a full row of their own under the brand and account controls. */}
          <AdminNav className="order-last w-full sm:order-none sm:w-auto" isAdmin={user.role === "admin"} maintainsSome={maintainsSome} />
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <ThemeSelect />
            <form action={signOutAction} className="flex min-w-0 items-center gap-3 text-sm">
              <Link
                href="/login/password"
                className="max-w-[10rem] truncate text-slate-600 hover:underline sm:max-w-[16rem] dark:text-slate-400"
                title={`${user.email}: change password`}
                data-testid="signed-in-as"
              >
                {user.email}
              </Link>
              <Button type="submit" variant="secondary" size="sm">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <ToastProvider>
        {/* tabIndex -1: the skip link moves focus here, so the next Tab starts inside the page. */}
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 focus:outline-none sm:px-6">
          {children}
        </main>
      </ToastProvider>
    </TRPCReactProvider>
  );
}
