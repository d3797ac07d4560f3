"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "../confirmed-action";

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
  const remove = useMutation(trpc.releases.delete.mutationOptions());
  return (
    <ConfirmedAction
      label="Delete release"
      variant="danger"
      size="md"
      title={`Delete release ${label}?`}
      description="Its notes and its files' records go, and its install page stops working. Files that no other release uses are removed by the next storage clean-up. This cannot be undone."
      confirmLabel="Delete release"
      danger
      run={() => remove.mutateAsync({ id: releaseId })}
      done={`Deleted release ${label}.`}
      onDone={() => {
        router.push(listHref);
        router.refresh();
      }}
      data-testid="delete-release"
      dialogTestId="delete-release-dialog"
    >
      {fallbackOf.length > 0 ? (
        <p className="text-sm text-amber-900 dark:text-amber-200" data-testid="delete-release-fallback">
          {fallbackOf.map((f) => `${f.channel}'s ${f.rolloutPercent}% rollout falls back to this release`).join("; ")}. Once it is deleted, every device on{" "}
          {fallbackOf.length === 1 ? "that channel" : "those channels"} gets the rollout&apos;s release.
        </p>
      ) : null}
    </ConfirmedAction>
  );
}
