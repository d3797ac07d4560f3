import { useId, type ComponentProps } from "react";
import { controlClasses, describedBy, Field, type FieldText } from "./field";

type TextareaProps = ComponentProps<"textarea"> & FieldText & { wrapperClassName?: string };

/** A multi-line input with the same label, hint and error wiring as Input. */
export function Textarea({ id, label, hint, error, className, wrapperClassName, rows = 4, ...props }: TextareaProps) {
  const generated = useId();
  const textareaId = id ?? generated;
  return (
    <Field id={textareaId} label={label} hint={hint} error={error} className={wrapperClassName}>
      <textarea
        {...props}
        rows={rows}
        id={textareaId}
        aria-invalid={error ? true : props["aria-invalid"]}
        aria-describedby={describedBy(textareaId, { hint, error }, props["aria-describedby"])}
        className={controlClasses(Boolean(error), className)}
      />
    </Field>
  );
}
