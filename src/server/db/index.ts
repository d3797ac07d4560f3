// Transitional view of the composition root's store (src/server/composition.ts) for the modules
// not yet handed their context: one store per process, built there.
import { serverContext } from "../composition";
import type { Store } from "../store/types";

export async function getStore(): Promise<Store> {
  return (await serverContext()).store;
}
