import { check, invalid } from "./errors";
import { childElements, decodeXmlBytes, parseXml, textContent, type XmlElement } from "./mini-xml";

export type PlistValue = string | number | boolean | Date | Buffer | null | PlistValue[] | PlistDict;
export interface PlistDict {
  [key: string]: PlistValue;
}

export interface PlistLimits {
  maxPlistBytes: number;
  maxPlistObjects: number;
  maxDepth: number;
}

/** Parses a binary (`bplist00`) or XML property list, within size, object-count and depth caps. */
export function parsePlist(bytes: Buffer, limits: PlistLimits): PlistValue {
  check(bytes.length <= limits.maxPlistBytes, `property list is too large (${bytes.length} bytes; limit ${limits.maxPlistBytes})`);
  if (bytes.subarray(0, 6).toString("latin1") === "bplist") return parseBinaryPlist(bytes, limits);
  const root = parseXml(decodeXmlBytes(bytes), { maxElements: limits.maxPlistObjects, maxDepth: limits.maxDepth });
  check(root.local === "plist", "not a property list");
  const value = childElements(root)[0];
  return value ? xmlValue(value) : null;
}

export function isDict(value: PlistValue | undefined): value is PlistDict {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}

export function dictOf(value: PlistValue | undefined): PlistDict {
  return isDict(value) ? value : {};
}

export function stringOf(value: PlistValue | undefined): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

export function stringsOf(value: PlistValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function xmlValue(element: XmlElement): PlistValue {
  switch (element.local) {
    case "string":
      return textContent(element);
    case "integer": {
      const text = textContent(element).trim();
      check(/^[+-]?(0x[0-9a-fA-F]+|[0-9]+)$/.test(text), `bad plist integer ${JSON.stringify(text.slice(0, 40))}`);
      return Number(text.replace(/^\+/, ""));
    }
    case "real":
      return Number(textContent(element).trim());
    case "true":
      return true;
    case "false":
      return false;
    case "date": {
      const date = new Date(textContent(element).trim());
      check(!Number.isNaN(date.getTime()), "bad plist date");
      return date;
    }
    case "data":
      return Buffer.from(textContent(element).replace(/\s+/g, ""), "base64");
    case "array":
      return childElements(element).map(xmlValue);
    case "dict": {
      const dict = newDict();
      const items = childElements(element);
      for (let i = 0; i + 1 < items.length; i += 2) {
        const key = items[i];
        const value = items[i + 1];
        check(key?.local === "key" && value !== undefined, "malformed plist dict");
        dict[textContent(key)] = xmlValue(value);
      }
      return dict;
    }
    default:
      return invalid(`unknown plist element <${element.local}>`);
  }
}

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

function parseBinaryPlist(buf: Buffer, limits: PlistLimits): PlistValue {
  check(buf.length >= 40 && buf.toString("latin1", 0, 8) === "bplist00", "unsupported binary plist version");
  const trailer = buf.length - 32;
  const offsetSize = buf.readUInt8(trailer + 6);
  const refSize = buf.readUInt8(trailer + 7);
  const objectCount = Number(buf.readBigUInt64BE(trailer + 8));
  const topObject = Number(buf.readBigUInt64BE(trailer + 16));
  const tableOffset = Number(buf.readBigUInt64BE(trailer + 24));
  check(offsetSize >= 1 && offsetSize <= 8 && refSize >= 1 && refSize <= 8, "corrupt binary plist trailer");
  check(objectCount <= limits.maxPlistObjects, `binary plist has too many objects (${objectCount})`);
  check(topObject < objectCount && tableOffset + objectCount * offsetSize <= trailer, "corrupt binary plist trailer");

  const readUInt = (at: number, size: number): number => {
    check(at >= 0 && at + size <= trailer, "binary plist reference out of range");
    let value = 0;
    for (let k = 0; k < size; k++) value = value * 256 + (buf[at + k] ?? 0);
    return value;
  };
  const offsetOf = (ref: number): number => {
    check(ref < objectCount, "binary plist object reference out of range");
    return readUInt(tableOffset + ref * offsetSize, offsetSize);
  };

  let budget = limits.maxPlistObjects;
  const active = new Set<number>();

  const parse = (ref: number, depth: number): PlistValue => {
    check(depth <= limits.maxDepth, `property list is nested too deeply (limit ${limits.maxDepth})`);
    check(--budget >= 0, "binary plist expands to too many objects");
    check(!active.has(ref), "binary plist contains a reference cycle");
    const at = offsetOf(ref);
    check(at >= 8 && at < tableOffset + objectCount * offsetSize, "binary plist object offset out of range");
    const marker = buf.readUInt8(at);
    const type = marker >> 4;
    const info = marker & 0x0f;
    // Variable-length objects store their length inline (< 15) or as a following int object.
    const lengthAndStart = (): [number, number] => {
      if (info !== 0x0f) return [info, at + 1];
      const intMarker = buf.readUInt8(at + 1);
      check(intMarker >> 4 === 1, "corrupt binary plist length");
      const size = 1 << (intMarker & 0x0f);
      check(size <= 8, "corrupt binary plist length");
      return [readUInt(at + 2, size), at + 2 + size];
    };
    switch (type) {
      case 0x0:
        return info === 0x8 ? false : info === 0x9 ? true : null;
      case 0x1: {
        const size = 1 << info;
        check(size <= 16, "corrupt binary plist integer");
        if (size === 8) return bigToValue(buf.readBigInt64BE(at + 1));
        if (size === 16) return bigToValue(buf.readBigInt64BE(at + 9));
        return readUInt(at + 1, size);
      }
      case 0x2:
        return info === 2 ? buf.readFloatBE(at + 1) : info === 3 ? buf.readDoubleBE(at + 1) : invalid("corrupt binary plist real");
      case 0x3:
        return new Date(APPLE_EPOCH_MS + buf.readDoubleBE(at + 1) * 1000);
      case 0x4: {
        const [length, start] = lengthAndStart();
        check(start + length <= trailer, "binary plist data out of range");
        return Buffer.from(buf.subarray(start, start + length));
      }
      case 0x5: {
        const [length, start] = lengthAndStart();
        check(start + length <= trailer, "binary plist string out of range");
        return buf.toString("latin1", start, start + length);
      }
      case 0x6: {
        const [length, start] = lengthAndStart();
        check(start + length * 2 <= trailer, "binary plist string out of range");
        const swapped = Buffer.from(buf.subarray(start, start + length * 2)).swap16();
        return swapped.toString("utf16le");
      }
      case 0x8:
        return readUInt(at + 1, info + 1);
      case 0xa:
      case 0xc:
      case 0xd: {
        const [count, start] = lengthAndStart();
        const refs = type === 0xd ? count * 2 : count;
        check(count <= objectCount && start + refs * refSize <= trailer, "binary plist collection out of range");
        active.add(ref);
        try {
          if (type !== 0xd) {
            return Array.from({ length: count }, (_, k) => parse(readUInt(start + k * refSize, refSize), depth + 1));
          }
          const dict = newDict();
          for (let k = 0; k < count; k++) {
            const key = parse(readUInt(start + k * refSize, refSize), depth + 1);
            check(typeof key === "string", "binary plist dict key is not a string");
            dict[key] = parse(readUInt(start + (count + k) * refSize, refSize), depth + 1);
          }
          return dict;
        } finally {
          active.delete(ref);
        }
      }
      default:
        return invalid(`unknown binary plist object type 0x${type.toString(16)}`);
    }
  };
  return parse(topObject, 0);
}

/** Null-prototype objects, so a "__proto__" key is just a key. */
function newDict(): PlistDict {
  return Object.create(null) as PlistDict;
}

function bigToValue(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
