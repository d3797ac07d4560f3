import path from "node:path";
import { ensureBuild } from "../../scripts/lib/build";
import { ensureChromium } from "./chromium";

/** The e2e suite runs Debian's Chromium against a production build, made once per source change. */
export default function setup(): void {
  ensureChromium();
  ensureBuild(path.resolve(import.meta.dirname, "../.."));
}
