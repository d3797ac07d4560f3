// Commands that talk to a Shipyard server: whoami, releases list, channels promote|rollback|rollout.
import { parseArgs } from "node:util";
import type { ApiClient } from "../api-client";
import { CliError, EXIT } from "../exit-codes";
import type { Output } from "../output";
import { formatRelease } from "../../domain/release-label";

interface Release {
  id: string;
  version: string;
  build: string;
  channel: string;
  createdAt: string;
}

interface Channel {
  name: string;
  currentReleaseId: string | null;
  previousReleaseId: string | null;
  rolloutPercent: number;
}

export async function whoami(client: ApiClient, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const me = await client.json<{ tokenId: string; name: string; scopes: string[]; appId: string | null; channel: string | null }>("GET", "/api/v1/whoami");
  if (values.json) return out.json(me);
  out.result(`${me.name} (${me.tokenId}): ${me.scopes.join(", ")}${me.appId ? ` — app ${me.appId}${me.channel ? `, channel ${me.channel}` : ""}` : ""}`);
}

export async function releasesList(client: ApiClient, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { app: { type: "string" }, limit: { type: "string", default: "20" }, json: { type: "boolean", default: false } },
  });
  if (!values.app) throw new CliError("--app is required", EXIT.USAGE);
  const page = await client.json<{ items: Release[] }>("GET", `/api/v1/apps/${encodeURIComponent(values.app)}/releases?limit=${Number(values.limit)}`);
  if (values.json) return out.json(page);
  if (page.items.length === 0) return out.info("No releases yet.");
  for (const r of page.items) out.result(`${r.id}  ${formatRelease(r)}  ${r.channel}  ${r.createdAt}`);
}

export async function channelsMove(client: ApiClient, verb: "promote" | "rollback", args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      app: { type: "string" },
      channel: { type: "string" },
      release: { type: "string" },
      rollout: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.app || !values.channel) throw new CliError("--app and --channel are required", EXIT.USAGE);
  if (verb === "promote" && !values.release) throw new CliError("--release <id> is required", EXIT.USAGE);
  const path = `/api/v1/apps/${encodeURIComponent(values.app)}/channels/${encodeURIComponent(values.channel)}/${verb}`;
  const body = verb === "promote" ? { releaseId: values.release, ...(values.rollout && { rolloutPercent: Number(values.rollout) }) } : undefined;
  const channel = await client.json<Channel>("POST", path, body);
  if (values.json) return out.json(channel);
  out.result(`${channel.name} → ${channel.currentReleaseId} (${channel.rolloutPercent}%)`);
}

/** Moves a staged rollout: raise the percent to widen it, leave it to pause, 100 to finish. */
export async function channelsRollout(client: ApiClient, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { app: { type: "string" }, channel: { type: "string" }, percent: { type: "string" }, json: { type: "boolean", default: false } },
  });
  if (!values.app || !values.channel || values.percent === undefined) throw new CliError("--app, --channel and --percent are required", EXIT.USAGE);
  const percent = Number(values.percent);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new CliError(`--percent must be a whole number from 0 to 100, not "${values.percent}"`, EXIT.USAGE);
  const path = `/api/v1/apps/${encodeURIComponent(values.app)}/channels/${encodeURIComponent(values.channel)}`;
  const channel = await client.json<Channel>("PATCH", path, { rolloutPercent: percent });
  if (values.json) return out.json(channel);
  out.result(`${channel.name} → ${channel.currentReleaseId} (${channel.rolloutPercent}%)`);
}
