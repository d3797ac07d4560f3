"use client";

import { useId } from "react";
import { Callout, Checkbox } from "@/components/ui";
import { type Overrides, sentence } from "./publish-outcome";

/** A refused publish: each file that failed its checks, why, and a per-file override. */
export function PublishRefusal({ overrides, onAllow }: { overrides: Overrides; onAllow: (upload: string, allow: boolean) => void }) {
  const { refused, allowed } = overrides;
  const id = useId();
  const waiting = refused.filter((f) => !allowed.includes(f.upload)).length;
  return (
    <Callout tone="danger" role="alert" aria-labelledby={`${id}-title`} data-testid="publish-refusal" className="gap-3 py-3">
      <h3 id={`${id}-title`} className="font-semibold">
        Not published: {refused.length === 1 ? "a file" : `${refused.length} files`} failed the checks
      </h3>
      <p>
        Nothing was published. Fix the build and upload it again, or publish a file anyway: people will be offered it for install despite these problems, and the release records that you allowed it.
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
            <Checkbox
              label="Publish this file anyway"
              checked={allowed.includes(file.upload)}
              onChange={(e) => onAllow(file.upload, e.target.checked)}
              aria-describedby={`${id}-${file.upload}`}
              wrapperClassName="py-1"
            />
          </li>
        ))}
      </ul>
      <p className="font-medium">
        {waiting === 0
          ? "Every refused file is allowed: press Publish to publish the release."
          : `Press Publish again once you have allowed ${waiting === 1 ? "the file" : `the ${waiting} files`} or fixed the build.`}
      </p>
    </Callout>
  );
}
