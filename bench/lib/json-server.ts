// The update-check bench's reference: a plain node:http server answering a small JSON body, as
// small as a Node endpoint gets. PORT from the environment; prints READY once listening.
import { createServer } from "node:http";

const body = JSON.stringify({ status: "up_to_date", build: "42", channel: "stable" });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "cache-control": "private, no-store" });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("READY"));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
