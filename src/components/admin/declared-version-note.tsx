"use client";

import { Callout, cx } from "@/components/ui";
import { type DeclaredAgreement, declaredText } from "@/domain/declared-version";

const names = (files: readonly string[]) => files.join(", ");

/** Where the version and build fields stand against the files: being read, filled in, or why not. */
export function DeclaredVersionNote({
  agreement,
  from,
  reading,
  unreadable,
  prefilled,
}: {
  agreement: DeclaredAgreement;
  /** The files the agreed version/build comes from. */
  from: readonly string[];
  /** Files whose inspection has not finished. */
  reading: readonly string[];
  /** Files whose inspection did not finish in time. */
  unreadable: readonly string[];
  /** Whether each field currently shows the files' value (the admin has not typed in it). */
  prefilled: { version: boolean; build: boolean };
}) {
  const lines: string[] = [];
  if (reading.length > 0) lines.push(`Reading the version and build from ${names(reading)}…`);
  if (unreadable.length > 0) lines.push(`Could not read the version from ${names(unreadable)} yet; publishing checks the files anyway.`);
  if (agreement.kind === "disagree") {
    const said = agreement.files.map((f) => `${f.filename} declares ${declaredText(f)}`).join("; ");
    lines.push(`The files disagree, so version and build were not filled in: ${said}.`);
  } else if (agreement.kind === "agreed" && (prefilled.version || prefilled.build)) {
    const fields = [prefilled.version && "version", prefilled.build && "build"].filter(Boolean).join(" and ");
    lines.push(`Filled in the ${fields} from ${names(from)}, which declare${from.length === 1 ? "s" : ""} ${declaredText(agreement)}.`);
  }
  if (lines.length === 0) return null;
  return (
    <div
      data-testid="declared-version"
      aria-live="polite"
      className={cx("flex flex-col gap-1 text-sm", agreement.kind === "disagree" ? "text-amber-800 dark:text-amber-200" : "text-slate-600 dark:text-slate-400")}
    >
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/** Before publishing: where the typed version/build differs from what a file declares. */
export function VersionMismatchWarning({ mismatches }: { mismatches: readonly { filename: string; mismatches: string[] }[] }) {
  if (mismatches.length === 0) return null;
  return (
    <Callout tone="warning" data-testid="version-mismatch" className="gap-1">
      <p className="font-medium">The version or build differs from what the files declare:</p>
      <ul className="list-disc pl-5">
        {mismatches.map((m) => (
          <li key={m.filename} className="break-words">
            {m.filename} declares {m.mismatches.join(" and ")}
          </li>
        ))}
      </ul>
      <p>Publishing records this as a warning on each file (a channel whose policy rejects mismatches refuses it).</p>
    </Callout>
  );
}
