"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { cx } from "./cx";

export interface DialogProps {
  open: boolean;
  /** Called on Escape, on the close button and on a click on the backdrop. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row at the bottom, right-aligned (stacked on narrow screens). */
  footer?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/**
 * A modal on the native <dialog> with showModal(): the browser makes the rest of the page inert
 * (focus stays inside), closes on Escape and returns focus to the opener, so none of it is hand-rolled.
 */
export function Dialog({ open, onClose, title, description, children, footer, className, ...rest }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // The latest onClose without re-running the open/close effect when a parent passes a new closure.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes the dialog; the keyboard closes it with Escape (onCancel).
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={rest["data-testid"]}
      // Escape fires "cancel": let the parent own the state instead of the browser closing behind its back.
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      onClick={(event) => {
        // A click whose target is the <dialog> itself landed on the backdrop (the content is padded inside).
        if (event.target === event.currentTarget) onCloseRef.current();
      }}
      className={cx(
        "m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl",
        "backdrop:bg-slate-950/60 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100",
        className,
      )}
    >
      {/* Rendered only while open, so form state inside starts fresh each time. */}
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <div className="flex flex-col gap-1">
            <h2 id={titleId} className="text-lg font-semibold wrap-anywhere">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm wrap-anywhere text-slate-700 dark:text-slate-300">
                {description}
              </div>
            ) : null}
          </div>
          {children}
          {footer ? <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
