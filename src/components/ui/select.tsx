import { useId, type ComponentProps } from "react";
import { controlClasses, describedBy, Field, type FieldText } from "./field";

type SelectProps = ComponentProps<"select"> & FieldText & { wrapperClassName?: string };

/** A native select (keyboard and mobile pickers for free) with Input's label, hint and error wiring. */
export function Select({ id, label, hint, error, className, wrapperClassName, children, ...props }: SelectProps) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <Field id={selectId} label={label} hint={hint} error={error} className={wrapperClassName}>
      <select
        {...props}
        id={selectId}
        aria-invalid={error ? true : props["aria-invalid"]}
        aria-describedby={describedBy(selectId, { hint, error }, props["aria-describedby"])}
        className={controlClasses(Boolean(error), className)}
      >
        {children}
      </select>
    </Field>
  );
}
