"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "./confirmed-action";

/** Revokes one share link after a confirmation that says who loses access. */
export function RevokeShareLink({ appId, id, name, onRevoked }: { appId: string; id: string; name: string; onRevoked: () => void }) {
  const trpc = useTRPC();
  const revoke = useMutation(trpc.shareLinks.revoke.mutationOptions());
  return (
    <ConfirmedAction
      label={
        <>
          Revoke<span className="sr-only"> {name}</span>
        </>
      }
      title={`Revoke “${name}”?`}
      description="It stops opening the app at once, and downloads already started through it stop too. This cannot be undone; create a new link to share the app again."
      confirmLabel="Revoke link"
      danger
      run={() => revoke.mutateAsync({ appId, id })}
      done={`Share link “${name}” revoked`}
      onDone={onRevoked}
      data-testid="share-link-revoke"
      dialogTestId="share-link-revoke-dialog"
    />
  );
}
