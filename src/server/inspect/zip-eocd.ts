import { check } from "./errors";
import type { ArtifactSource } from "./artifact-source";

export interface CentralDirectory {
  offset: number;
  size: number;
  eocdOffset: number;
  zip64: boolean;
}

/** Finds the central directory from the (ZIP64) end-of-central-directory records, by random access. */
export async function locateCentralDirectory(source: ArtifactSource): Promise<CentralDirectory> {
  const tailLength = Math.min(source.size, 0xffff + 22);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength, "zip end of central directory");
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  check(eocd !== -1, "zip end of central directory not found (truncated file?)");
  let offset = tail.readUInt32LE(eocd + 16);
  let size = tail.readUInt32LE(eocd + 12);
  let zip64 = false;
  const locatorAt = tailStart + eocd - 20;
  if (locatorAt >= 0) {
    const locator = await source.read(locatorAt, 20, "zip64 locator");
    if (locator.readUInt32LE(0) === 0x07064b50) {
      const record = await source.read(Number(locator.readBigUInt64LE(8)), 56, "zip64 end of central directory");
      check(record.readUInt32LE(0) === 0x06064b50, "bad zip64 end of central directory signature");
      size = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
      zip64 = true;
    }
  }
  check(offset + size <= source.size, "zip central directory lies beyond the end of the file");
  return { offset, size, eocdOffset: tailStart + eocd, zip64 };
}
