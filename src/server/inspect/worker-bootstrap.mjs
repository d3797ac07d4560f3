// Entry of an inspection worker thread: registers tsx so the TypeScript worker (and everything it
// imports) loads the same way under vitest, plain `tsx` and plain `node`, then starts it.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
