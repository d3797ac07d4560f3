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

/**
 * Each issue goes to the first field its path names, whatever the procedure's nesting around it:
 * "patch.policy.minimumSupportedBuild" lands on minimumSupportedBuild, "requiredPlatforms.0" on
 * requiredPlatforms, and a dotted field name matches as a whole ("patch.bundleIds.ios" on
 * "bundleIds.ios"). A field shows its first issue; the next submit shows the next.
 */
export function sortIssues<F extends string>(error: unknown, fields: readonly F[]): SortedIssues<F> {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const issue of readIssues(error)) {
    const field = fieldOf(issue.path, fields);
    if (field === undefined) other.push(issue.message);
    else byField[field] ??= issue.message;
  }
  return { byField, other };
}

/** The field whose segments stand in the path earliest (the longer name where two start there). */
function fieldOf<F extends string>(path: readonly string[], fields: readonly F[]): F | undefined {
  const bySegments = fields.map((field) => ({ field, segments: field.split(".") })).sort((a, b) => b.segments.length - a.segments.length);
  for (let start = 0; start < path.length; start++) {
    const hit = bySegments.find(({ segments }) => segments.every((segment, i) => path[start + i] === segment));
    if (hit) return hit.field;
  }
  return undefined;
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
