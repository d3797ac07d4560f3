"use client";

import { useId } from "react";
import { type Overrides, sentence } from "./publish-outcome";

/** A refused publish: each file that failed its checks, why, and a per-file override. */
export function PublishRefusal({ overrides, onAllow }: { overrides: Overrides; onAllow: (upload: string, allow: boolean) => void }) {
  const { refused, allowed } = overrides;
  const id = useId();
  const waiting = refused.filter((f) => !allowed.includes(f.upload)).length;
  return (
    <section
      role="alert"
      aria-labelledby={`${id}-title`}
      data-testid="publish-refusal"
      className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h3 id={`${id}-title`} className="font-semibold">
        Not published: {refused.length === 1 ? "a file" : `${refused.length} files`} failed the checks
      </h3>
      <p>
        Nothing was published. Fix the build and upload it again, or publish a file anyway: people will be offered it for install despite
        these problems, and the release records that you allowed it.
      </p>
      <ul className="flex flex-col gap-3">
        {refused.map((file) => (
          <li key={file.upload} data-testid="refused-file" data-filename={file.filename} className="flex flex-col gap-1 border-t border-red-200 pt-2 dark:border-red-900">
            <span className="font-medium break-all">{file.filename}</span>
            <ul className="list-disc pl-5" id={`${id}-${file.upload}`}>
              {file.reasons.map((reason) => (
                <li key={reason} className="break-words">
                  {sentence(reason)}
                </li>
              ))}
            </ul>
            <label className="flex items-center gap-2 self-start py-1 font-medium">
              <input
                type="checkbox"
                className="size-4"
                checked={allowed.includes(file.upload)}
                onChange={(e) => onAllow(file.upload, e.target.checked)}
                aria-describedby={`${id}-${file.upload}`}
              />
              Publish this file anyway
            </label>
          </li>
        ))}
      </ul>
      <p className="text-red-800 dark:text-red-200">
        {waiting === 0
          ? "Every refused file is allowed: press Publish to publish the release."
          : `Press Publish again once you have allowed ${waiting === 1 ? "the file" : `the ${waiting} files`} or fixed the build.`}
      </p>
    </section>
  );
}
