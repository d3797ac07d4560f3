"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button, ErrorState } from "@/components/ui";

/**
 * An admin page that failed to render. In production Next hides a server error's message behind a
 * digest (it could hold internals), so the text here is ours; the digest ties it to the server log.
 */
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  return (
    <ErrorState
      data-testid="admin-error"
      title="This page could not be shown"
      message={
        <>
          <p>Something went wrong while loading it. Try again; if it keeps failing, the server log has the details.</p>
          {error.digest ? <p className="mt-1 font-mono text-xs">Reference: {error.digest}</p> : null}
        </>
      }
      action={
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            // Refresh re-runs the server components; reset then re-renders the segment with the new payload.
            startTransition(() => {
              router.refresh();
              reset();
            })
          }
        >
          Try again
        </Button>
      }
    />
  );
}
