import { check } from "./errors";
import type { ArtifactSource } from "./artifact-source";
import { locateCentralDirectory } from "./zip-eocd";

export type ApkSigningScheme = "v2" | "v3" | "v3.1";

export interface ApkBlockSigner {
  scheme: ApkSigningScheme;
  /** DER certificates; the first is the signer's. */
  certificates: Buffer[];
  minSdk?: number;
  maxSdk?: number;
}

const SCHEME_IDS = new Map<number, ApkSigningScheme>([
  [0x7109871a, "v2"],
  [0xf05368c0, "v3"],
  [0x1b93ad61, "v3.1"],
]);
const MAGIC = "APK Sig Block 42";

/**
 * Reads the APK Signing Block that sits right before the central directory (ZIP64-aware, random
 * access) and returns its v2/v3/v3.1 signers. Signatures are not verified.
 */
export async function readApkSigningBlock(source: ArtifactSource, maxBytes: number): Promise<ApkBlockSigner[]> {
  const cd = await locateCentralDirectory(source);
  if (cd.offset < 32) return [];
  const footer = await source.read(cd.offset - 24, 24, "APK signing block footer");
  if (footer.toString("latin1", 8, 24) !== MAGIC) return [];
  const sizeInFooter = Number(footer.readBigUInt64LE(0));
  check(sizeInFooter >= 24 && sizeInFooter <= maxBytes, `APK signing block has a bad size (${sizeInFooter})`);
  const start = cd.offset - sizeInFooter - 8;
  check(start >= 0, "APK signing block starts before the file");
  const block = await source.read(start, sizeInFooter + 8, "APK signing block");
  check(Number(block.readBigUInt64LE(0)) === sizeInFooter, "APK signing block sizes disagree");

  const signers: ApkBlockSigner[] = [];
  const pairsEnd = block.length - 24;
  for (let at = 8; at < pairsEnd; ) {
    check(at + 12 <= pairsEnd, "corrupt APK signing block pair");
    const length = Number(block.readBigUInt64LE(at));
    check(length >= 4 && at + 8 + length <= pairsEnd, "corrupt APK signing block pair");
    const scheme = SCHEME_IDS.get(block.readUInt32LE(at + 8));
    if (scheme) signers.push(...parseSchemeBlock(block.subarray(at + 12, at + 8 + length), scheme));
    at += 8 + length;
  }
  return signers;
}

/** A sequence of uint32-length-prefixed items, as used throughout the v2/v3 block format. */
function lengthPrefixed(buf: Buffer): Buffer[] {
  const items: Buffer[] = [];
  for (let at = 0; at < buf.length; ) {
    check(at + 4 <= buf.length, "corrupt APK signature block");
    const length = buf.readUInt32LE(at);
    check(at + 4 + length <= buf.length, "corrupt APK signature block");
    items.push(buf.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return items;
}

/** Reads one length-prefixed field at `at`; returns it and the offset after it. */
function field(buf: Buffer, at: number): [Buffer, number] {
  check(at + 4 <= buf.length, "corrupt APK signature block");
  const length = buf.readUInt32LE(at);
  check(at + 4 + length <= buf.length, "corrupt APK signature block");
  return [buf.subarray(at + 4, at + 4 + length), at + 4 + length];
}

function parseSchemeBlock(value: Buffer, scheme: ApkSigningScheme): ApkBlockSigner[] {
  const [signersField] = field(value, 0);
  return lengthPrefixed(signersField).map((signer) => {
    const [signedData, afterSignedData] = field(signer, 0);
    const [, afterDigests] = field(signedData, 0);
    const [certificatesField, afterCertificates] = field(signedData, afterDigests);
    const certificates = lengthPrefixed(certificatesField).map((der) => Buffer.from(der));
    if (scheme === "v2") return { scheme, certificates };
    check(afterCertificates + 8 <= signedData.length && afterSignedData + 8 <= signer.length, "corrupt v3 signer");
    return {
      scheme,
      certificates,
      minSdk: signer.readUInt32LE(afterSignedData),
      maxSdk: signer.readUInt32LE(afterSignedData + 4),
    };
  });
}
