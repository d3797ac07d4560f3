"use client";

import { Button, Callout } from "@/components/ui";
import { CopyField } from "../tokens/copy-field";

/** A one-time link (invitation, password reset) shown once: what it is for, whether it was mailed, a copy field. */
export function LinkOncePanel(props: { title: string; url: string; mailedTo: string | null; expiresAt: Date; onDone: () => void; "data-testid"?: string }) {
  return (
    <Callout tone="success" className="flex flex-col gap-3" data-testid={props["data-testid"]}>
      <p className="font-medium">{props.title}</p>
      <p className="text-sm">
        {props.mailedTo ? (
          <>
            It was emailed to <strong>{props.mailedTo}</strong>. You can also pass the link on yourself:
          </>
        ) : (
          <>Mail is off on this server (SMTP_URL is not set): pass the link on yourself. It is shown only now.</>
        )}{" "}
        It works once, until {props.expiresAt.toUTCString()}.
      </p>
      <CopyField label="Link" value={props.url} data-testid="one-time-link" />
      <div>
        <Button variant="secondary" size="sm" onClick={props.onDone}>
          Done
        </Button>
      </div>
    </Callout>
  );
}
