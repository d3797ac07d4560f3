import { Prisma, type PrismaClient } from "@/generated/prisma/client";

// Copies every row of one Shipyard database into another (SQLite into PostgreSQL, say), both at the
// same migration. Tables go in an order where every row's references exist already, page by page
// in primary-key order, so memory stays flat whatever the size.

/** Prisma's delegate name of each table, parents first, with the columns that order its pages. */
const TABLES: { model: string; orderBy: string[] }[] = [
  { model: "user", orderBy: ["id"] },
  { model: "account", orderBy: ["provider", "providerAccountId"] },
  { model: "session", orderBy: ["sessionToken"] },
  { model: "endedSession", orderBy: ["id"] },
  { model: "verificationToken", orderBy: ["identifier", "token"] },
  { model: "app", orderBy: ["id"] },
  { model: "release", orderBy: ["id"] },
  { model: "artifact", orderBy: ["id"] },
  { model: "channel", orderBy: ["id"] },
  { model: "channelHistory", orderBy: ["id"] },
  { model: "token", orderBy: ["id"] },
  { model: "uploadSession", orderBy: ["id"] },
  { model: "auditEvent", orderBy: ["id"] },
  { model: "shareLink", orderBy: ["id"] },
  { model: "installEvent", orderBy: ["id"] },
  { model: "appMember", orderBy: ["appId", "userId"] },
  { model: "invitation", orderBy: ["id"] },
  { model: "passwordReset", orderBy: ["id"] },
  { model: "testerGroup", orderBy: ["id"] },
  { model: "testerGroupMember", orderBy: ["id"] },
  { model: "webhook", orderBy: ["id"] },
  { model: "webhookDelivery", orderBy: ["id"] },
  { model: "mailMessage", orderBy: ["id"] },
  // The S3 store's own records: a disk source has none, an S3 source keeps its bucket.
  { model: "blobStaging", orderBy: ["id"] },
  { model: "blobStoredAt", orderBy: ["sha256"] },
];

const PAGE = 500;

interface Delegate {
  findMany(args: { orderBy: Record<string, "asc">[]; skip: number; take: number }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  count(): Promise<number>;
}

const delegate = (client: PrismaClient, model: string) => (client as unknown as Record<string, Delegate>)[model] as Delegate;

type RuntimeModels = Record<string, { fields: { name: string; type: string }[] }>;
const runtimeModels = (client: PrismaClient) => (client as unknown as { _runtimeDataModel: { models: RuntimeModels } })._runtimeDataModel.models;

/** A JSON column holding SQL NULL must be written as Prisma's DbNull: a plain null is refused. */
function jsonNullsOf(client: PrismaClient, model: string): (row: Record<string, unknown>) => Record<string, unknown> {
  const fields = runtimeModels(client)[model.charAt(0).toUpperCase() + model.slice(1)]?.fields ?? [];
  const json = fields.filter((f) => f.type === "Json").map((f) => f.name);
  if (json.length === 0) return (row) => row;
  return (row) => {
    const copy = { ...row };
    for (const name of json) if (copy[name] === null) copy[name] = Prisma.DbNull;
    return copy;
  };
}

/** The models Prisma's client has, checked against the list above: a new table must be copied too. */
export function tablesNotCopied(client: PrismaClient): string[] {
  const listed = new Set(TABLES.map((t) => t.model));
  const models = Object.keys(runtimeModels(client));
  return models.map((name) => name.charAt(0).toLowerCase() + name.slice(1)).filter((name) => !listed.has(name));
}

/** Rows in the target already: copying refuses a database that is not empty. */
export async function countRows(client: PrismaClient): Promise<number> {
  let total = 0;
  for (const { model } of TABLES) total += await delegate(client, model).count();
  return total;
}

export async function copyTables(from: PrismaClient, to: PrismaClient, progress: (model: string, rows: number) => void = () => {}): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  for (const { model, orderBy } of TABLES) {
    const source = delegate(from, model);
    const target = delegate(to, model);
    const writable = jsonNullsOf(from, model);
    let rows = 0;
    for (;;) {
      // Offset paging is fine here: nothing writes the source while it is copied.
      const page = await source.findMany({ orderBy: orderBy.map((column) => ({ [column]: "asc" as const })), skip: rows, take: PAGE });
      if (page.length === 0) break;
      await target.createMany({ data: page.map(writable) });
      rows += page.length;
      progress(model, rows);
      if (page.length < PAGE) break;
    }
    copied[model] = rows;
  }
  return copied;
}
