// Transitional: the process's grant codec for modules not yet handed the composition root's
// (src/server/composition.ts). Removed once every caller takes `grants` from its context.
import { authSecret } from "@/env";
import { createGrantCodec, type GrantCodec, type GrantOptions, type VerifiedGrant } from "../crypto/grants";

export type { GrantOptions, VerifiedGrant };

let codec: GrantCodec | undefined;
const grants = (): GrantCodec => (codec ??= createGrantCodec(authSecret()));

export const createDownloadGrant: GrantCodec["createDownloadGrant"] = (...args) => grants().createDownloadGrant(...args);
export const createIconGrant: GrantCodec["createIconGrant"] = (...args) => grants().createIconGrant(...args);
export const readDownloadGrant: GrantCodec["readDownloadGrant"] = (...args) => grants().readDownloadGrant(...args);
export const readIconGrant: GrantCodec["readIconGrant"] = (...args) => grants().readIconGrant(...args);
