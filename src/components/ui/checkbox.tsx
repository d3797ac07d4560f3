import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./cx";
import { describedBy } from "./field";

type CheckboxProps = Omit<ComponentProps<"input">, "type"> & { label: ReactNode; hint?: ReactNode; error?: ReactNode; wrapperClassName?: string };

/** A checkbox with its label to the right (the whole label is the click target) and an optional hint. */
export function Checkbox({ id, label, hint, error, className, wrapperClassName, ...props }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={cx("flex items-start gap-2", wrapperClassName)}>
      <input
        {...props}
        type="checkbox"
        id={inputId}
        aria-invalid={error ? true : props["aria-invalid"]}
        aria-describedby={describedBy(inputId, { hint, error }, props["aria-describedby"])}
        className={cx(
          "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600 dark:border-slate-600",
          "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
          "disabled:cursor-not-allowed disabled:opacity-60",
          className,
        )}
      />
      <div className="flex flex-col gap-0.5">
        <label htmlFor={inputId} className="text-sm text-slate-800 dark:text-slate-200">
          {label}
        </label>
        {hint ? (
          <p id={`${inputId}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${inputId}-error`} className="text-xs font-medium text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
