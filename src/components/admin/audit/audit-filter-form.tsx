"use client";

import { useRouter } from "next/navigation";
import { type ComponentProps, useTransition } from "react";

/**
 * A GET form that leaves blank fields out of the URL (so a shared link reads "?app=demo", not
 * eight empty parameters) and navigates without a full reload. Without JavaScript it is a plain
 * GET form and the page copes with the blanks.
 */
export function AuditFilterForm({ action, children, ...props }: Omit<ComponentProps<"form">, "action" | "method" | "onSubmit"> & { action: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <form
      {...props}
      method="get"
      action={action}
      aria-busy={pending}
      onSubmit={(event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        for (const [name, value] of new FormData(event.currentTarget)) {
          if (typeof value === "string" && value.trim()) params.append(name, value.trim());
        }
        const search = params.toString();
        startTransition(() => router.push(search ? `${action}?${search}` : action));
      }}
    >
      {children}
    </form>
  );
}
