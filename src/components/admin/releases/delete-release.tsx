"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

interface Props {
  releaseId: string;
  /** "1.2.0 (45)" */
  label: string;
  listHref: string;
  /** Channels whose staged rollout falls back to this release: deleting it ends their fallback. */
  fallbackOf: { channel: string; rolloutPercent: number }[];
}

/**
 * Deletes the release after a confirmation. The server refuses while a channel's current release
 * is this one and says which; that refusal is shown in the dialog, where the admin can cancel.
 */
export function DeleteRelease({ releaseId, label, listHref, fallbackOf }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.releases.delete.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success(`Deleted release ${label}.`);
        router.push(listHref);
        router.refresh();
      },
    }),
  );
  return (
    <>
      <Button variant="danger" onClick={() => { remove.reset(); setOpen(true); }} data-testid="delete-release">
        Delete release
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => remove.mutate({ id: releaseId })}
        title={`Delete release ${label}?`}
        description="Its notes and its files' records go, and its install page stops working. Files that no other release uses are removed by the next storage clean-up. This cannot be undone."
        confirmLabel="Delete release"
        danger
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        data-testid="delete-release-dialog"
      >
        {fallbackOf.length > 0 ? (
          <p className="text-sm text-amber-900 dark:text-amber-200" data-testid="delete-release-fallback">
            {fallbackOf.map((f) => `${f.channel}'s ${f.rolloutPercent}% rollout falls back to this release`).join("; ")}. Once it is deleted, every device on{" "}
            {fallbackOf.length === 1 ? "that channel" : "those channels"} gets the rollout&apos;s release.
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
