"use client";
// A name (for invitations) and a new password typed twice, posted to a server action.
import { useActionState } from "react";
import { Button, Callout, Input } from "@/components/ui";
import type { FormState } from "./account-actions";

export function NewPasswordForm(props: { action: (state: FormState, form: FormData) => Promise<FormState>; secret: string; email: string; askName: boolean; submitLabel: string }) {
  const [state, formAction, pending] = useActionState(props.action, { error: null });
  return (
    <>
      {state.error && (
        <Callout tone="danger" role="alert" data-testid="account-form-error">
          {state.error}
        </Callout>
      )}
      <form action={formAction} className="flex flex-col gap-4">
        <input type="hidden" name="secret" value={props.secret} />
        <Input label="Email" value={props.email} readOnly autoComplete="username" />
        {props.askName && <Input label="Your name" name="name" required maxLength={100} autoComplete="name" />}
        <Input label="New password" name="password" type="password" required minLength={12} maxLength={1024} autoComplete="new-password" hint="At least 12 characters." />
        <Input label="New password again" name="confirm" type="password" required minLength={12} maxLength={1024} autoComplete="new-password" />
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {props.submitLabel}
        </Button>
      </form>
    </>
  );
}
