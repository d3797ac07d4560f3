// `shipyard admin …`: bootstrap commands run on the server's own shell, straight on the data dir
// (DATA_DIR / DATABASE_URL), with no running server or UI needed.
import { parseArgs } from "node:util";
import { bundleIdsForCreate } from "@/cli/bundle-id-flags";
import { CliError, EXIT } from "@/cli/exit-codes";
import type { Output } from "@/cli/output";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { isDomainError } from "@/domain/errors";
import { PLATFORMS } from "@/domain/platform";
import { parseLifetime, TOKEN_SCOPES, type TokenScope } from "@/domain/token";
import { env } from "@/env";
import { migrateDatabase } from "../bootstrap";
import { openPrisma } from "../db/client";
import { databaseKindOf } from "../db/database-kind";
import { createApp } from "../services/apps";
import { createToken } from "../services/tokens";
import { createPrismaStore } from "../store/prisma";
import type { Store } from "../store/types";
import { runFromProjectRoot } from "./project-root";

export const ADMIN_USAGE = `Usage:
  shipyard admin token create --name <name> --scopes <s1,s2> [--app <slug>] [--channel <name>] [--expires 90d|never] [--json]
  shipyard admin app create --slug <slug> --name <display name> [--bundle-id <platform>=<id> …] [--visibility public|unlisted|private] [--json]

Scopes: ${TOKEN_SCOPES.join(", ")}
Platforms: ${PLATFORMS.join(", ")}`;

async function withLocalStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  await migrateDatabase();
  const prisma = await openPrisma(env().databaseUrl);
  try {
    return await fn(createPrismaStore(prisma, databaseKindOf(env().databaseUrl)));
  } finally {
    await prisma.$disconnect();
  }
}

function asUsage(error: unknown): never {
  if (isDomainError(error)) {
    throw new CliError(error.message, error.code === "NOT_FOUND" ? EXIT.NOT_FOUND : error.code === "CONFLICT" ? EXIT.CONFLICT : EXIT.USAGE);
  }
  throw error;
}

async function createTokenCommand(args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      app: { type: "string" },
      channel: { type: "string" },
      expires: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.name || !values.scopes) throw new CliError(`--name and --scopes are required\n\n${ADMIN_USAGE}`, EXIT.USAGE);
  const lifetime = values.expires === undefined ? undefined : parseLifetime(values.expires);
  if (lifetime === null) throw new CliError(`--expires must look like 90d or never, not ${values.expires}`, EXIT.USAGE);
  const config = env();
  const created = await withLocalStore((store) =>
    createToken(
      store,
      SYSTEM_ACTOR,
      { kind: "admin" },
      {
        name: values.name ?? "",
        scopes: (values.scopes ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean) as TokenScope[],
        app: values.app,
        channel: values.channel,
        expiresInDays: lifetime,
      },
      { defaultTtlDays: config.tokenDefaultTtlDays, maxTtlDays: config.tokenMaxTtlDays },
    ),
  ).catch(asUsage);
  if (values.json) {
    out.json({ token: created.token, secret: created.raw });
    return;
  }
  const t = created.token;
  out.info(
    `Created token "${t.name}" (${t.id}) with scopes ${t.scopes.join(", ")}` +
      `${t.appId ? `, restricted to app ${values.app}${t.channel ? ` / channel ${t.channel}` : ""}` : ""}` +
      `, ${t.expiresAt ? `expires ${t.expiresAt.toISOString()}` : "never expires"}.\nIt is shown only once, below:`,
  );
  out.result(created.raw);
}

async function createAppCommand(args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      slug: { type: "string" },
      name: { type: "string" },
      "bundle-id": { type: "string", multiple: true },
      visibility: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.slug || !values.name) throw new CliError(`--slug and --name are required\n\n${ADMIN_USAGE}`, EXIT.USAGE);
  const bundleIds = bundleIdsForCreate(values["bundle-id"] ?? []);
  const app = await withLocalStore((store) =>
    createApp(store, SYSTEM_ACTOR, {
      slug: values.slug ?? "",
      displayName: values.name ?? "",
      bundleIds,
      visibility: values.visibility as "public" | "unlisted" | "private" | undefined,
    }),
  ).catch(asUsage);
  if (values.json) {
    out.json(app);
    return;
  }
  out.info(`Created app "${app.displayName}" (${app.visibility}) with channels stable, beta, internal.`);
  out.result(app.slug);
}

export async function runAdmin(args: string[], out: Output): Promise<void> {
  runFromProjectRoot();
  const [noun, verb, ...rest] = args;
  if (noun === "token" && verb === "create") return createTokenCommand(rest, out);
  if (noun === "app" && verb === "create") return createAppCommand(rest, out);
  throw new CliError(ADMIN_USAGE, EXIT.USAGE);
}
