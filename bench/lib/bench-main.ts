import { cleanupSync } from "./processes";

/**
 * Runs a bench's main: servers and temp dirs are cleaned up however it ends (done, failed, exit or
 * Ctrl-C), and a failure sets the exit code with its stack.
 */
export function runBench(main: () => Promise<void>, onSignal: (signal: NodeJS.Signals) => void = () => {}): void {
  process.on("exit", cleanupSync);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      onSignal(signal);
      cleanupSync();
      process.exit(130);
    });
  }
  main()
    .catch((error: unknown) => {
      console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    })
    .finally(() => cleanupSync());
}
