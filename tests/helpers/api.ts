import { createHash } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

/** Minimal REST client for tests: the three calls CI makes, with plain fetch. */
export function apiClient(baseUrl: string, token: string) {
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return {
    call,
    async openUpload(app: string, file: string, extra: Record<string, unknown> = {}) {
      const size = statSync(file).size;
      const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
      return call("POST", `/api/v1/apps/${encodeURIComponent(app)}/uploads`, { filename: path.basename(file), size, sha256, ...extra });
    },
    /** Streams a file to an upload URL with PUT. */
    async put(uploadUrl: string, file: string) {
      const res = await fetch(uploadUrl, {
        method: "PUT",
        headers: { "content-length": String(statSync(file).size) },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      return { status: res.status, offset: res.headers.get("upload-offset"), body: await res.text() };
    },
    async uploadFile(app: string, file: string, extra: Record<string, unknown> = {}): Promise<string> {
      const opened = await this.openUpload(app, file, extra);
      if (opened.status !== 201) throw new Error(`upload session: ${opened.status} ${JSON.stringify(opened.body)}`);
      const put = await this.put(String(opened.body.uploadUrl), file);
      if (put.status !== 200) throw new Error(`upload: ${put.status} ${put.body}`);
      return String(opened.body.id);
    },
  };
}
