import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";

const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  summary: 1004,
  license: 1014,
  url: 1020,
  os: 1021,
  arch: 1022,
  size: 1009,
  payloadCompressor: 1125,
} as const;
const SIG_SIZE = 1000;
const SIG_LONGSIZE = 270;
const MAX_HEADER_BYTES = 32 * 1024 * 1024;

type HeaderValue = string | string[] | number | number[];

interface RpmHeader {
  values: Map<number, HeaderValue>;
  end: number;
}

/** .rpm: 96-byte lead, signature header (8-aligned), main header. The payload is never read. */
export async function inspectRpm(ctx: InspectContext): Promise<FormatResult> {
  const lead = await ctx.source.read(0, 96, "rpm lead");
  check(lead.readUInt8(4) === 3 || lead.readUInt8(4) === 4, `unsupported rpm version ${lead.readUInt8(4)}`);
  const signature = await readHeader(ctx, 96);
  const mainStart = signature.end + ((8 - (signature.end % 8)) % 8);
  const main = await readHeader(ctx, mainStart);

  // The signature's SIZE is header + compressed payload: a shorter file is truncated.
  const declared = first(signature.values.get(SIG_LONGSIZE)) ?? first(signature.values.get(SIG_SIZE));
  if (typeof declared === "number") {
    check(mainStart + declared <= ctx.source.size, `truncated file: rpm declares ${mainStart + declared} bytes, file has ${ctx.source.size}`);
  }
  const text = (tag: number) => {
    const value = first(main.values.get(tag));
    return typeof value === "string" ? value : undefined;
  };
  const name = text(TAG.name);
  const version = text(TAG.version);
  const release = text(TAG.release);
  check(name && version && release, "rpm header lacks name, version or release");
  const epoch = first(main.values.get(TAG.epoch));
  const isSource = lead.readUInt16BE(6) === 1;
  return {
    metadata: {
      name,
      version,
      release,
      epoch: typeof epoch === "number" ? epoch : undefined,
      arch: isSource ? "src" : text(TAG.arch),
      os: text(TAG.os),
      summary: text(TAG.summary),
      license: text(TAG.license),
      url: text(TAG.url),
      installedSize: first(main.values.get(TAG.size)),
      payloadCompressor: text(TAG.payloadCompressor),
      sourcePackage: isSource,
    },
  };
}

function first(value: HeaderValue | undefined): string | number | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readHeader(ctx: InspectContext, at: number): Promise<RpmHeader> {
  const intro = await ctx.source.read(at, 16, "rpm header");
  check(intro.readUIntBE(0, 3) === 0x8eade8, "bad rpm header magic");
  const count = intro.readUInt32BE(8);
  const storeSize = intro.readUInt32BE(12);
  check(count <= 100_000 && count * 16 + storeSize <= MAX_HEADER_BYTES, "rpm header is too large");
  const body = await ctx.source.read(at + 16, count * 16 + storeSize, "rpm header");
  const store = body.subarray(count * 16);
  const values = new Map<number, HeaderValue>();
  for (let i = 0; i < count; i++) {
    const tag = body.readUInt32BE(i * 16);
    const type = body.readUInt32BE(i * 16 + 4);
    const offset = body.readUInt32BE(i * 16 + 8);
    const n = body.readUInt32BE(i * 16 + 12);
    if (offset >= store.length) continue;
    const value = readValue(store, type, offset, Math.min(n, 4096));
    if (value !== undefined) values.set(tag, value);
  }
  return { values, end: at + 16 + body.length };
}

function readValue(store: Buffer, type: number, offset: number, count: number): HeaderValue | undefined {
  const strings = () => {
    const out: string[] = [];
    let at = offset;
    for (let k = 0; k < count && at < store.length; k++) {
      const end = store.indexOf(0, at);
      const stop = end === -1 ? store.length : end;
      out.push(store.toString("utf8", at, stop));
      at = stop + 1;
    }
    return out;
  };
  const ints = (size: number) => {
    const out: number[] = [];
    for (let k = 0; k < count && offset + (k + 1) * size <= store.length; k++) {
      const at = offset + k * size;
      out.push(size === 8 ? Number(store.readBigUInt64BE(at)) : store.readUIntBE(at, size));
    }
    return out;
  };
  switch (type) {
    case 3:
      return ints(2);
    case 4:
      return ints(4);
    case 5:
      return ints(8);
    case 6:
      return strings()[0];
    case 8:
    case 9:
      return strings();
    default:
      return undefined;
  }
}
