// Transitional: the health service's parts from the composition root, until tRPC's context
// carries them (src/server/composition.ts builds them).
import { serverContext } from "./composition";
import type { SystemHealthDeps } from "./services/system-health";

export async function systemHealthDeps(): Promise<SystemHealthDeps> {
  return (await serverContext()).systemHealth;
}
