// The measuring client as a process of its own, fresh for each transfer, so the bench's own heap
// (Prisma, servers' bookkeeping) never sits in the measured loop. Prints READY once loaded, starts
// on a line from stdin (so the caller's CPU snapshots exclude start-up), then `RESULT {json}`.
//   tsx bench/lib/client.ts put <url> <file> <size>
//   tsx bench/lib/client.ts get <url> <size>
import { download, putFile } from "./http-client";

const [kind, url = "", a = "", b = ""] = process.argv.slice(2);
process.stdout.write("READY\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdin.pause();
const start = process.cpuUsage();
const result = kind === "put" ? await putFile(url, a, Number(b)) : await download(url, Number(a));
const cpu = process.cpuUsage(start);
process.stdout.write(`RESULT ${JSON.stringify({ ...result, clientCpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
