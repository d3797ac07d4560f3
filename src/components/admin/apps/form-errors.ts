// Splits a refused tRPC mutation into messages for the app forms' fields and one for the whole
// form, as sentences. The issues are sorted onto fields by sortIssues (field-issues.ts), the one
// reader of the server's issues; an error with none reads as one line from errorMessage.
import { errorMessage } from "../error-message";
import { sortIssues } from "../field-issues";
import { sentence } from "../publish-outcome";

export interface FormErrors {
  /** By field path as the form names its fields ("slug", "bundleIds.ios"). */
  fields: Record<string, string>;
  /** What no field shows; null when every issue found its field. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/** Issues go to the field their path names, under whatever nesting ("patch.displayName" for apps.update); the rest to the form line. */
export function formErrorsOf(error: unknown, knownFields: readonly string[]): FormErrors {
  const { byField, other } = sortIssues(error, knownFields);
  const fields = Object.fromEntries(Object.entries(byField).map(([path, message]) => [path, sentence(besideField(path, String(message)))]));
  if (Object.keys(fields).length === 0 && other.length === 0) return { fields: {}, form: sentence(errorMessage(error)) };
  return { fields, form: other.length ? other.map(sentence).join(" ") : null };
}

/**
 * A message as shown under its field. Bundle id issues start with the platform's code ("ios bundle id
 * must be …"), which the field's label already says better ("iOS bundle ID"): that part goes.
 */
function besideField(path: string, message: string): string {
  const platform = /^bundleIds\.(\w+)$/.exec(path)?.[1];
  const lead = platform ? `${platform} bundle id ` : null;
  return lead && message.startsWith(lead) ? message.slice(lead.length) : message;
}

/** The error state after the user edits a field: its message goes, the others stay until the next submit. */
export function withoutField(errors: FormErrors, field: string): FormErrors {
  if (errors.fields[field] === undefined) return errors;
  const { [field]: _gone, ...fields } = errors.fields;
  return { ...errors, fields };
}
