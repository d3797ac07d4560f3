// Preloaded into a benched server (`node --require bench/lib/server-time-probe.cjs`, through
// NODE_OPTIONS) to time each HTTP request inside the server: from the http.Server "request" event
// (headers parsed) to the response's "finish" (its last byte handed to the kernel). It needs nothing
// from the server's own code, so any commit, the baseline included, is measured the same way.
// One line per request, appended to $BENCH_SERVER_TIME_DIR/server-time-<pid>.log:
//   <started ms> <server ms> <status> <method> <url>
// Processes that never serve HTTP (tsx's launcher) write nothing.
const dir = process.env.BENCH_SERVER_TIME_DIR;
if (dir) {
  const fs = require("node:fs");
  const http = require("node:http");
  const path = require("node:path");
  let out = null;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    const [req, res] = args;
    if (event === "request" && res) {
      const started = performance.now();
      res.once("finish", () => {
        out ??= fs.openSync(path.join(dir, `server-time-${process.pid}.log`), "a");
        const url = String(req.url ?? "").split("?")[0];
        fs.writeSync(out, `${started.toFixed(3)} ${(performance.now() - started).toFixed(3)} ${res.statusCode} ${req.method} ${url}\n`);
      });
    }
    return emit.call(this, event, ...args);
  };
}
