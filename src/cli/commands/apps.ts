// `shipyard apps list|create|update|delete`: manage apps over REST (scope apps:write; list needs apps:read).
import { parseArgs } from "node:util";
import { PLATFORMS } from "@/domain/platform";
import type { ApiClient } from "../api-client";
import { bundleIdsForCreate, parseBundleIdFlags } from "../bundle-id-flags";
import { CliError, EXIT } from "../exit-codes";
import type { Output } from "../output";

export const APPS_USAGE = `Usage:
  shipyard apps list [--json]
  shipyard apps create <slug> --name <display name> [--bundle-id <platform>=<id> …] [--visibility private|unlisted|public] [--json]
  shipyard apps update <slug> [--name <display name>] [--bundle-id <platform>=<id> …] [--visibility private|unlisted|public] [--json]
  shipyard apps delete <slug> --yes [--json]

create and update need a token with apps:write (or admin); list, and update --bundle-id, also apps:read.
update --bundle-id changes the platforms it names and keeps the others; <platform>= removes one.
The slug cannot change: it is in every install link. delete removes the app's channels, releases
and tokens for good, so it asks for --yes.
Platforms: ${PLATFORMS.join(", ")}`;

interface App {
  slug: string;
  displayName: string;
  visibility: string;
  bundleIds: Record<string, string>;
}

const appPath = (slug: string) => `/api/v1/apps/${encodeURIComponent(slug)}`;

const bundleIdText = (ids: Record<string, string>) =>
  Object.entries(ids)
    .map(([platform, id]) => `${platform}=${id}`)
    .join(", ") || "no bundle ids";

/** The one positional argument every command but list takes. */
function slugArgument(positionals: string[], verb: string): string {
  const [slug, ...extra] = positionals;
  if (!slug) throw new CliError(`shipyard apps ${verb} needs the app's slug\n\n${APPS_USAGE}`, EXIT.USAGE);
  if (extra.length) throw new CliError(`unexpected argument${extra.length > 1 ? "s" : ""}: ${extra.join(" ")}`, EXIT.USAGE);
  return slug;
}

const EDIT_OPTIONS = {
  name: { type: "string" },
  "bundle-id": { type: "string", multiple: true },
  visibility: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

async function list(connect: () => ApiClient, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const client = connect();
  const apps: App[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: { items: App[]; nextCursor: string | null } = await client.json("GET", `/api/v1/apps?limit=100${query}`);
    apps.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  if (values.json) return out.json({ items: apps });
  if (apps.length === 0) return out.info("No apps yet. Create one with: shipyard apps create <slug> --name <display name>");
  const width = Math.max(...apps.map((app) => app.slug.length));
  for (const app of apps) out.result(`${app.slug.padEnd(width)}  ${app.visibility.padEnd(8)}  ${app.displayName}  (${bundleIdText(app.bundleIds)})`);
}

async function create(connect: () => ApiClient, args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: EDIT_OPTIONS, allowPositionals: true });
  const slug = slugArgument(positionals, "create");
  if (values.name === undefined) throw new CliError(`--name <display name> is required\n\n${APPS_USAGE}`, EXIT.USAGE);
  const body = {
    slug,
    displayName: values.name,
    bundleIds: bundleIdsForCreate(values["bundle-id"] ?? []),
    ...(values.visibility !== undefined && { visibility: values.visibility }),
  };
  const app = await connect().json<App>("POST", "/api/v1/apps", body);
  if (values.json) return out.json(app);
  out.info(`Created app "${app.displayName}" (${app.visibility}, ${bundleIdText(app.bundleIds)}) with channels stable, beta, internal.`);
  out.result(app.slug);
}

async function update(connect: () => ApiClient, args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: EDIT_OPTIONS, allowPositionals: true });
  const slug = slugArgument(positionals, "update");
  if (values.name === undefined && values.visibility === undefined && !values["bundle-id"]?.length) {
    throw new CliError(`nothing to update: pass --name, --bundle-id or --visibility\n\n${APPS_USAGE}`, EXIT.USAGE);
  }
  const client = connect();
  const patch: Record<string, unknown> = {};
  if (values.name !== undefined) patch.displayName = values.name;
  if (values.visibility !== undefined) patch.visibility = values.visibility;
  if (values["bundle-id"]?.length) {
    // PATCH replaces the whole map: merge into the current one so naming ios keeps android.
    const changes = parseBundleIdFlags(values["bundle-id"]);
    const current = await client.json<App>("GET", appPath(slug));
    const merged: Record<string, string> = { ...current.bundleIds };
    for (const [platform, id] of Object.entries(changes)) {
      if (id === null) delete merged[platform];
      else merged[platform] = id;
    }
    patch.bundleIds = merged;
  }
  const app = await client.json<App>("PATCH", appPath(slug), patch);
  if (values.json) return out.json(app);
  out.info(`Updated app "${app.displayName}" (${app.visibility}, ${bundleIdText(app.bundleIds)}).`);
  out.result(app.slug);
}

async function remove(connect: () => ApiClient, args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { yes: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const slug = slugArgument(positionals, "delete");
  if (!values.yes) {
    throw new CliError(`deleting app "${slug}" removes its channels, releases, share links and tokens, and cannot be undone; run again with --yes to delete it`, EXIT.USAGE);
  }
  const result = await connect().json<{ deleted: string }>("DELETE", appPath(slug));
  if (values.json) return out.json(result);
  out.info(`Deleted app "${result.deleted}" with its channels, releases and tokens; its files are freed by the next blob garbage collection.`);
  out.result(result.deleted);
}

const VERBS = { list, create, update, delete: remove } as const;

/**
 * Runs `shipyard apps <verb> …`. Each verb calls `connect` only once its arguments make sense, so a
 * usage mistake is reported before a missing URL or token would be.
 */
export async function appsCommand(connect: () => ApiClient, args: string[], out: Output): Promise<void> {
  const [verb, ...rest] = args;
  if (verb === "--help" || verb === "-h" || verb === "help" || rest.includes("--help") || rest.includes("-h")) return out.info(APPS_USAGE);
  if (verb === undefined || !Object.hasOwn(VERBS, verb)) {
    throw new CliError(`${verb === undefined ? "shipyard apps needs a command" : `unknown command: apps ${verb}`}\n\n${APPS_USAGE}`, EXIT.USAGE);
  }
  await VERBS[verb as keyof typeof VERBS](connect, rest, out);
}
