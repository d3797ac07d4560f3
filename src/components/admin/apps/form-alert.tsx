"use client";

import { useCallback, useEffect, useRef } from "react";
import { fieldId } from "./app-field-text";
import type { FormErrors } from "./form-errors";

/** A refusal no single field shows, announced when it appears. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300" data-testid="form-error">
      {message}
    </p>
  );
}

/**
 * After a refused submit, moves focus to the first field (in `order`) with an error, so keyboard and
 * screen-reader users land on it. Only after a submit: editing a field also changes the errors, and
 * must not pull focus away. `ready` is false while the fields are disabled (they cannot take focus).
 */
export function useFocusFirstError(errors: FormErrors, order: readonly string[], ready: boolean): () => void {
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current || !ready) return;
    pending.current = false;
    const first = order.find((field) => errors.fields[field] !== undefined);
    if (first) document.getElementById(fieldId(first))?.focus();
  }, [errors, order, ready]);
  return useCallback(() => {
    pending.current = true;
  }, []);
}
