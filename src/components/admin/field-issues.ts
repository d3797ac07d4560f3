// Server validation issues of a failed mutation, sorted onto a form's fields. Issues arrive in
// error.data.domain.issues (the tRPC error formatter) or, failing that, as tRPC's JSON list of zod
// issues in the message; their paths carry the procedure's nesting ("patch.policy.minimumSupportedBuild").

interface Issue {
  path: string[];
  message: string;
}

export interface SortedIssues<F extends string> {
  byField: Partial<Record<F, string>>;
  /** Issues that belong to no field of the form, in the user's words. */
  other: string[];
}

/** Each issue goes to the first field its path names (so "requiredPlatforms.0" lands on requiredPlatforms). */
export function sortIssues<F extends string>(error: unknown, fields: readonly F[]): SortedIssues<F> {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const issue of readIssues(error)) {
    const field = issue.path.find((segment): segment is F => (fields as readonly string[]).includes(segment));
    if (field === undefined) other.push(issue.message);
    else byField[field] ??= issue.message;
  }
  return { byField, other };
}

function readIssues(error: unknown): Issue[] {
  const domain = (error as { data?: { domain?: { issues?: unknown } } } | null)?.data?.domain;
  if (Array.isArray(domain?.issues)) return domain.issues.flatMap(toIssue);
  const message = error instanceof Error ? error.message : "";
  if (!message.trimStart().startsWith("[")) return [];
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? parsed.flatMap(toIssue) : [];
  } catch {
    return [];
  }
}

function toIssue(raw: unknown): Issue[] {
  if (typeof raw !== "object" || raw === null) return [];
  const { path, message } = raw as { path?: unknown; message?: unknown };
  if (typeof message !== "string") return [];
  const segments = Array.isArray(path) ? path.map(String) : typeof path === "string" && path !== "" ? path.split(".") : [];
  return [{ path: segments, message }];
}
