"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "../confirmed-action";

/** Revokes one token after a confirmation that says what breaks; the server-rendered list then refreshes. */
export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions());
  return (
    <ConfirmedAction
      label={
        <>
          Revoke<span className="sr-only"> {name}</span>
        </>
      }
      title={`Revoke “${name}”?`}
      description={<>It stops working at once: CI jobs using it will fail with exit code 3 (authentication) and API calls get 401. This cannot be undone; create a new token to replace it.</>}
      confirmLabel="Revoke token"
      danger
      run={() => revoke.mutateAsync({ id })}
      done={`Token “${name}” revoked`}
      onDone={() => router.refresh()}
      data-testid="token-revoke"
      dialogTestId="token-revoke-dialog"
    />
  );
}
