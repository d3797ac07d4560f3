"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Input, useToast } from "@/components/ui";
import type { Visibility } from "@/domain/app";
import { slugFromName } from "@/domain/slug-suggestion";
import { useTRPC } from "@/trpc/react";
import { APP_FORM_FIELDS, fieldId, SLUG_HINT } from "./app-field-text";
import { BundleIdFields, bundleIdsToSave, EMPTY_BUNDLE_IDS } from "./bundle-id-fields";
import { FormAlert, useFocusFirstError } from "./form-alert";
import { formErrorsOf, NO_ERRORS, withoutField } from "./form-errors";
import { VisibilitySelect } from "./visibility-select";

/** Creates an app (with its default channels) and opens its page. */
export function CreateAppForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [displayName, setDisplayName] = useState("");
  const [slug, setSlug] = useState("");
  // The slug follows the name until the admin types one of their own (clearing it hands it back).
  const [slugEdited, setSlugEdited] = useState(false);
  const [bundleIds, setBundleIds] = useState(EMPTY_BUNDLE_IDS);
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [errors, setErrors] = useState(NO_ERRORS);

  const create = useMutation(
    trpc.apps.create.mutationOptions({
      onSuccess: (app) => {
        toast.success(`Created ${app.displayName}`);
        router.push(`/admin/apps/${app.slug}`);
      },
      onError: (error) => {
        setErrors(formErrorsOf(error, APP_FORM_FIELDS));
        focusFirstError();
      },
    }),
  );
  // Still busy after success: the page is on its way to the new app's.
  const busy = create.isPending || create.isSuccess;
  const focusFirstError = useFocusFirstError(errors, APP_FORM_FIELDS, !busy);

  return (
    <form
      className="flex max-w-2xl flex-col gap-5"
      data-testid="create-app-form"
      onSubmit={(event) => {
        event.preventDefault();
        setErrors(NO_ERRORS);
        create.mutate({ displayName: displayName.trim(), slug: slug.trim(), bundleIds: bundleIdsToSave(bundleIds), visibility });
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
        autoFocus
        error={errors.fields.displayName}
        disabled={busy}
        onChange={(event) => {
          setDisplayName(event.target.value);
          if (!slugEdited) setSlug(slugFromName(event.target.value));
          setErrors((e) => {
            const cleared = withoutField(e, "displayName");
            return slugEdited ? cleared : withoutField(cleared, "slug");
          });
        }}
        data-testid="app-name-input"
      />
      <Input
        id={fieldId("slug")}
        name="slug"
        label="Slug"
        hint={SLUG_HINT}
        value={slug}
        required
        maxLength={64}
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        className="font-mono"
        error={errors.fields.slug}
        disabled={busy}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugEdited(event.target.value !== "");
          setErrors((e) => withoutField(e, "slug"));
        }}
        data-testid="app-slug-input"
      />
      <VisibilitySelect value={visibility} error={errors.fields.visibility} disabled={busy} onChange={setVisibility} />
      <BundleIdFields
        value={bundleIds}
        errors={errors.fields}
        disabled={busy}
        onChange={(platform, id) => {
          setBundleIds((ids) => ({ ...ids, [platform]: id }));
          setErrors((e) => withoutField(e, `bundleIds.${platform}`));
        }}
      />
      <FormAlert message={errors.form} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button type="submit" disabled={busy} aria-busy={busy || undefined} data-testid="create-app-submit">
          {busy ? "Creating…" : "Create app"}
        </Button>
      </div>
    </form>
  );
}
