import path from "node:path";
import { ensureBuild } from "../../scripts/lib/build";

/** The e2e suite runs against a production build, made once per source change. */
export default function setup(): void {
  ensureBuild(path.resolve(import.meta.dirname, "../.."));
}
