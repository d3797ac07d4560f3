"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

/** Revokes one token after a confirmation that says what breaks; the server-rendered list then refreshes. */
export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success(`Token “${name}” revoked`);
        router.refresh();
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
        data-testid="token-revoke"
      >
        Revoke<span className="sr-only"> {name}</span>
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => revoke.mutate({ id })}
        title={`Revoke “${name}”?`}
        description={
          <>
            It stops working at once: CI jobs using it will fail with exit code 3 (authentication) and API calls get 401. This cannot
            be undone; create a new token to replace it.
          </>
        }
        confirmLabel="Revoke token"
        danger
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : undefined}
        data-testid="token-revoke-dialog"
      />
    </>
  );
}
