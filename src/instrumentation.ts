// Next.js calls register() once when a server process starts. Background upkeep only makes sense
// in the Node.js server runtime, never during `next build`.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJanitor } = await import("./server/janitor");
  startJanitor();
}
