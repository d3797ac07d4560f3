"use client";

import { Checkbox } from "@/components/ui";

/** The app's channels as checkboxes: which of them a tester group is given. */
export function ChannelChoice({ legend, channels, chosen, onChange, error }: { legend: string; channels: string[]; chosen: string[]; onChange: (next: string[]) => void; error?: string }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {channels.map((name) => (
          <Checkbox key={name} label={name} checked={chosen.includes(name)} onChange={(e) => onChange(e.target.checked ? [...chosen, name] : chosen.filter((c) => c !== name))} />
        ))}
      </div>
      {error ? <p className="text-xs font-medium text-red-700 dark:text-red-300">{error}</p> : null}
    </fieldset>
  );
}
