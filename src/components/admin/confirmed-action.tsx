"use client";

import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant, ConfirmDialog, useToast } from "@/components/ui";
import { errorMessage } from "./error-message";

interface ConfirmedActionProps<Result> {
  /** What the button says (its accessible name). */
  label: ReactNode;
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
  title: string;
  description: ReactNode;
  /** More of the dialog's body, below the description (say, what else this change ends). */
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** The change itself; the dialog stays open, with the server's words, when it fails. */
  run: () => Promise<Result>;
  /** Toasted once the change is made. */
  done: string | ((result: Result) => string);
  onDone?: (result: Result) => unknown;
  "data-testid"?: string;
  dialogTestId?: string;
}

/**
 * A button whose change happens only after a confirmation that says what it breaks: the shape of
 * every revoke, rotate and delete in the console, written once.
 */
export function ConfirmedAction<Result>(props: ConfirmedActionProps<Result>) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const action = useMutation({
    mutationFn: props.run,
    onSuccess: (result) => {
      setOpen(false);
      toast.success(typeof props.done === "function" ? props.done(result) : props.done);
      return props.onDone?.(result);
    },
  });

  return (
    <>
      <Button
        variant={props.variant ?? "secondary"}
        size={props.size ?? "sm"}
        className={props.className}
        onClick={() => {
          action.reset();
          setOpen(true);
        }}
        data-testid={props["data-testid"]}
      >
        {props.label}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => action.mutate()}
        title={props.title}
        description={props.description}
        confirmLabel={props.confirmLabel}
        danger={props.danger}
        pending={action.isPending}
        error={action.isError ? errorMessage(action.error) : undefined}
        data-testid={props.dialogTestId}
      >
        {props.children}
      </ConfirmDialog>
    </>
  );
}
