import type { Metadata } from "next";
import Link from "next/link";
import { Callout } from "@/components/ui";
import { serverContext } from "@/server/composition";
import { mailEnabled } from "@/server/services/mail";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Forgot password" };

// GET /login/forgot — a reset link by email, when this server sends mail.
export default async function ForgotPage() {
  const { config } = await serverContext();
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold">Forgot your password?</h1>
      {mailEnabled(config) ? <ForgotForm /> : <Callout tone="info">This server does not send mail. Ask an admin for a password reset link.</Callout>}
      <Link href="/login" className="text-sm">
        Back to sign-in
      </Link>
    </main>
  );
}
