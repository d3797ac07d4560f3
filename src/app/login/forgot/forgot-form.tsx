"use client";
import { useActionState } from "react";
import { Button, Callout, Input } from "@/components/ui";
import { type FormState, forgotPasswordAction } from "../account-actions";

export function ForgotForm() {
  const [state, formAction, pending] = useActionState<FormState, FormData>(forgotPasswordAction, { error: null });
  if (state.done) {
    return (
      <Callout tone="success" role="status" data-testid="forgot-sent">
        If that address has an account, a link to choose a new password is on its way. It works once, for 24 hours.
      </Callout>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-4">
      <Input label="Email" name="email" type="email" required autoComplete="username" maxLength={254} />
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        Send me a link
      </Button>
    </form>
  );
}
