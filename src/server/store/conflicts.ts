import { DomainError } from "@/domain/errors";

// Both stores report a unique-constraint violation in these words: they reach API clients and the
// admin UI as 409 messages, so they name what clashed in people's terms, never a table or column.
// Services that know the values say more first (e.g. "version 1.2.3 (42) already exists in app x");
// these stand when a concurrent write wins the race past that check.

export const UNIQUE_CONFLICTS = {
  appSlug: "an app with this slug already exists",
  appUpdateKey: "another app already has this update key",
  releaseVersion: "a release with this version and build already exists in this app",
  channelName: "a channel with this name already exists in this app",
  tokenHash: "a token with this secret already exists",
  shareLinkHash: "a share link with this secret already exists",
  userEmail: "a user with this email already exists",
  uploadId: "an upload session with this id already exists",
  testerGroupName: "a tester group with this name already exists in this app",
  testerGroupMember: "this address is in the group already",
} as const;
export type UniqueConflict = keyof typeof UNIQUE_CONFLICTS;

/** Said of a constraint missing from the table below: still no column names. */
const UNKNOWN_CONFLICT = "this record already exists";

export function conflictError(which: UniqueConflict | null): DomainError {
  return new DomainError("CONFLICT", which ? UNIQUE_CONFLICTS[which] : UNKNOWN_CONFLICT);
}

// Keyed by table and columns, normalised so the SQL names ("share_links", "app_id") and Prisma's
// model and field names ("ShareLink", "appId") meet.
const BY_CONSTRAINT: Record<string, UniqueConflict> = {
  "app(slug)": "appSlug",
  "app(updatekey)": "appUpdateKey",
  "release(appid,build,version)": "releaseVersion",
  "channel(appid,name)": "channelName",
  "token(tokenhash)": "tokenHash",
  "sharelink(tokenhash)": "shareLinkHash",
  "user(email)": "userEmail",
  "uploadsession(id)": "uploadId",
  "testergroup(appid,name)": "testerGroupName",
  "testergroupmember(email,groupid)": "testerGroupMember",
};

const normalise = (name: string) => name.toLowerCase().replaceAll("_", "");

/** Which conflict a database's unique violation on `table` (`columns`) is; null when not listed. */
export function conflictForConstraint(table: string, columns: readonly string[]): UniqueConflict | null {
  const key = `${normalise(table).replace(/s$/, "")}(${columns.map(normalise).sort().join(",")})`;
  return BY_CONSTRAINT[key] ?? null;
}

const permutations = (items: readonly string[]): string[][] =>
  items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

/**
 * The same, for a database that names the violated index rather than its columns (PostgreSQL:
 * Prisma names them `<table>_<columns>_key`, and a primary key `<table>_pkey`).
 */
export function conflictForIndex(table: string, index: string): UniqueConflict | null {
  if (index === `${table}_pkey`) return conflictForConstraint(table, ["id"]);
  if (!index.startsWith(`${table}_`) || !index.endsWith("_key")) return null;
  const columns = normalise(index.slice(table.length + 1, -"_key".length));
  const prefix = `${normalise(table).replace(/s$/, "")}(`;
  for (const [key, conflict] of Object.entries(BY_CONSTRAINT)) {
    if (!key.startsWith(prefix)) continue;
    const listed = key.slice(prefix.length, -1).split(",");
    if (permutations(listed).some((order) => order.join("") === columns)) return conflict;
  }
  return null;
}
