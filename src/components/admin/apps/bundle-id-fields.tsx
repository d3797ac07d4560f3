import { Input } from "@/components/ui";
import { PLATFORMS, type Platform } from "@/domain/platform";
import { BUNDLE_ID_TEXT } from "./app-field-text";

export type BundleIdDraft = Record<Platform, string>;

export const EMPTY_BUNDLE_IDS: BundleIdDraft = { ios: "", android_apk: "", macos: "", linux: "", windows: "" };

/** The draft of a saved set (every platform present, blank where none is set). */
export function bundleIdDraft(ids: Partial<Record<Platform, string>>): BundleIdDraft {
  return { ...EMPTY_BUNDLE_IDS, ...ids };
}

/** What to send: trimmed, and a blank platform left out (on an update that removes it). */
export function bundleIdsToSave(draft: BundleIdDraft): Partial<Record<Platform, string>> {
  return Object.fromEntries(PLATFORMS.flatMap((p) => (draft[p].trim() ? [[p, draft[p].trim()]] : [])));
}

/**
 * One optional input per platform. Uploads are checked against these, so a build for another app
 * is refused; a platform left blank is not checked.
 */
export function BundleIdFields({
  value,
  errors,
  onChange,
  disabled,
}: {
  value: BundleIdDraft;
  errors: Record<string, string>;
  onChange: (platform: Platform, id: string) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">Bundle IDs</legend>
      <p className="text-xs text-slate-600 dark:text-slate-400">Optional, one per platform you ship. Uploaded builds must carry the ID set here; leave a platform blank to skip the check.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {PLATFORMS.map((platform) => (
          <Input
            key={platform}
            id={`app-bundle-${platform}`}
            name={`bundleIds.${platform}`}
            label={BUNDLE_ID_TEXT[platform].label}
            hint={BUNDLE_ID_TEXT[platform].hint}
            placeholder={BUNDLE_ID_TEXT[platform].placeholder}
            value={value[platform]}
            error={errors[`bundleIds.${platform}`]}
            onChange={(event) => onChange(platform, event.target.value)}
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            maxLength={155}
            disabled={disabled}
            data-testid={`bundle-id-${platform}`}
          />
        ))}
      </div>
    </fieldset>
  );
}
