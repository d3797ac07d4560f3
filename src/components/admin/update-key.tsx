"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

/** The app's update key (what its builds send to the update-check API), with a rotate button. */
export function UpdateKey({ appId, initial }: { appId: string; initial: string | null }) {
  const trpc = useTRPC();
  const [key, setKey] = useState(initial);
  const rotate = useMutation(trpc.apps.rotateUpdateKey.mutationOptions({ onSuccess: (app) => setKey(app.updateKey ?? null) }));
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2">
      update key{" "}
      <span className="min-w-0 font-mono break-all text-slate-900 dark:text-slate-100" data-testid="update-key">
        {key ?? "none"}
      </span>
      <button
        type="button"
        className="text-brand-600 hover:underline disabled:opacity-50 dark:text-brand-100"
        disabled={rotate.isPending}
        onClick={() => {
          if (window.confirm("Builds in the field that send the current key will stop getting update answers. Rotate it?")) rotate.mutate({ id: appId });
        }}
      >
        rotate
      </button>
      {rotate.isError ? <span role="alert" className="text-red-700 dark:text-red-300">{errorMessage(rotate.error)}</span> : null}
    </span>
  );
}
