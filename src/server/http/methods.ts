// Methods Shipyard does not serve (TRACE, TRACK, PROPFIND, CONNECT…) answer 405 with Allow, in
// front of Next, which rendered pages for some (TRACE / was a 200) and failed on others (500s);
// Node's parser answered 400 to methods it does not know and dropped CONNECT without a word.
// Byte paths name their own methods (node-bytes.ts).
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Everything any Shipyard route takes; Next answers 405 for a route's own missing ones. */
const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function isServedMethod(method: string | undefined): boolean {
  return method !== undefined && SERVED_METHODS.has(method);
}

/** API routes take REST's methods (each route some of them); pages GET, and POST for server actions. */
export function allowedMethodsFor(pathname: string): string {
  return pathname === "/api" || pathname.startsWith("/api/") ? "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" : "GET, HEAD, POST";
}

const BODY = JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "this method is not supported here (see Allow)" } });

export function sendMethodNotAllowed(res: ServerResponse, pathname: string): void {
  res.writeHead(405, { allow: allowedMethodsFor(pathname), "content-type": "application/json", "content-length": String(Buffer.byteLength(BODY)) });
  res.end(BODY);
}

function rawAnswer(status: string, headers: Record<string, string> = {}, text = ""): string {
  const lines = Object.entries({ ...headers, "Content-Length": String(Buffer.byteLength(text)), Connection: "close" }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status}\r\n${lines.join("")}\r\n${text}`;
}

/** A CONNECT request (Node hands it over as a bare socket): 405, then close. */
export function refuseConnect(socket: Duplex, target: string): void {
  socket.on("error", () => {});
  socket.end(rawAnswer("405 Method Not Allowed", { Allow: allowedMethodsFor(target.startsWith("/") ? target : "/"), "Content-Type": "application/json" }, BODY));
}

// Node's own answers to the other parse errors, which a clientError listener replaces.
const NODE_ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "413 Payload Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/**
 * A request Node could not parse. A method its parser does not know (TRACK, anything invented)
 * gets a 405 like any other unsupported method; everything else what Node would have answered.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  // A response already under way, or a peer gone: nothing can be said on this connection.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  if (error.code === "HPE_INVALID_METHOD") {
    const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString("latin1", 0, 2048) : "";
    const target = packet.split("\r\n")[0]?.split(" ")[1] ?? "/";
    socket.end(rawAnswer("405 Method Not Allowed", { Allow: allowedMethodsFor(target.split("?")[0] ?? "/"), "Content-Type": "application/json" }, BODY));
    return;
  }
  socket.end(rawAnswer(NODE_ANSWERS[error.code ?? ""] ?? "400 Bad Request"));
}
