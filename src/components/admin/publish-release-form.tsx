"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { publishFromUploadsInputSchema } from "@/domain/upload";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

type Field = "version" | "build" | "channel" | "notes" | "uploads";

const input = "rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700";
const fieldError = "text-sm text-red-700 dark:text-red-300";

/** Version, build, channel, notes and promote for a release made of the uploaded files. */
export function PublishReleaseForm({
  appId,
  channels,
  uploadIds,
  waitingFor,
  onPublished,
}: {
  appId: string;
  channels: string[];
  /** Completed uploads; publishing is possible when there is at least one and nothing is pending. */
  uploadIds: string[];
  /** Files not uploaded yet. */
  waitingFor: number;
  onPublished: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [version, setVersion] = useState("");
  const [build, setBuild] = useState("");
  const [channel, setChannel] = useState(channels.includes("beta") ? "beta" : (channels[0] ?? ""));
  const [notes, setNotes] = useState("");
  const [promote, setPromote] = useState(false);
  const [issues, setIssues] = useState<Partial<Record<Field, string>>>({});
  const publish = useMutation(
    trpc.uploads.publish.mutationOptions({
      onSuccess: () => {
        onPublished();
        router.refresh(); // the channels and releases above are server-rendered
      },
    }),
  );

  const published = publish.data;
  const ready = uploadIds.length > 0 && waitingFor === 0 && !publish.isPending && !published;
  const hint = published
    ? null
    : uploadIds.length === 0 && waitingFor === 0
      ? "Add at least one file."
      : waitingFor > 0
        ? `Waiting for ${waitingFor} file${waitingFor === 1 ? "" : "s"} to finish uploading.`
        : null;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = publishFromUploadsInputSchema.safeParse({ version: version.trim(), build: build.trim(), channel, notes, uploads: uploadIds, promote });
    if (!parsed.success) {
      setIssues(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "uploads"), issue.message])));
      return;
    }
    setIssues({});
    publish.mutate({ appId, release: parsed.data });
  }

  const describedBy = (field: Field) => (issues[field] ? `${id}-${field}-error` : undefined);
  const issue = (field: Field) =>
    issues[field] && (
      <span id={`${id}-${field}-error`} className={fieldError}>
        {issues[field]}
      </span>
    );

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Publish release" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Version
          <input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="1.4.0" className={input} aria-invalid={!!issues.version} aria-describedby={describedBy("version")} required />
          {issue("version")}
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Build
          <input value={build} onChange={(e) => setBuild(e.target.value)} placeholder="212" inputMode="numeric" className={input} aria-invalid={!!issues.build} aria-describedby={describedBy("build")} required />
          {issue("build")}
        </label>
        <div className="flex flex-col gap-1 text-sm font-medium">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)} className={`${input} dark:bg-slate-950`} aria-describedby={describedBy("channel")}>
            {channels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {issue("channel")}
        </div>
      </div>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Release notes
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} className={input} placeholder="Markdown" aria-describedby={describedBy("notes")} />
        {issue("notes")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={promote} onChange={(e) => setPromote(e.target.checked)} className="size-4" />
        Promote: point the channel at this release now
      </label>
      {issue("uploads")}

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={!ready}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {publish.isPending ? "Publishing…" : "Publish"}
        </button>
        {hint && <span className="text-sm text-slate-600 dark:text-slate-400">{hint}</span>}
      </div>

      {publish.isError && (
        <p role="alert" data-testid="publish-error" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          Could not publish: {errorMessage(publish.error)}
        </p>
      )}
      {published && (
        <div role="status" data-testid="publish-result" className="flex flex-col gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
          <p>
            Published {published.release.version} ({published.release.build}) to {published.release.channel}
            {published.promoted ? ", promoted" : ""}. Install page:
          </p>
          <a href={published.installUrl} data-testid="install-url" className="font-mono break-all text-brand-700 underline dark:text-brand-100">
            {published.installUrl}
          </a>
          <ul className="flex flex-col gap-1">
            {published.artifacts.map((artifact) => {
              const reasons = artifact.metadata.validationReasons;
              return (
                <li key={artifact.id}>
                  <span className="break-all">{artifact.filename}</span>: {artifact.validationStatus}
                  {Array.isArray(reasons) && reasons.length > 0 && <span className="text-slate-600 dark:text-slate-400"> ({reasons.join("; ")})</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </form>
  );
}
