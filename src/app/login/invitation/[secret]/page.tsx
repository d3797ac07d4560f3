import type { Metadata } from "next";
import Link from "next/link";
import { Callout } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { lookUpInvitation } from "@/server/services/invitations";
import { acceptInvitationAction } from "../../account-actions";
import { NewPasswordForm } from "../../new-password-form";

export const metadata: Metadata = { title: "Join Shipyard", referrer: "no-referrer" };

const WHY: Record<"unknown" | "accepted" | "revoked" | "expired", string> = {
  unknown: "This invitation link is not valid. Check that it was copied whole.",
  accepted: "This invitation was used already. Sign in with the account it made.",
  revoked: "This invitation was withdrawn. Ask an admin for a new one.",
  expired: "This invitation has expired. Ask an admin for a new one.",
};

// GET /login/invitation/{secret} — an invitee chooses their name and password.
export default async function InvitationPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const found = await lookUpInvitation((await serverContext()).store, decodeURIComponent(secret));
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Join Shipyard</h1>
      {found.ok ? (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">Choose your name and a password to finish setting up your account.</p>
          <NewPasswordForm action={acceptInvitationAction} secret={decodeURIComponent(secret)} email={found.email} askName submitLabel="Create my account" />
        </>
      ) : (
        <Callout tone="warning" data-testid="invitation-refused">
          {WHY[found.reason]} <Link href="/login">Go to sign-in</Link>
        </Callout>
      )}
    </main>
  );
}
