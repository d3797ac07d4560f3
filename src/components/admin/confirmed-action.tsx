"use client";

import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Button, type ButtonSize, type ButtonVariant, ConfirmDialog, useToast } from "@/components/ui";
import { errorMessage } from "./error-message";

interface ConfirmedActionProps {
  /** What the button says (its accessible name). */
  label: ReactNode;
  variant?: ButtonVariant;
  size?: ButtonSize;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** The change itself; the dialog stays open, with the server's words, when it fails. */
  run: () => Promise<unknown>;
  /** Toasted once the change is made. */
  done: string;
  onDone?: () => void;
  "data-testid"?: string;
  dialogTestId?: string;
}

/**
 * A button whose change happens only after a confirmation that says what it breaks: the shape of
 * every revoke and delete in the console, written once.
 */
export function ConfirmedAction(props: ConfirmedActionProps) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const action = useMutation({
    mutationFn: props.run,
    onSuccess: () => {
      setOpen(false);
      toast.success(props.done);
      props.onDone?.();
    },
  });

  return (
    <>
      <Button
        variant={props.variant ?? "secondary"}
        size={props.size ?? "sm"}
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
      />
    </>
  );
}
