import type { FormatResult, InspectContext } from "./context";
import { decompress } from "./decompress";
import { check } from "./errors";
import { childElements, decodeXmlBytes, findElement, firstChild, parseXml, textContent, type XmlElement } from "./mini-xml";

const MAX_TOC = 16 * 1024 * 1024;
const MAX_MEMBER = 4 * 1024 * 1024;

/**
 * .pkg (xar): header, zlib TOC, then `Distribution` (product archives) or `PackageInfo`
 * (component packages) from the heap: package identifiers and versions.
 */
export async function inspectPkg(ctx: InspectContext): Promise<FormatResult> {
  const header = await ctx.source.read(0, 28, "xar header");
  const headerSize = header.readUInt16BE(4);
  const tocCompressed = Number(header.readBigUInt64BE(8));
  const tocLength = Number(header.readBigUInt64BE(16));
  check(headerSize >= 28 && tocCompressed <= MAX_TOC && tocLength <= MAX_TOC, "xar table of contents is too large");
  const tocXml = await decompress(await ctx.source.read(headerSize, tocCompressed, "xar TOC"), "zlib", MAX_TOC);
  const toc = parseXml(decodeXmlBytes(tocXml), { maxElements: 200_000, maxDepth: ctx.limits.maxDepth });
  const heap = headerSize + tocCompressed;
  const tocRoot = findElement(toc, "toc");
  check(tocRoot, "xar archive has no <toc>");
  const files = childElements(tocRoot, "file");
  const signed = firstChild(tocRoot, "signature") !== undefined || firstChild(tocRoot, "x-signature") !== undefined;

  const read = async (file: XmlElement): Promise<string | undefined> => {
    const data = firstChild(file, "data");
    if (!data) return undefined;
    const num = (name: string) => {
      const element = firstChild(data, name);
      return element ? Number(textContent(element).trim()) : Number.NaN;
    };
    const offset = num("offset");
    const length = num("length");
    check(Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0, "bad xar member offsets");
    check(length <= MAX_MEMBER, `xar member is too large (${length} bytes)`);
    const encoding = firstChild(data, "encoding")?.attrs.style ?? "application/octet-stream";
    const raw = await ctx.source.read(heap + offset, length, "xar member");
    if (encoding === "application/x-gzip") return decodeXmlBytes(await decompress(raw, "zlib", MAX_MEMBER));
    check(encoding === "application/octet-stream", `unsupported xar encoding ${encoding}`);
    return decodeXmlBytes(raw);
  };
  const named = (name: string) => files.find((f) => textContent(firstChild(f, "name") ?? f).trim() === name);

  const distribution = named("Distribution");
  if (distribution) {
    const xml = parseXml((await read(distribution)) ?? "", { maxElements: 100_000, maxDepth: ctx.limits.maxDepth });
    const refs = collect(xml, "pkg-ref").filter((r) => r.attrs.id && r.attrs.version);
    const product = firstChild(xml, "product");
    const title = firstChild(xml, "title");
    return {
      metadata: {
        pkgType: "product",
        title: title ? textContent(title).trim() : undefined,
        productId: product?.attrs.id,
        productVersion: product?.attrs.version,
        packages: refs.map((r) => ({ identifier: r.attrs.id, version: r.attrs.version })),
        minimumOsVersion: collect(xml, "os-version")[0]?.attrs.min,
        signed,
      },
    };
  }
  const packageInfo = named("PackageInfo");
  check(packageInfo, "xar archive has neither Distribution nor PackageInfo: not an installer package");
  const info = parseXml((await read(packageInfo)) ?? "", { maxElements: 100_000, maxDepth: ctx.limits.maxDepth });
  check(info.attrs.identifier, "PackageInfo has no identifier");
  return {
    metadata: {
      pkgType: "component",
      packages: [{ identifier: info.attrs.identifier, version: info.attrs.version }],
      signed,
    },
  };
}

function collect(element: XmlElement, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const child of childElements(element)) {
    if (child.local === local) out.push(child);
    collect(child, local, out);
  }
  return out;
}
