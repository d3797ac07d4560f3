import { useId, type ComponentProps } from "react";
import { controlClasses, describedBy, Field, type FieldText } from "./field";

type InputType = Exclude<ComponentProps<"input">["type"], "checkbox" | "radio">;
type InputProps = Omit<ComponentProps<"input">, "type"> & FieldText & { type?: InputType; wrapperClassName?: string };

/** A text-like input with an optional label, hint and error, linked by aria-describedby / aria-invalid. */
export function Input({ id, label, hint, error, className, wrapperClassName, ...props }: InputProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Field id={inputId} label={label} hint={hint} error={error} className={wrapperClassName}>
      <input
        {...props}
        id={inputId}
        aria-invalid={error ? true : props["aria-invalid"]}
        aria-describedby={describedBy(inputId, { hint, error }, props["aria-describedby"])}
        className={controlClasses(Boolean(error), className)}
      />
    </Field>
  );
}
