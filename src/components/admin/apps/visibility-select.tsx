import { Select } from "@/components/ui";
import { type Visibility, VISIBILITIES } from "@/domain/app";
import { VISIBILITY_TEXT } from "./app-field-text";

/** The visibility choice, with what each option means listed under it (the chosen one first in weight). */
export function VisibilitySelect({ value, error, onChange, disabled }: { value: Visibility; error?: string; onChange: (v: Visibility) => void; disabled?: boolean }) {
  return (
    <Select
      id="app-visibility"
      name="visibility"
      label="Visibility"
      value={value}
      error={error}
      disabled={disabled}
      onChange={(event) => onChange(VISIBILITIES.find((v) => v === event.target.value) ?? value)}
      data-testid="app-visibility-select"
      hint={
        <span className="flex flex-col gap-0.5">
          {VISIBILITIES.map((v) => (
            <span key={v} className={v === value ? "font-medium text-slate-800 dark:text-slate-200" : undefined}>
              {VISIBILITY_TEXT[v].label}: {VISIBILITY_TEXT[v].explanation}
            </span>
          ))}
        </span>
      }
    >
      {VISIBILITIES.map((v) => (
        <option key={v} value={v}>
          {VISIBILITY_TEXT[v].label}
        </option>
      ))}
    </Select>
  );
}
