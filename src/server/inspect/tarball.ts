import type { FormatResult, InspectContext } from "./context";
import { decompressPrefix, type Compression } from "./decompress";
import { check } from "./errors";
import type { Magic } from "./sniff";
import { isTarHeader } from "./tar";

const COMPRESSIONS: Partial<Record<Magic, Compression>> = { gzip: "gzip", xz: "xz", zstd: "zstd", tar: "none" };

/** .tar(.gz|.xz|.zst): only checks that the (decompressed) stream starts with a tar header. */
export async function inspectTarball(ctx: InspectContext, magic: Magic): Promise<FormatResult> {
  if (magic === "bzip2") {
    ctx.warnings.push("bzip2 tarball: contents not checked");
    return { metadata: { compression: "bzip2" } };
  }
  const compression = COMPRESSIONS[magic] ?? "none";
  const prefix = await ctx.source.readUpTo(0, 256 * 1024);
  const head = await decompressPrefix(prefix, compression, 512);
  check(head.length === 512 && isTarHeader(head), `the ${compression === "none" ? "" : `${compression} `}stream is not a tar archive`);
  const firstEntry = head.toString("utf8", 0, 100).replace(/\0.*$/s, "");
  return { metadata: { compression, firstEntry } };
}
