"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "./confirmed-action";

/** The app's update key (what its builds send to the update-check API), rotated after a confirmation. */
export function UpdateKey({ appId, initial }: { appId: string; initial: string | null }) {
  const trpc = useTRPC();
  const [key, setKey] = useState(initial);
  const rotate = useMutation(trpc.apps.rotateUpdateKey.mutationOptions());
  return (
    // A fragment: the confirmation's <dialog> must not sit inside the inline facts line (phrasing content only).
    <>
      <span className="inline-flex flex-wrap items-center gap-x-2">
        update key{" "}
        <span className="min-w-0 font-mono break-all text-slate-900 dark:text-slate-100" data-testid="update-key">
          {key ?? "none"}
        </span>
      </span>
      <ConfirmedAction
        label={
          <>
            Rotate<span className="sr-only"> the update key</span>
          </>
        }
        title="Rotate the update key?"
        description="Builds in the field that send the current key stop getting update answers until they ship with the new one. This cannot be undone."
        confirmLabel="Rotate key"
        danger
        run={() => rotate.mutateAsync({ id: appId })}
        done="Update key rotated: build the new one into the next release"
        onDone={(app) => setKey(app.updateKey ?? null)}
        data-testid="rotate-update-key"
        dialogTestId="rotate-update-key-dialog"
      />
    </>
  );
}
