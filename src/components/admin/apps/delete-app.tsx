"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { sentence } from "../publish-outcome";

/** The danger zone's one action: delete the app, after typing its slug. */
export function DeleteApp({ app }: { app: { id: string; slug: string; displayName: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.apps.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted ${app.displayName}`);
        router.push("/admin");
      },
    }),
  );
  // Pending until the navigation lands, so the dialog cannot be confirmed twice.
  const pending = remove.isPending || remove.isSuccess;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-app">
        Delete app
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate({ id: app.id })}
        title={`Delete ${app.displayName}?`}
        description="This cannot be undone."
        confirmLabel="Delete app"
        danger
        confirmText={app.slug}
        pending={pending}
        error={remove.error ? sentence(errorMessage(remove.error)) : null}
        data-testid="delete-app-dialog"
      >
        <DeleteConsequences slug={app.slug} />
      </ConfirmDialog>
    </>
  );
}

/** What goes and what stays, said before and inside the confirmation. */
export function DeleteConsequences({ slug }: { slug: string }) {
  return (
    <ul className="flex list-disc flex-col gap-1 pl-5 text-sm wrap-anywhere text-slate-700 dark:text-slate-300">
      <li>Its releases, channels, share links, the tokens restricted to it and its install history are deleted, and /{slug} stops working.</li>
      <li>Its files are freed by garbage collection, except those another app also uses.</li>
      <li>The audit log keeps its events, including this deletion.</li>
    </ul>
  );
}
