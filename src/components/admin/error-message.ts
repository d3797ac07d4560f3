// One readable line for an error shown in the admin console. tRPC's own input validation reports
// its zod issues as a JSON array in the message; domain errors already read well.

interface Issue {
  path?: unknown[];
  message?: unknown;
}

export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.trimStart().startsWith("[")) return message;
  try {
    const issues = JSON.parse(message) as Issue[];
    return issues.map((i) => (i.path?.length ? `${i.path.join(".")}: ${String(i.message)}` : String(i.message))).join("; ");
  } catch {
    return message;
  }
}
