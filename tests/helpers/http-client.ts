import { request } from "node:http";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Set-Cookie values as "name=value" pairs, ready for a Cookie header. */
  cookies: string[];
}

/**
 * One HTTP request with node:http, for what fetch cannot do: send from another loopback address
 * (the server sees 127.0.0.x as a different client), set the Host header as a reverse proxy
 * would, and never follow redirects.
 */
export function httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, localAddress: options.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const setCookie = res.headers["set-cookie"] ?? [];
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          cookies: setCookie.map((c) => c.split(";", 1)[0] ?? ""),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** POSTs a urlencoded form. */
export function postForm(url: string, fields: Record<string, string>, options: { headers?: Record<string, string>; localAddress?: string } = {}): Promise<HttpResponse> {
  const body = new URLSearchParams(fields).toString();
  return httpRequest(url, {
    method: "POST",
    body,
    localAddress: options.localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), ...options.headers },
  });
}
