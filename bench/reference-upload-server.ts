// The plain reference for the upload bench: a minimal Node HTTP server that streams each PUT body
// to a new file while hashing it with SHA-256, fsyncs at the end and answers { size, sha256 }.
// Usage: PORT=… DIR=… tsx bench/reference-upload-server.ts (loopback only; files removed after answering).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

const dir = process.env.DIR ?? "";
const port = Number(process.env.PORT);
let count = 0;

const server = createServer((req, res) => {
  if (req.method !== "PUT") return void res.writeHead(405).end();
  const file = path.join(dir, `upload-${++count}`);
  const hash = createHash("sha256");
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  // flush: the file is fsynced before the stream closes, and pipeline waits for that close.
  pipeline(req, hashing, createWriteStream(file, { flags: "wx", flush: true }))
    .then(() => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ size, sha256: hash.digest("hex") }));
    })
    .catch((error: unknown) => void (res.headersSent ? res.destroy() : res.writeHead(500).end(String(error))))
    .finally(() => void rm(file, { force: true }));
});
server.requestTimeout = 0;
server.listen(port, "127.0.0.1", () => console.log(`reference upload server on 127.0.0.1:${port}`));
