// What the tus client needs in Node, for the CLI: a file read slice by slice from disk (memory stays
// flat whatever the file's size) and requests through fetch, as the CLI's other calls are made.
// tus-js-client's own Node stack calls url.parse(), which Node 24 flags with a deprecation
// warning on every run.
import { createReadStream, type ReadStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import type { FileReader, FileSource, HttpRequest, HttpResponse, HttpStack } from "tus-js-client";

/** A slice's stream; tus reads `size` for the request's Content-Length. */
type Slice = ReadStream & { size: number };

/** Opens `path` for tus: each slice is a stream of its bytes, closed when the next one is asked for. */
export function fileSlices(path: string, size: number): FileReader {
  return {
    async openFile(): Promise<FileSource> {
      let current: Slice | null = null;
      const close = () => {
        current?.destroy();
        current = null;
      };
      return {
        size,
        async slice(start, end) {
          // The previous slice's request is over (sent, or cut and retried): let go of its file handle.
          close();
          const stop = Math.min(end, size);
          if (stop <= start) return { value: null, done: true };
          current = Object.assign(createReadStream(path, { start, end: stop - 1, highWaterMark: 1024 * 1024 }), { size: stop - start });
          return { value: current, done: stop >= size };
        },
        close,
      };
    },
  };
}

function answer(res: Response, body: string): HttpResponse {
  return {
    getStatus: () => res.status,
    getHeader: (name) => res.headers.get(name) ?? undefined,
    getBody: () => body,
    getUnderlyingObject: () => res,
  };
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();
  private onProgress: (sent: number) => void = () => {};

  constructor(
    private readonly method: string,
    private readonly url: string,
  ) {}

  getMethod = () => this.method;
  getURL = () => this.url;
  getHeader = (name: string) => this.headers[name.toLowerCase()];
  getUnderlyingObject = () => this.controller;

  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  setProgressHandler(handler: (sent: number) => void): void {
    this.onProgress = handler;
  }

  async send(body: Slice | null): Promise<HttpResponse> {
    let sent = 0;
    // Counted as fetch pulls the bytes, so progress follows the socket, not the disk.
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        sent += chunk.length;
        this.onProgress(sent);
        done(null, chunk);
      },
    });
    // A file that cannot be read fails this request (and is retried), never the process.
    const counted = body?.once("error", (error) => counter.destroy(error)).pipe(counter);
    const res = await fetch(this.url, {
      method: this.method,
      headers: { ...this.headers, ...(body && { "content-length": String(body.size) }) },
      signal: this.controller.signal,
      ...(counted && { body: Readable.toWeb(counted) as ReadableStream, duplex: "half" }),
    } as RequestInit);
    return answer(res, await res.text());
  }

  async abort(): Promise<void> {
    this.controller.abort();
  }
}

export const fetchHttpStack: HttpStack = {
  createRequest: (method, url) => new FetchRequest(method, url),
  getName: () => "FetchHttpStack",
};
