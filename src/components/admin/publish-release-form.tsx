"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Callout, Checkbox, Input, Select, Textarea } from "@/components/ui";
import { agreeOnDeclared, type Declared, type FileDeclaration, versionMismatches } from "@/domain/declared-version";
import { publishFromUploadsInputSchema } from "@/domain/upload";
import { useTRPC } from "@/trpc/react";
import { DeclaredVersionNote, VersionMismatchWarning } from "./declared-version-note";
import { errorMessage } from "./error-message";
import { NO_OVERRIDES, refusedFilesOf, withAllowed, withRefusal } from "./publish-outcome";
import { PublishRefusal } from "./publish-refusal";
import { PublishResult } from "./publish-result";
import type { UploadInspections } from "./use-upload-inspections";

type Field = "version" | "build" | "channel" | "notes" | "uploads";

/**
 * Version, build, channel, notes and promote for a release made of the uploaded files. Version and
 * build start as what the files declare, until the admin types in them.
 */
export function PublishReleaseForm({
  appId,
  channels,
  files,
  blocker,
  inspections,
  onPublished,
}: {
  appId: string;
  channels: string[];
  /** Completed uploads. */
  files: { upload: string; filename: string }[];
  /** Why the files do not allow publishing yet (upload-tally.ts), or null when they do. */
  blocker: string | null;
  inspections: UploadInspections;
  onPublished: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  // null: untouched, so the field shows what the files declare.
  const [typedVersion, setTypedVersion] = useState<string | null>(null);
  const [typedBuild, setTypedBuild] = useState<string | null>(null);
  const [channel, setChannel] = useState(channels.includes("beta") ? "beta" : (channels[0] ?? ""));
  const [notes, setNotes] = useState("");
  const [promote, setPromote] = useState(false);
  const [issues, setIssues] = useState<Partial<Record<Field, string>>>({});
  const [overrides, setOverrides] = useState(NO_OVERRIDES);
  const publish = useMutation(
    trpc.uploads.publish.mutationOptions({
      onSuccess: () => {
        onPublished();
        router.refresh(); // the channels and releases above are server-rendered
      },
      onError: (error) => {
        const refused = refusedFilesOf(error);
        if (refused) setOverrides((current) => withRefusal(current, refused));
      },
    }),
  );

  const uploadIds = files.map((f) => f.upload);
  const views = files.map((f) => ({ ...f, view: inspections.byUpload.get(f.upload) }));
  const declarations: FileDeclaration[] = views.flatMap(({ filename, view }) => (view?.inspected ? [{ filename, ...view.declared }] : []));
  const unread = views.filter((f) => !f.view?.inspected).map((f) => f.filename);
  const agreement = agreeOnDeclared(declarations);
  const prefill: Declared = agreement.kind === "agreed" ? agreement : {};
  const version = typedVersion ?? prefill.version ?? "";
  const build = typedBuild ?? prefill.build ?? "";
  const mismatches = declarations.flatMap((d) => {
    const found = versionMismatches(d, { version: version.trim(), build: build.trim() });
    return found.length > 0 ? [{ filename: d.filename, mismatches: found }] : [];
  });
  // Shown from the first refusal until the release changes, also while a retry is on its way.
  const shownOverrides = { ...overrides, refused: overrides.refused.filter((f) => uploadIds.includes(f.upload)) };
  const isRefusal = publish.isError && refusedFilesOf(publish.error) !== null;

  /** A refusal and its overrides were about the release as submitted: a new version, build or channel is checked afresh. */
  function changeRelease(apply: () => void) {
    apply();
    if (publish.isError) publish.reset();
    setOverrides(NO_OVERRIDES);
  }

  const published = publish.data;
  const ready = uploadIds.length > 0 && blocker === null && !publish.isPending && !published;
  const hint = published ? null : blocker;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const allowInvalid = overrides.allowed.filter((upload) => uploadIds.includes(upload));
    const parsed = publishFromUploadsInputSchema.safeParse({ version: version.trim(), build: build.trim(), channel, notes, uploads: uploadIds, promote, allowInvalid });
    if (!parsed.success) {
      setIssues(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "uploads"), issue.message])));
      return;
    }
    setIssues({});
    publish.mutate({ appId, release: parsed.data });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Publish release" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <Input label="Version" value={version} onChange={(e) => changeRelease(() => setTypedVersion(e.target.value))} placeholder="1.4.0" error={issues.version} required />
        <Input label="Build" value={build} onChange={(e) => changeRelease(() => setTypedBuild(e.target.value))} placeholder="212" inputMode="numeric" error={issues.build} required />
        <Select label="Channel" value={channel} onChange={(e) => changeRelease(() => setChannel(e.target.value))} error={issues.channel}>
          {channels.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </div>
      <DeclaredVersionNote
        agreement={agreement}
        from={declarations.map((d) => d.filename)}
        reading={inspections.gaveUp ? [] : unread}
        unreadable={inspections.gaveUp ? unread : []}
        prefilled={{ version: typedVersion === null && version !== "", build: typedBuild === null && build !== "" }}
      />
      <Textarea label="Release notes" value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Markdown" error={issues.notes} />
      <Checkbox label="Promote: point the channel at this release now" checked={promote} onChange={(e) => setPromote(e.target.checked)} />
      {issues.uploads ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {issues.uploads}
        </p>
      ) : null}
      {!published && <VersionMismatchWarning mismatches={mismatches} />}
      {shownOverrides.refused.length > 0 && !published && <PublishRefusal overrides={shownOverrides} onAllow={(upload, allow) => setOverrides((current) => withAllowed(current, upload, allow))} />}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={!ready} aria-busy={publish.isPending || undefined}>
          {publish.isPending ? "Publishing…" : "Publish"}
        </Button>
        {hint && (
          <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="publish-hint">
            {hint}
          </span>
        )}
      </div>

      {publish.isError && !isRefusal && (
        <Callout tone="danger" role="alert" data-testid="publish-error">
          Could not publish: {errorMessage(publish.error)}
        </Callout>
      )}
      {published && <PublishResult published={published} />}
    </form>
  );
}
