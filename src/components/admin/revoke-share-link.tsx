"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

/** Revokes one share link after a confirmation that says who loses access. */
export function RevokeShareLink({ appId, id, name, onRevoked }: { appId: string; id: string; name: string; onRevoked: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.shareLinks.revoke.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success(`Share link “${name}” revoked`);
        onRevoked();
      },
    }),
  );

  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          revoke.reset();
          setOpen(true);
        }}
        data-testid="share-link-revoke"
      >
        Revoke<span className="sr-only"> {name}</span>
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => revoke.mutate({ appId, id })}
        title={`Revoke “${name}”?`}
        description="It stops opening the app at once, and downloads already started through it stop too. This cannot be undone; create a new link to share the app again."
        confirmLabel="Revoke link"
        danger
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : undefined}
        data-testid="share-link-revoke-dialog"
      />
    </>
  );
}
