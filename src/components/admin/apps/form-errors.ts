// Splits a refused tRPC mutation into messages for the form's fields and one for the whole form.
// The error formatter puts field issues in error.data.domain.issues (domain validation, a procedure's
// input schema, a taken slug); anything else reads as one line from errorMessage.
import { z } from "zod";
import { errorMessage } from "../error-message";
import { sentence } from "../publish-outcome";

const issuesSchema = z.object({
  data: z.object({ domain: z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) }) }),
});

export interface FormErrors {
  /** By field path as the form names its fields ("slug", "bundleIds.ios"). */
  fields: Record<string, string>;
  /** What no field shows; null when every issue found its field. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * `prefix` is the input's path to the form's object ("patch." for apps.update's { id, patch }):
 * issues under it go to the field they name when the form has one, the rest to the form line.
 */
export function formErrorsOf(error: unknown, knownFields: readonly string[], prefix = ""): FormErrors {
  const parsed = issuesSchema.safeParse(error);
  if (!parsed.success || parsed.data.data.domain.issues.length === 0) return { fields: {}, form: sentence(errorMessage(error)) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of parsed.data.data.domain.issues) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    if (knownFields.includes(path) && fields[path] === undefined) fields[path] = sentence(besideField(path, issue.message));
    else rest.push(sentence(issue.message));
  }
  return { fields, form: rest.length ? rest.join(" ") : null };
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
