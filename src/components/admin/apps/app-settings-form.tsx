"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Input, useToast } from "@/components/ui";
import type { App, UpdateAppInput, Visibility } from "@/domain/app";
import { PLATFORMS } from "@/domain/platform";
import { useTRPC } from "@/trpc/react";
import { APP_FORM_FIELDS, fieldId } from "./app-field-text";
import { BundleIdFields, bundleIdDraft, bundleIdsToSave } from "./bundle-id-fields";
import { FormAlert, useFocusFirstError } from "./form-alert";
import { formErrorsOf, NO_ERRORS, withoutField } from "./form-errors";
import { VisibilitySelect } from "./visibility-select";

type Saved = Pick<App, "id" | "displayName" | "bundleIds" | "visibility">;

const sameIds = (a: Partial<Record<string, string>>, b: Partial<Record<string, string>>) => PLATFORMS.every((p) => (a[p] ?? "") === (b[p] ?? ""));

/** Edits everything of an app but its slug (every install link has it); only changed fields are sent. */
export function AppSettingsForm({ app }: { app: Saved }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  // What the server holds: the form compares against it, and a save replaces it.
  const [saved, setSaved] = useState(app);
  const [displayName, setDisplayName] = useState(app.displayName);
  const [bundleIds, setBundleIds] = useState(bundleIdDraft(app.bundleIds));
  const [visibility, setVisibility] = useState<Visibility>(app.visibility);
  const [errors, setErrors] = useState(NO_ERRORS);

  const patch: UpdateAppInput = {
    ...(displayName.trim() !== saved.displayName && { displayName: displayName.trim() }),
    ...(!sameIds(bundleIdsToSave(bundleIds), saved.bundleIds) && { bundleIds: bundleIdsToSave(bundleIds) }),
    ...(visibility !== saved.visibility && { visibility }),
  };
  const changed = Object.keys(patch).length > 0;

  const update = useMutation(
    trpc.apps.update.mutationOptions({
      onSuccess: (next) => {
        setSaved(next);
        setDisplayName(next.displayName);
        setBundleIds(bundleIdDraft(next.bundleIds));
        toast.success("Saved");
        // The header above (name, visibility) is server-rendered.
        router.refresh();
      },
      onError: (error) => {
        setErrors(formErrorsOf(error, APP_FORM_FIELDS));
        focusFirstError();
      },
    }),
  );
  const focusFirstError = useFocusFirstError(errors, APP_FORM_FIELDS, !update.isPending);

  return (
    <form
      className="flex max-w-2xl flex-col gap-5"
      data-testid="app-settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!changed) return;
        setErrors(NO_ERRORS);
        update.mutate({ id: saved.id, patch });
      }}
    >
      <Input
        id={fieldId("displayName")}
        name="displayName"
        label="Name"
        hint="As testers see it on the install page."
        value={displayName}
        required
        maxLength={100}
        error={errors.fields.displayName}
        disabled={update.isPending}
        onChange={(event) => {
          setDisplayName(event.target.value);
          setErrors((e) => withoutField(e, "displayName"));
        }}
        data-testid="app-name-input"
      />
      <VisibilitySelect
        value={visibility}
        error={errors.fields.visibility}
        disabled={update.isPending}
        onChange={(v) => {
          setVisibility(v);
          setErrors((e) => withoutField(e, "visibility"));
        }}
      />
      <BundleIdFields
        value={bundleIds}
        errors={errors.fields}
        disabled={update.isPending}
        onChange={(platform, id) => {
          setBundleIds((ids) => ({ ...ids, [platform]: id }));
          setErrors((e) => withoutField(e, `bundleIds.${platform}`));
        }}
      />
      <FormAlert message={errors.form} />
      <div className="flex flex-col-reverse items-stretch gap-2 sm:flex-row sm:items-center sm:justify-end">
        {!changed && !update.isPending ? <p className="text-sm text-slate-600 dark:text-slate-400">No unsaved changes.</p> : null}
        <Button type="submit" disabled={!changed || update.isPending} aria-busy={update.isPending || undefined} data-testid="app-settings-save">
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
