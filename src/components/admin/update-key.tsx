"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

/** The app's update key (what its builds send to the update-check API), rotated after a confirmation. */
export function UpdateKey({ appId, initial }: { appId: string; initial: string | null }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [key, setKey] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation(
    trpc.apps.rotateUpdateKey.mutationOptions({
      onSuccess: (app) => {
        setKey(app.updateKey ?? null);
        setConfirming(false);
        toast.success("Update key rotated: build the new one into the next release");
      },
    }),
  );
  return (
    // A fragment: the <dialog> must not sit inside the inline facts line (phrasing content only).
    <>
      <span className="inline-flex flex-wrap items-center gap-x-2">
        update key{" "}
        <span className="min-w-0 font-mono break-all text-slate-900 dark:text-slate-100" data-testid="update-key">
          {key ?? "none"}
        </span>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            rotate.reset();
            setConfirming(true);
          }}
          data-testid="rotate-update-key"
        >
          Rotate<span className="sr-only"> the update key</span>
        </Button>
      </span>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => rotate.mutate({ id: appId })}
        title="Rotate the update key?"
        description="Builds in the field that send the current key stop getting update answers until they ship with the new one. This cannot be undone."
        confirmLabel="Rotate key"
        danger
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : undefined}
        data-testid="rotate-update-key-dialog"
      />
    </>
  );
}
