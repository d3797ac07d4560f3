"use client";
import { useActionState } from "react";
import { Button, Callout, Input } from "@/components/ui";
import { changePasswordAction, type FormState } from "../account-actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(changePasswordAction, { error: null });
  return (
    <>
      {state.error && (
        <Callout tone="danger" role="alert" data-testid="account-form-error">
          {state.error}
        </Callout>
      )}
      <form action={formAction} className="flex flex-col gap-4">
        <Input label="Email" value={email} readOnly autoComplete="username" />
        <Input label="Current password" name="current" type="password" required maxLength={1024} autoComplete="current-password" />
        <Input label="New password" name="password" type="password" required minLength={12} maxLength={1024} autoComplete="new-password" hint="At least 12 characters." />
        <Input label="New password again" name="confirm" type="password" required minLength={12} maxLength={1024} autoComplete="new-password" />
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          Change password
        </Button>
      </form>
    </>
  );
}
