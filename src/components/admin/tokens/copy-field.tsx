"use client";

import { useId, useRef, useState } from "react";
import { Button, Input } from "@/components/ui";

type CopyState = "idle" | "copied" | "manual";

/**
 * A read-only value with a Copy button. The clipboard API needs a secure context (https or
 * localhost) and a permission; where it is missing or refused, the text is selected instead so
 * Ctrl+C / ⌘C (or the phone's copy menu) finishes the job.
 */
export function CopyField({ label, value, "data-testid": testId }: { label: string; value: string; "data-testid"?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<CopyState>("idle");
  const statusId = useId();

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard API");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      input.current?.focus();
      input.current?.select();
      setState("manual");
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Input
          ref={input}
          label={label}
          value={value}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={statusId}
          className="font-mono"
          wrapperClassName="flex-1 min-w-0"
          data-testid={testId}
        />
        <Button variant="secondary" onClick={() => void copy()}>
          {state === "copied" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p id={statusId} role="status" className="min-h-4 text-xs text-slate-600 dark:text-slate-400">
        {state === "copied" ? "Copied to the clipboard." : state === "manual" ? "Selected: press Ctrl+C (⌘C on a Mac) to copy." : ""}
      </p>
    </div>
  );
}
