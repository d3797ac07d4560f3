"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { Input } from "./input";

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Red confirm button, for what cannot be undone. */
  danger?: boolean;
  /** When set, the user must type exactly this (a slug, say) before the confirm button enables. */
  confirmText?: string;
  /** While the action runs: both buttons disabled, the confirm button says so. */
  pending?: boolean;
  /** The action's failure in plain words, shown inside the dialog so the user can retry or cancel. */
  error?: ReactNode;
  children?: ReactNode;
  "data-testid"?: string;
}

/** "Are you sure?" on a Dialog, optionally guarded by typing a name, with pending and error states. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Dialog open={props.open} onClose={props.pending ? () => undefined : props.onClose} title={props.title} description={props.description} data-testid={props["data-testid"]}>
      {/* Mounted only while open (Dialog renders its content then), so the typed text resets each time. */}
      <ConfirmBody {...props} />
    </Dialog>
  );
}

function ConfirmBody({ onClose, onConfirm, confirmLabel, cancelLabel = "Cancel", danger, confirmText, pending, error, children }: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const matches = confirmText === undefined || typed === confirmText;
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (matches && !pending) onConfirm();
      }}
    >
      {children}
      {confirmText !== undefined ? (
        <Input
          id={inputId}
          label={
            <>
              Type <span className="font-mono font-semibold">{confirmText}</span> to confirm
            </>
          }
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          autoFocus
        />
      ) : null}
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onClose} disabled={pending} autoFocus={confirmText === undefined}>
          {cancelLabel}
        </Button>
        <Button type="submit" variant={danger ? "danger" : "primary"} disabled={!matches || pending} aria-busy={pending || undefined}>
          {pending ? `${confirmLabel}…` : confirmLabel}
        </Button>
      </div>
    </form>
  );
}
