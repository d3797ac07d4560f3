import { type IncomingHttpHeaders, request } from "node:http";
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent: never decompressed. */
  body: Buffer;
}

/**
 * One request with node:http: exactly the headers given (fetch adds and normalises some, e.g.
 * Accept-Encoding, and cannot repeat a header), no redirects followed, no decompression.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string | string[] | number>; body?: Buffer | string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * Sends a request written by hand over a plain TCP socket (methods and targets node:http refuses to
 * send, such as CONNECT or TRACE) and parses the answer's head; the body is what arrived with it
 * (all of it when the answer has a Content-Length or the server closes).
 */
export function rawExchange(baseUrl: string, text: string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      const parsed = parseResponse(received);
      if (!parsed) return reject(new Error(`no HTTP response head in: ${JSON.stringify(received.toString("latin1").slice(0, 200))}`));
      resolve(parsed.response);
    };
    const timer = setTimeout(() => finish(received.length > 0 ? undefined : new Error("no answer")), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed?.complete) finish();
    });
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (error) => finish(received.length > 0 ? undefined : error));
    socket.write(text);
  });
}

function parseResponse(data: Buffer): { response: RawResponse; complete: boolean } | null {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine = "", ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    if (name === "set-cookie") headers["set-cookie"] = [...(headers["set-cookie"] ?? []), value];
    else headers[name] = previous === undefined ? value : `${String(previous)}, ${value}`;
  }
  const body = data.subarray(end + 4);
  const length = headers["content-length"] === undefined ? null : Number(headers["content-length"]);
  const chunkedDone = String(headers["transfer-encoding"] ?? "").includes("chunked") && body.includes("0\r\n\r\n");
  const complete = length !== null ? body.length >= length : chunkedDone || status === 204 || status === 304 || (status >= 100 && status < 200);
  return { response: { status, headers, body: length !== null ? body.subarray(0, length) : body }, complete };
}
