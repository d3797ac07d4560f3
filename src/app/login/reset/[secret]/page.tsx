import type { Metadata } from "next";
import Link from "next/link";
import { Callout } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { lookUpPasswordReset } from "@/server/services/account";
import { resetPasswordAction } from "../../account-actions";
import { NewPasswordForm } from "../../new-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

// GET /login/reset/{secret} — a new password through a one-time link.
export default async function ResetPage({ params }: { params: Promise<{ secret: string }> }) {
  const secret = decodeURIComponent((await params).secret);
  const found = await lookUpPasswordReset((await serverContext()).store, secret);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      {found.ok ? (
        <NewPasswordForm action={resetPasswordAction} secret={secret} email={found.email} askName={false} submitLabel="Set password" />
      ) : (
        <Callout tone="warning" data-testid="reset-refused">
          This link is not valid any more: it was used, it expired, or it was not copied whole. <Link href="/login/forgot">Ask for a new one</Link>
        </Callout>
      )}
    </main>
  );
}
