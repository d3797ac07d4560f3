// shipyard publish: hash each file, open an upload session, send the bytes (resuming after
// interruptions), then publish the release and print its install page URL.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ApiClient } from "../api-client";
import { CliError, EXIT } from "../exit-codes";
import { sha256OfFile } from "../file-digest";
import type { Output } from "../output";
import { formatBytes } from "../../domain/format";
import { formatRelease } from "../../domain/release-label";
import { ProgressMeter } from "../progress";
import { uploadFile } from "../upload-file";

interface UploadSession {
  id: string;
  uploadUrl: string;
}

interface PublishedRelease {
  id: string;
  version: string;
  build: string;
  channel: string;
  installUrl: string;
  artifacts: { id: string; filename: string; platform: string; sha256: string; sizeBytes: number; validationStatus: string }[];
}

export async function publish(client: ApiClient, args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      app: { type: "string" },
      channel: { type: "string" },
      version: { type: "string" },
      build: { type: "string" },
      notes: { type: "string" },
      "notes-file": { type: "string" },
      platform: { type: "string" },
      promote: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const missing = ["app", "channel", "version", "build"].filter((k) => !values[k as keyof typeof values]);
  if (missing.length > 0) throw new CliError(`missing ${missing.map((m) => `--${m}`).join(", ")}`, EXIT.USAGE);
  if (positionals.length === 0) throw new CliError("give at least one file to publish", EXIT.USAGE);
  if (values.notes !== undefined && values["notes-file"] !== undefined) throw new CliError("use --notes or --notes-file, not both", EXIT.USAGE);
  const notes = values["notes-file"]
    ? await readFile(values["notes-file"], "utf8").catch(() => {
        throw new CliError(`cannot read ${values["notes-file"]}`, EXIT.USAGE);
      })
    : (values.notes ?? "");

  const files = [];
  for (const file of positionals) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new CliError(`not a file: ${file}`, EXIT.USAGE);
    files.push({ file, name: path.basename(file), size: info.size });
  }

  const uploads: string[] = [];
  for (const { file, name, size } of files) {
    const hashing = new ProgressMeter(`hash   ${name}`, size, (line, done) => out.progress(line, done));
    const sha256 = await sha256OfFile(file, (n) => hashing.add(n));
    hashing.finish();
    const session = await client.json<UploadSession>("POST", `/api/v1/apps/${encodeURIComponent(values.app ?? "")}/uploads`, {
      filename: name,
      size,
      sha256,
      ...(values.platform && { platform: values.platform }),
    });
    const sending = new ProgressMeter(`upload ${name}`, size, (line, done) => out.progress(line, done));
    await uploadFile(file, { uploadUrl: session.uploadUrl, size }, sending, { onRetry: (m) => out.info(m) });
    sending.finish();
    uploads.push(session.id);
  }

  const release = await client.json<PublishedRelease>("POST", `/api/v1/apps/${encodeURIComponent(values.app ?? "")}/channels/${encodeURIComponent(values.channel ?? "")}/releases`, {
    version: values.version,
    build: values.build,
    notes,
    uploads,
    promote: values.promote,
  });
  if (values.json) return out.json(release);
  for (const a of release.artifacts) out.info(`  ${a.filename}  ${a.platform}  ${formatBytes(a.sizeBytes)}  ${a.validationStatus}`);
  out.info(`Published ${formatRelease(release)} to ${release.channel}${values.promote ? " and promoted it" : ""}.`);
  out.result(release.installUrl);
}
